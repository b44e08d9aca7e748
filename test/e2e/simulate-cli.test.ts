import { afterAll, beforeAll, beforeEach, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { runCliWithEnv } from '../helpers/cli.js';
import { PRESENCE, setPresence, setupOriginalCommunicateCall, setupOriginalTeams, someUsers, systemPresence } from '../helpers/simulate.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/** `presence-kit simulate` against a running sandbox named by GENESYSCLOUD_API_URL. */
describeSandbox('control API (simulate drives only a sandbox)', 'presence-kit simulate', () => {
  let t: TestTarget;
  let client: GenesysClient;
  let users: Array<{ id: string; name: string; email: string }>;
  const saved = { ...process.env };

  // In-process, with the GENESYSCLOUD_* each test sets (the target line apart, as helpers/cli.ts splits it).
  const run = (args: string[]) => runCliWithEnv({}, ...args);

  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-03-02T09:00:00.000Z', users: 8 });
    client = await t.client();
    await setupOriginalCommunicateCall(client);
    await setupOriginalTeams(client);
    users = await someUsers(client, 4);
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
    expect(r.stdout).not.toContain('no workflow ran');
    const lines = r.stdout.split('\n');
    const at = (what: string) => lines.find((l) => l.includes(what))?.split(/\s{2,}/)[0];
    expect(at('inbound call starts ringing')).toBe('+00:00');
    expect(at('user answers')).toBe('+00:08');
    expect(at('presence Available → Busy')).toBe('+00:10');
    expect(at('call ends')).toBe('+01:08');
    expect(at('presence Busy → Available')).toBe('+01:08');
    expect(r.stdout).toContain('workflow "Set GC User to Busy" (trigger "Agent joins conversation") completed, 5 data action calls');
    expect(r.stdout).toContain('presence: Available → Busy → Available');
    // The same account as `presence-kit timeline` gives, through its renderer.
    // This org holds the original blueprint's install (helpers/simulate.ts), not presence-kit's: said so.
    expect(r.stdout).toMatch(new RegExp(`\\d\\d:\\d\\d:\\d\\d  ${u.name}  AVAILABLE → BUSY  by Communicate call \\(original blueprint\\) \\("Set GC User to Busy"`));
    expect(r.stdout).toMatch(new RegExp(`${u.name}  BUSY → AVAILABLE  by Communicate call \\(original blueprint\\) \\("Set GC User to Available"`));
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

  it('simulate teams: the Teams status, the workflow it started and the presence it set, on one timeline', async () => {
    const u = users[3]!;
    await setPresence(client, u.id, PRESENCE.Available);
    await fetch(`${t.sandbox!.url}/sandbox/v1/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 1 }) });
    const r = await run(['simulate', 'teams', '--user', u.name, '--status', 'DoNotDisturb']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Simulated Teams status DoNotDisturb for ${u.name}`);
    expect(r.stdout).toMatch(/\+00:00 +Teams reports DoNotDisturb/);
    expect(r.stdout).toContain('workflow "Microsoft Teams Integration Presence Trigger" (trigger "MS Teams presence") completed');
    expect(r.stdout).toMatch(/presence Available → Busy/);
    expect(r.stdout).toContain('presence: Available → Busy');
    expect(r.stdout).toMatch(new RegExp(`${u.name}  AVAILABLE → BUSY  by Teams \\(original blueprint\\) \\("Microsoft Teams Integration Presence Trigger"`));
    expect(await systemPresence(client, u.id)).toBe('Busy');
  });

  it('says what to apply when nothing in the org listens to the call', async () => {
    const bare = await openTestTarget({ now: '2026-03-02T09:00:00.000Z', users: 2 });
    try {
      process.env.GENESYSCLOUD_API_URL = bare.sandbox!.url;
      process.env.GENESYSCLOUD_OAUTHCLIENT_ID = bare.connection.clientId;
      process.env.GENESYSCLOUD_OAUTHCLIENT_SECRET = bare.connection.clientSecret;
      const someone = (await someUsers(await bare.client(), 1))[0]!;
      const r = await run(['simulate', 'call', '--user', someone.id, '--answer-after', '3s', '--duration', '10s']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain('no workflow ran: no trigger listens to call events here — apply the blueprint first: presence-kit apply --blueprint communicate-call');
    } finally {
      await bare.close();
    }
  });

  it('simulate call --queue: an ACD call starts no workflow and leaves the presence as it was', async () => {
    const u = users[0]!;
    await setPresence(client, u.id, PRESENCE.Available);
    await fetch(`${t.sandbox!.url}/sandbox/v1/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 1 }) });
    const r = await run(['simulate', 'call', '--user', u.id, '--queue', '--answer-after', '3s', '--duration', '20s', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { call: { queueId?: string }; executions: unknown[]; presence: { before: string; after: string; changes: unknown[] } };
    expect(out.call.queueId).toBeTruthy();
    expect(out.executions).toEqual([]);
    expect(out.presence).toEqual({ before: 'Available', after: 'Available', changes: [] });
  });

  it('refuses a real org before logging in, saying what to change', async () => {
    delete process.env.GENESYSCLOUD_API_URL;
    process.env.GENESYSCLOUD_REGION = 'eu-west-1';
    const r = await run(['simulate', 'teams', '--user', users[2]!.id, '--status', 'DoNotDisturb']);
    expect(r.code).toBe(1);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
    expect(r.stderr).toContain('simulate drives only a presence-kit sandbox');
    expect(r.stderr).toContain('GENESYSCLOUD_REGION=eu-west-1');
  });

  it.each([
    [['--user', 'nobody@example.com'], 1, '--user: no user with id, email or name "nobody@example.com"'],
    [['--answer-after', 'soon'], 2, '--answer-after: "soon" is not a duration; use e.g. 40s, 2m, 1m30s'],
    [['--duration', '2 minutes'], 2, '--duration: "2 minutes" is not a duration'],
    [['--direction', 'sideways'], 2, '--direction: "sideways" — use inbound or outbound'],
    [['--direction', 'outbound', '--group'], 2, '--group and --queue describe inbound calls'],
    [['--group', '--queue'], 2, 'a call comes through a queue or a group, not both'],
  ])('simulate call %j: one line naming the fix, exit %i, nothing on stdout', async (args, code, message) => {
    const r = await run(['simulate', 'call', ...(args.includes('--user') ? [] : ['--user', users[2]!.id]), ...args]);
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr.replace(/\x1b\[[0-9;]*m/g, '').split('\n').filter(Boolean)).toEqual([expect.stringContaining(message)]);
  });

  it('refuses a gateway that is not a presence-kit sandbox, naming GENESYSCLOUD_API_URL', async () => {
    // A plain HTTP server that answers the login like Genesys but has no /sandbox/v1 control API.
    const { createServer } = await import('node:http');
    const server = createServer((req, res) => {
      if (req.url === '/oauth/token') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ access_token: 'x'.repeat(40), token_type: 'bearer', expires_in: 86400 }));
      } else res.writeHead(404, { 'Content-Type': 'text/plain' }).end('no such page');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      process.env.GENESYSCLOUD_API_URL = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const r = await run(['simulate', 'teams', '--user', users[2]!.id, '--status', 'Away']);
      expect(r.code).toBe(1);
      expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
      expect(r.stderr).toContain('has no sandbox control API: point GENESYSCLOUD_API_URL at `presence-kit sandbox`');
    } finally {
      server.close();
    }
  });
});
