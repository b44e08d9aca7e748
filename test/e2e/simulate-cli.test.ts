import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { main } from '../../src/cli/main.js';
import { PRESENCE, setPresence, setupOriginalCommunicateCall, someUsers } from '../helpers/simulate.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';

/** `presence-kit simulate` against a running sandbox named by GENESYSCLOUD_API_URL. */
describe.skipIf(LIVE)('presence-kit simulate', () => {
  let t: TestTarget;
  let client: GenesysClient;
  let users: Array<{ id: string; name: string; email: string }>;
  const saved = { ...process.env };

  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((c: string | Uint8Array) => ((stdout += String(c)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((c: string | Uint8Array) => ((stderr += String(c)), true));
    try {
      const code = await main(['node', 'presence-kit', ...args]);
      return { code, stdout, stderr };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-03-02T09:00:00.000Z', users: 6 });
    client = await t.client();
    await setupOriginalCommunicateCall(client);
    users = await someUsers(client, 3);
  });
  beforeEach(() => {
    process.exitCode = undefined;
    for (const k of Object.keys(process.env)) if (k.startsWith('GENESYSCLOUD_')) delete process.env[k];
    process.env.GENESYSCLOUD_OAUTHCLIENT_ID = t.connection.clientId;
    process.env.GENESYSCLOUD_OAUTHCLIENT_SECRET = t.connection.clientSecret;
    process.env.GENESYSCLOUD_API_URL = t.sandbox!.url;
  });
  afterAll(async () => {
    process.env = saved;
    await t?.close();
  });

  it('prints a readable presence timeline for an inbound call, the user named by email', async () => {
    const u = users[0]!;
    await setPresence(client, u.id, PRESENCE.Available);
    const r = await run(['simulate', 'call', '--user', u.email, '--answer-after', '8s', '--duration', '1m']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Simulated inbound call for ${u.name}`);
    const lines = r.stdout.split('\n');
    const at = (what: string) => lines.find((l) => l.includes(what))?.split(/\s{2,}/)[0];
    expect(at('inbound call starts ringing')).toBe('+00:00');
    expect(at('user answers')).toBe('+00:08');
    expect(at('presence Available → Busy')).toBe('+00:10');
    expect(at('call ends')).toBe('+01:08');
    expect(at('presence Busy → Available')).toBe('+01:08');
    expect(r.stdout).toContain('workflow "Set GC User to Busy" (trigger "Agent joins conversation") completed, 5 data action calls');
    expect(r.stdout).toContain('presence: Available → Available');
  });

  it('--json gives the executions with every step', async () => {
    const u = users[1]!;
    await setPresence(client, u.id, PRESENCE.Available);
    // Let a moment pass, so the set-up change is not part of the simulation's timeline.
    await fetch(`${t.sandbox!.url}/sandbox/v1/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 1 }) });
    const r = await run(['simulate', 'call', '--user', u.id, '--answer-after', '45s', '--duration', '30s', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { executions: Array<{ name: string; status: string; steps: Array<{ action: string }> }>; presence: { changes: unknown[] } };
    expect(out.executions.map((e) => [e.name, e.status])).toEqual([
      ['Set GC User to Busy', 'COMPLETED'],
      ['Set GC User to Available', 'COMPLETED'],
    ]);
    expect(out.executions[0]!.steps.filter((s) => s.action === 'wait')).toHaveLength(5);
    // Answered after 45 s: the original flow gave up at 25 s, and the user was never Busy.
    expect(out.presence.changes).toEqual([]);
  });

  it('refuses a real org before logging in, saying what to change', async () => {
    delete process.env.GENESYSCLOUD_API_URL;
    process.env.GENESYSCLOUD_REGION = 'eu-west-1';
    const r = await run(['simulate', 'teams', '--user', users[2]!.id, '--status', 'DoNotDisturb']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('simulate drives only a presence-kit sandbox');
    expect(r.stderr).toContain('GENESYSCLOUD_REGION=eu-west-1');
  });

  it('names an unknown user and a bad duration in one line', async () => {
    const a = await run(['simulate', 'call', '--user', 'nobody@example.com']);
    expect(a.code).toBe(1);
    expect(a.stderr).toContain('--user: no user with id, email or name "nobody@example.com"');
    const b = await run(['simulate', 'call', '--user', users[2]!.id, '--answer-after', 'soon']);
    expect(b.code).toBe(2);
    expect(b.stderr).toContain('--answer-after: "soon" is not a duration');
  });
});
