import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main as script } from '../../scripts/pre-break.js';
import { main } from '../../src/cli/main.js';
import { splitTarget } from '../helpers/cli.js';
import { credentialsWith } from '../helpers/permissions.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { tempDir } from './wizard-helpers.js';

/**
 * A command in-process (a child would spend seconds starting tsx): exit code, stdout, stderr —
 * less the leading `target: …` line the CLI prints first (kept in `target`; the standalone script
 * prints none).
 */
async function captured(run: () => Promise<number>) {
  let out = '';
  let err = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await run();
    const o = splitTarget(out);
    const e = splitTarget(err);
    return { code, out: o.rest, err: e.rest, target: o.target ?? e.target };
  } finally {
    o.mockRestore();
    e.mockRestore();
  }
}

const run = (args: string[]) => captured(() => main(['node', 'presence-kit', ...args]));

/** `presence-kit pre-break` as a user runs it: flags in, a table or one JSON document out, exit codes. */
describe.skipIf(LIVE)('presence-kit pre-break (CLI)', () => {
  let t: TestTarget;
  const saved = { ...process.env };
  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-03-02T09:45:00Z', wfmAgents: 200, wfmManagementUnits: 2 });
    const admin = await t.client();
    await admin.request('POST', '/api/v2/presencedefinitions', { body: { languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'Break' } });
    Object.assign(process.env, {
      GENESYSCLOUD_OAUTHCLIENT_ID: t.connection.clientId,
      GENESYSCLOUD_OAUTHCLIENT_SECRET: t.connection.clientSecret,
      GENESYSCLOUD_API_URL: t.connection.gatewayUrl,
    });
  });
  afterAll(async () => {
    for (const k of ['GENESYSCLOUD_OAUTHCLIENT_ID', 'GENESYSCLOUD_OAUTHCLIENT_SECRET', 'GENESYSCLOUD_API_URL']) if (!(k in saved)) delete process.env[k];
    await t?.close();
  });

  it('--dry-run prints the plan as a table: agent, break start, current presence, action', async () => {
    const r = await run(['pre-break', '--all', '--now', '2026-03-02T09:45:00Z', '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Dry run at 2026-03-02T09:45:00.000Z/);
    expect(r.out).toMatch(/AGENT\s+MANAGEMENT UNIT\s+BREAK START\s+CATEGORY\s+PRESENCE\s+ACTION/);
    expect(r.out).toMatch(/2026-03-02T10:00:00Z\s+(Break|Meal)\s+On Queue\s+set Pre-Break/);
    expect(r.out).toMatch(/agent\(s\) due, \d+ would be switched to Pre-Break; \d+ API call\(s\)/);
  });

  it('without --now, the tick is the sandbox clock\'s "now" (months behind this machine\'s here), not the machine\'s', async () => {
    const r = await run(['pre-break', '--all', '--dry-run']);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Dry run at 2026-03-02T09:45:00.000Z/);
    expect(r.out).toMatch(/2026-03-02T10:00:00Z\s+(Break|Meal)\s+On Queue\s+set Pre-Break/);
  });

  it('--json prints one document with due, changed, apiCalls, callsByEndpoint and agents', async () => {
    const r = await run(['pre-break', '--all', '--now', '2026-03-02T09:45:00Z', '--json', '--presence-name', 'Pre-Break']);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { due: number; changed: number; apiCalls: number; callsByEndpoint: Record<string, number>; agents: Array<{ outcome: string }> };
    expect(Object.keys(doc).slice(0, 5)).toEqual(['due', 'changed', 'apiCalls', 'callsByEndpoint', 'agents']);
    expect(doc.changed).toBe(doc.agents.filter((a) => a.outcome === 'switched').length);
    expect(doc.changed).toBeGreaterThan(0);
    expect(doc.apiCalls).toBe(Object.values(doc.callsByEndpoint).reduce((a, b) => a + b, 0));
    expect(r.out).not.toContain(t.connection.clientSecret);
  });

  it('bad input: one line naming the fix, non-zero exit', async () => {
    const none = await run(['pre-break']);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/--management-unit ID \(repeatable\) or --all/);
    const lead = await run(['pre-break', '--all', '--lead', 'soon']);
    expect(lead.code).toBe(2);
    expect(lead.err.trim().split('\n')).toHaveLength(1);
    const missing = await run(['pre-break', '--all', '--presence-id', '0e0e0e0e-0000-4000-8000-000000000000']);
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/presence definition 0e0e0e0e-0000-4000-8000-000000000000 not found/);
  });

  it('the standalone script (cron, containers) takes the same flags: 0 done, 1 failed, 2 bad settings', async () => {
    const ok = await captured(() => script(['--all', '--now', '2026-03-02T09:50:00Z', '--json']));
    expect(ok.code, ok.err).toBe(0);
    const doc = JSON.parse(ok.out) as { now: string; due: number; changed: number };
    expect(doc.now).toBe('2026-03-02T09:50:00.000Z');
    expect(doc.changed).toBeGreaterThan(0);
    const bad = await captured(() => script(['--all', '--every', '5m', '--tick', '1m']));
    expect(bad.code).toBe(2);
    expect(bad.err).toBe('error: --every (5m) and --tick (1m) must be the same: --every is how often the loop ticks; give only --every\n');
    const failed = await captured(() => script(['--all', '--presence-name', 'No Such Presence']));
    expect(failed.code).toBe(1);
    expect(failed.err).toMatch(/^error: no active presence definition named "No Such Presence"/);
    expect(ok.out + bad.err + failed.err).not.toContain(t.connection.clientSecret);
  });

  it('--all with a role that sees no management unit exits 1 naming the missing permission, not "0 agent(s) due"', async () => {
    const short = await credentialsWith(await t.client(), 'script without wfm', ['presence:presenceDefinition:view', 'presence:userPresence:edit'], '*');
    const env = { GENESYSCLOUD_OAUTHCLIENT_ID: process.env.GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET: process.env.GENESYSCLOUD_OAUTHCLIENT_SECRET };
    Object.assign(process.env, { GENESYSCLOUD_OAUTHCLIENT_ID: short.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: short.clientSecret });
    try {
      const r = await captured(() => script(['--all', '--now', '2026-03-02T09:55:00Z']));
      expect(r.code).toBe(1);
      expect(r.err).toMatch(/^error: no management unit visible to this OAuth client: its role needs wfm:publishedSchedule:view/);
      expect(r.out).not.toMatch(/agent\(s\) due/);
    } finally {
      Object.assign(process.env, env);
    }
  });
});

describe.skipIf(LIVE)('presence-kit pre-break on the embedded sandbox', () => {
  const cwd = process.cwd();
  const saved = { ...process.env };
  afterAll(() => {
    process.chdir(cwd);
    Object.assign(process.env, saved);
  });

  it('runs after `apply pre-break` with no GENESYSCLOUD_*: the job logs in with its own client to the restarted sandbox, on the minute', async () => {
    for (const k of Object.keys(process.env)) if (k.startsWith('GENESYSCLOUD_') || k.startsWith('PRESENCE_KIT_')) delete process.env[k];
    const dir = tempDir('pk-pb-embedded-');
    process.chdir(dir);
    const applied = await run(['apply', '--sandbox', '--blueprint', 'pre-break', '--yes']);
    expect(applied.code, applied.err).toBe(0);
    // The credentials file names the port the sandbox had during apply, which is gone now.
    const r = await run(['pre-break', '--all', '--dry-run', '--json']);
    expect(r.err).toBe('');
    // Its own client, at the restarted sandbox — said first, on stderr under --json.
    expect(r.target).toMatch(/^target: http:\/\/127\.0\.0\.1:\d+, client [0-9a-f-]{36}$/);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out) as { now: string; presenceDefinition: { name: string }; managementUnits: unknown[] };
    expect(doc.presenceDefinition.name).toBe('Pre-Break');
    expect(doc.managementUnits.length).toBeGreaterThan(0);
    // No --now: a single run is evaluated as of its aligned minute, whatever second it started.
    expect(doc.now).toMatch(/T\d\d:\d\d:00\.000Z$/);

    // It is the job's client that logs in (not the sandbox admin): a wrong secret in the file is refused.
    const file = join(dir, '.presence-kit', 'pre-break.credentials.json');
    writeFileSync(file, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), clientSecret: 'not-the-secret' }));
    const refused = await run(['pre-break', '--all', '--dry-run']);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/^error: .*invalid_client.*the OAuth client in .*pre-break\.credentials\.json was refused: run `presence-kit apply --blueprint pre-break`/);
  });
});
