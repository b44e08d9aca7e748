import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { apply, plan, planDestroy } from '../../src/engine/index.js';
import type { GenesysClient } from '../../src/genesys/client.js';
import { runDoctor, type BlueprintNeeds } from '../../src/preflight/checks.js';
import { needsOf } from '../../src/preflight/requirements.js';
import { loadBlueprintInfo } from '../../src/wizard/blueprint-info.js';
import { businessUnits } from '../../src/sandbox/services/workforcemanagement/models.js';
import { inventory, LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { SHIPPED_RESOURCES } from '../helpers/shipped.js';
import { clientWith, credentialsWith } from '../helpers/permissions.js';
import { main } from '../../src/cli/main.js';
import { OBSERVE_PERMISSIONS } from '../../src/observe/permissions.js';

const communicate: BlueprintNeeds = {
  name: 'communicate-call',
  kinds: ['role', 'oauth-client', 'trigger'],
  topics: ['v2.detail.events.conversation.{id}.user.start', 'v2.detail.events.conversation.{id}.user.end'],
  roles: [{ name: 'Presence API Admin', permissions: ['presence:userPresence:edit'] }],
};
const preBreak: BlueprintNeeds = { name: 'pre-break', kinds: ['presence-definition'], topics: [], requires: ['wfm-business-unit'] };
const teams: BlueprintNeeds = { name: 'teams-presence', kinds: ['trigger'], topics: ['v2.users.{id}.integrationpresence'], requires: ['teams-integration'] };

/** The CLI in-process with these GENESYSCLOUD_* (a child would spend seconds starting): exit code, stdout, stderr. */
async function cli(args: string[], env: Record<string, string>) {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main(['node', 'presence-kit', ...args]);
    return { code: process.exitCode ? Number(process.exitCode) : code, out, err };
  } finally {
    o.mockRestore();
    e.mockRestore();
    process.exitCode = undefined;
    for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}

describe.skipIf(LIVE)('doctor: preflight checks against the sandbox', () => {
  let t: TestTarget;
  let admin: GenesysClient;
  beforeAll(async () => {
    t = await openTestTarget();
    admin = await t.client();
  });
  afterAll(() => t?.close());

  it('passes for the Master Admin client, reading its permissions through the API', async () => {
    const report = await runDoctor({ client: admin, clientId: admin.connection.clientId, where: 'the sandbox', blueprints: [communicate, preBreak] });
    expect(report.checks.map((c) => [c.id, c.status])).toEqual([
      ['connection', 'pass'],
      ['permissions', 'pass'],
      ['event-orchestration', 'pass'],
      ['wfm-business-unit', 'pass'],
    ]);
    expect(report.ok).toBe(true);
    // Which org checks run follows what a manifest requires, not what the blueprint is called.
    const custom = await runDoctor({ client: admin, clientId: admin.connection.clientId, where: 'the sandbox', blueprints: [{ name: 'my-breaks', kinds: [], topics: [], requires: ['wfm-business-unit'] }] });
    expect(custom.checks.map((c) => c.id)).toEqual(['connection', 'permissions', 'wfm-business-unit']);
    const named = await runDoctor({ client: admin, clientId: admin.connection.clientId, where: 'the sandbox', blueprints: [{ ...preBreak, requires: [] }] });
    expect(named.checks.map((c) => c.id)).toEqual(['connection', 'permissions']);
  });

  it('names each missing permission by its Genesys string, and what needs it', async () => {
    const held = [
      'oauth:client:view', 'oauth:client:add', 'oauth:client:edit', 'oauth:client:delete',
      'authorization:role:view', 'authorization:role:add', 'authorization:role:edit', 'authorization:role:delete',
      'processautomation:trigger:view', 'processautomation:trigger:add', 'processautomation:trigger:edit',
      'presence:presenceDefinition:view',
    ];
    const weak = await clientWith(admin, 'doctor weak client', held);
    const report = await runDoctor({ client: weak, clientId: weak.connection.clientId, where: 'the sandbox', blueprints: [communicate] });
    const perms = report.checks.find((c) => c.id === 'permissions')!;
    expect(report.ok).toBe(false);
    expect(perms.status).toBe('fail');
    expect(perms.missing!.map((m) => m.permission)).toEqual(['presence:userPresence:edit', 'processautomation:trigger:delete']);
    expect(perms.detail).toContain('processautomation:trigger:delete (for communicate-call (trigger))');
    expect(perms.detail).toContain('presence:userPresence:edit (for communicate-call (role "Presence API Admin"))');
  });

  it('asks for enough: a client holding exactly what it asks for passes, then applies and destroys all three blueprints', async () => {
    const shipped = loadBlueprintInfo().map((b) => b.needs);
    const exact = await clientWith(admin, 'doctor exact client', needsOf(shipped).map((n) => n.permission));
    const report = await runDoctor({ client: exact, clientId: exact.connection.clientId, where: 'the sandbox', blueprints: shipped });
    expect(report.checks.find((c) => c.id === 'permissions')).toMatchObject({ status: 'pass' });
    // The sandbox checks every call against the endpoint catalog, and a hand-out of a role against what the caller holds.
    const workDir = mkdtempSync(join(tmpdir(), 'pk-doctor-exact-'));
    const made = await apply(await plan({ client: exact, workDir }));
    expect(made.summary.create).toBe(SHIPPED_RESOURCES);
    const gone = await apply(await planDestroy({ client: exact, workDir }));
    expect(gone.steps.filter((s) => s.performed === 'delete').length).toBeGreaterThan(0);
  });

  // Genesys lets a client hand out only the permissions it holds: apply's own preflight must stop an
  // admin short of one permission of a role the blueprint gives its OAuth client before the first
  // write — not after the role and the presence were made, at the client.
  it('an admin short of a permission of the job role is refused before any write, naming it and the hand-out', async () => {
    const preBreak = loadBlueprintInfo().find((b) => b.name === 'pre-break')!.needs;
    const handedOut = preBreak.roles!.flatMap((r) => r.permissions);
    expect(handedOut).toContain('wfm:publishedSchedule:view');
    // Everything doctor asks for pre-break, but the one permission only the job role needs.
    const all = needsOf([preBreak]).map((n) => n.permission);
    const short = await clientWith(admin, 'admin short of wfm', [...all.filter((p) => p !== 'wfm:publishedSchedule:view'), 'authorization:role:view', 'oauth:client:view'], '*');
    const before = await inventory(t);
    const workDir = mkdtempSync(join(tmpdir(), 'pk-handout-'));
    const err = await plan({ client: short, workDir, blueprints: ['pre-break'] })
      .then((p) => apply(p))
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/lacks wfm:publishedSchedule:view \(needed to hand role "Pre-Break Presence Job" to OAuth client "Pre-Break Presence Job"\).*nothing was changed/);
    expect(short.stats.writes).toBe(0);
    const after = await inventory(t);
    expect(after.roles?.length).toBe(before.roles?.length);
    expect(after.presenceDefinitions?.length).toBe(before.presenceDefinitions?.length);
  });

  it('says when the client cannot even read its own permissions, naming what would let it', async () => {
    const blind = await clientWith(admin, 'doctor blind client', ['presence:presenceDefinition:view']);
    const report = await runDoctor({ client: blind, clientId: blind.connection.clientId, where: 'the sandbox', blueprints: [preBreak] });
    const perms = report.checks.find((c) => c.id === 'permissions')!;
    expect(perms.status).toBe('fail');
    expect(perms.fix).toMatch(/oauth:client:view and authorization:role:view/);
  });

  describe('an operator\'s read-only client (doctor --as observer)', () => {
    const widening = /oauth:client:view|authorization:role:view|Master Admin/;

    it('holding the observer role exactly: only its own checks, all passing, and no advice to hold more', async () => {
      const observer = await clientWith(admin, 'doctor observer', OBSERVE_PERMISSIONS, '*');
      const report = await runDoctor({ client: observer, clientId: observer.connection.clientId, where: 'the sandbox', blueprints: [], as: 'observer' });
      expect(report.checks.map((c) => [c.id, c.status])).toEqual([
        ['connection', 'pass'],
        ['observe', 'pass'],
      ]);
      expect(report.ok).toBe(true);
      expect(JSON.stringify(report)).not.toMatch(widening);
    });

    it('short of one of them: names it, and the fix is the observer role — never the admin\'s permissions', async () => {
      const short = await clientWith(admin, 'doctor observer short', OBSERVE_PERMISSIONS.filter((p) => p !== 'architect:flow:view'), '*');
      const report = await runDoctor({ client: short, clientId: short.connection.clientId, where: 'the sandbox', blueprints: [], as: 'observer' });
      const check = report.checks.find((c) => c.id === 'observe')!;
      expect(check).toMatchObject({ status: 'fail', missing: [expect.objectContaining({ permission: 'architect:flow:view' })] });
      expect(check.fix).toMatch(/"Presence Kit Observer" role/);
      expect(JSON.stringify(report)).not.toMatch(widening);
    });

    it('presence-kit doctor --as observer: the operator\'s checks on the CLI; a wrong --as or an admin blueprint is one line, exit 2', async () => {
      const creds = await credentialsWith(admin, 'doctor observer cli', OBSERVE_PERMISSIONS, '*');
      const env = { GENESYSCLOUD_OAUTHCLIENT_ID: creds.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: creds.clientSecret, GENESYSCLOUD_API_URL: t.connection.gatewayUrl! };
      const ok = await cli(['doctor', '--as', 'observer', '--json'], env);
      expect(ok.code, ok.err).toBe(0);
      expect(JSON.parse(ok.out)).toMatchObject({ ok: true, as: 'observer', checks: [{ id: 'connection' }, { id: 'observe', status: 'pass' }] });
      const wrong = await cli(['doctor', '--as', 'nobody'], env);
      expect([wrong.code, wrong.err.trim()]).toEqual([2, 'error: --as must be one of admin, observer, not "nobody"']);
      const mixed = await cli(['doctor', '--as', 'observer', '--blueprint', 'pre-break'], env);
      expect(mixed.code).toBe(2);
      expect(mixed.err).toMatch(/--as observer checks what timeline and watch read.*drop --blueprint pre-break/);
    });

    it("run without --as, the admin's check says the observer's check is doctor --as observer", async () => {
      const observer = await clientWith(admin, 'doctor observer as admin', OBSERVE_PERMISSIONS, '*');
      const report = await runDoctor({ client: observer, clientId: observer.connection.clientId, where: 'the sandbox', blueprints: [], observe: true });
      expect(report.checks.find((c) => c.id === 'permissions')!.fix).toMatch(/presence-kit doctor --as observer/);
    });
  });

  it('warns when teams-presence is chosen and the org has no Microsoft Teams integration', async () => {
    const report = await runDoctor({ client: admin, clientId: admin.connection.clientId, where: 'the sandbox', blueprints: [teams] });
    const check = report.checks.find((c) => c.id === 'teams-integration')!;
    expect(check.status).toBe('warn');
    expect(check.fix).toMatch(/Microsoft Teams integration/);
    expect(report.ok).toBe(true);
    await admin.request('POST', '/api/v2/integrations', { body: { integrationType: { id: 'microsoft-teams' }, name: 'Microsoft Teams' } });
    const again = await runDoctor({ client: admin, clientId: admin.connection.clientId, where: 'the sandbox', blueprints: [teams] });
    expect(again.checks.find((c) => c.id === 'teams-integration')!.detail).toMatch(/Microsoft Teams/);
  });

  it('fails pre-break when WFM has no business unit, naming the fix', async () => {
    const ctx = t.sandbox!.ctx;
    const saved = businessUnits(ctx).list();
    businessUnits(ctx).clear();
    try {
      const report = await runDoctor({ client: admin, clientId: admin.connection.clientId, where: 'the sandbox', blueprints: [preBreak] });
      const check = report.checks.find((c) => c.id === 'wfm-business-unit')!;
      expect(report.ok).toBe(false);
      expect(check).toMatchObject({ status: 'fail', detail: 'WFM has no business unit: pre-break reads scheduled breaks from WFM' });
      expect(check.fix).toMatch(/create a business unit and management unit .* or leave pre-break out/);
    } finally {
      for (const b of saved) businessUnits(ctx).put(b);
    }
  });

  it('fails Event Orchestration when a topic is not offered', async () => {
    const report = await runDoctor({
      client: admin,
      clientId: admin.connection.clientId,
      where: 'the sandbox',
      blueprints: [{ name: 'x', kinds: ['trigger'], topics: ['v2.not.a.topic'] }],
    });
    const check = report.checks.find((c) => c.id === 'event-orchestration')!;
    expect(check.status).toBe('fail');
    expect(check.detail).toContain('v2.not.a.topic');
  });
});
