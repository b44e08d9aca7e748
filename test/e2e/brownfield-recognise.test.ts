import { expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { runDoctor } from '../../src/preflight/checks.js';
import { desiredForPreflight } from '../../src/preflight/desired.js';
import { loadBlueprintInfo } from '../../src/wizard/blueprint-info.js';
import { runCli } from '../helpers/cli.js';
import { setupThreeOriginals, useBrownfield } from '../helpers/originals.js';
import { describeSandbox } from '../helpers/target.js';

/**
 * An org where the original guides or their Terraform already ran: doctor names the install
 * before anything is asked — which blueprint, how much of it, which triggers run — and never says
 * "Ready" when plan would stop on a name someone else holds.
 */
const THREE = ['communicate-call', 'teams-presence', 'teams-presence-outbound'];

describeSandbox('inventory', 'brownfield: an existing install is recognised', () => {
  const b = useBrownfield('pk-brownfield-');

  it('a hand-made "Presence API Admin" role: doctor is not Ready, as plan is not, and names the role and the ways on', async () => {
    const role = await b.admin.request<{ id: string }>('POST', '/api/v2/authorization/roles', { body: { name: 'Presence API Admin', permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }] } });
    const doctor = await runCli(b.t, 'doctor', '--blueprint', 'communicate-call');
    expect(doctor.code).toBe(1);
    expect(doctor.stdout).not.toContain('Ready: nothing blocks');
    expect(doctor.stdout).toContain('role "Presence API Admin" (not presence-kit\'s): differs in');
    expect(doctor.stdout).toContain('--adopt role/Presence API Admin');
    const plan = await runCli(b.t, 'plan', '--blueprint', 'communicate-call');
    expect(plan.code).not.toBe(0);
    expect(plan.stderr).toContain('Presence API Admin');
    // Answered (taken over), it no longer blocks.
    const answered = await runCli(b.t, 'doctor', '--blueprint', 'communicate-call', '--adopt', 'role/Presence API Admin', '--json');
    const checks = JSON.parse(answered.stdout).checks as Array<{ id: string; status: string }>;
    expect(checks.find((c) => c.id === 'existing-install')?.status).toBe('warn');
    await b.admin.request('DELETE', `/api/v2/authorization/roles/${role.id}`);
  });

  it('a variable plan would refuse against the org (a presence typo) fails doctor too', async () => {
    const doctor = await runCli(b.t, 'doctor', '--blueprint', 'teams-presence', '--set', 'protectedPresences=On Queue,Brake', '--json');
    expect(doctor.code).toBe(1);
    const inputs = (JSON.parse(doctor.stdout) as { checks: Array<{ id: string; status: string; detail: string }> }).checks.find((c) => c.id === 'inputs')!;
    expect(inputs.status).toBe('fail');
    expect(inputs.detail).toContain('Brake');
    expect((await runCli(b.t, 'plan', '--blueprint', 'teams-presence', '--set', 'protectedPresences=On Queue,Brake')).code).not.toBe(0);
  });

  it('three original blueprints installed: which, how many entities, which triggers are enabled, what differs — in under 30 requests', async () => {
    await setupThreeOriginals(b.admin);
    const { desired, deployment } = desiredForPreflight(THREE, { env: {} });
    const info = loadBlueprintInfo().filter((b) => THREE.includes(b.name));
    const fresh = await GenesysClient.connect(b.t.connection);
    const before = fresh.stats.total;
    const report = await runDoctor({ client: fresh, clientId: fresh.connection.clientId, where: 'the sandbox', blueprints: info.map((b) => b.needs), existing: { desired, deployment } });
    const requests = fresh.stats.total - before;
    expect(requests, JSON.stringify(fresh.stats.byEndpoint())).toBeLessThan(30);
    const existing = report.existing!;
    expect(report.ok).toBe(false);
    // Which triggers, by name: two created in the same millisecond list in either order (the sandbox lists by dateCreated, then by random id).
    expect(existing.originals.map((o) => [o.blueprint, o.entities.length, o.triggers.filter((x) => x.enabled).map((x) => x.name).sort()])).toEqual([
      ['communicate-call', 9, ['Agent joins conversation', 'Agent leaves conversation']],
      // The guide names its integration as communicate-call's does: both integrations count, with their actions.
      ['teams-presence', 8, ['MS Teams presence']],
      ['teams-presence-outbound', 6, ['Agent joins conversation', 'Agent leaves conversation']],
    ]);
    // Names presence-kit would use, held by the originals: each with its field-by-field differences.
    const table = existing.taken.find((x) => x.ref === 'data-table/MsTeamsPresenceMappings')!;
    expect(table.changes.map((c) => c.field)).toContain('description');
    expect(existing.taken.map((x) => x.ref)).toEqual(expect.arrayContaining(['integration/Update Genesys Cloud User Presence', 'workflow/Set GC User to Busy', 'workflow/Microsoft Teams Integration Presence Trigger']));
    // The originals' triggers run on the events the kit's would.
    expect(existing.overlaps.map((o) => o.foreign.name).sort()).toEqual(['Agent joins conversation', 'Agent joins conversation', 'Agent leaves conversation', 'Agent leaves conversation', 'MS Teams presence']);
    const check = report.checks.find((c) => c.id === 'existing-install')!;
    expect(check.status).toBe('fail');
    expect(check.lines!.join('\n')).toContain('"Agent joins conversation" → Set GC User to Busy');
  });
});
