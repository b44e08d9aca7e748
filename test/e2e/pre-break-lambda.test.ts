import { unzipSync } from 'fflate';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packageLambda } from '../../deploy/package-lambda.js';
import { GenesysClient } from '../../src/genesys/client.js';
import { makeHandler, type LambdaDeps, type ScheduledEvent } from '../../src/jobs/pre-break/lambda.js';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';
import { getUserPresence, setUserPresence, systemPresenceOf } from '../../src/sandbox/services/presence/models.js';
import { agentBreaksStarting, managementUnits } from '../../src/sandbox/services/workforcemanagement/models.js';
import { credentialsWith } from '../helpers/permissions.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';

/** The Lambda handler, invoked with EventBridge scheduled events against the sandbox — from source, and from the packaged zip. */
const NOW = '2026-03-02T09:45:00Z';
const scheduled = (time: string): ScheduledEvent => ({
  version: '0',
  id: 'c1a2b3c4-0000-4000-8000-000000000000',
  'detail-type': 'Scheduled Event',
  source: 'aws.events',
  account: '123456789012',
  time,
  region: 'eu-west-1',
  resources: ['arn:aws:events:eu-west-1:123456789012:rule/presence-kit-pre-break'],
  detail: {},
});

describe.skipIf(LIVE)('pre-break Lambda handler', () => {
  let t: TestTarget;
  let preBreak: string;
  let env: NodeJS.ProcessEnv;
  const logs: string[] = [];
  beforeAll(async () => {
    t = await openTestTarget({ now: NOW, wfmAgents: 300, wfmManagementUnits: 2 });
    const admin = await t.client();
    preBreak = (await admin.request<{ id: string }>('POST', '/api/v2/presencedefinitions', { body: { languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'Break' } })).id;
    env = {
      GENESYSCLOUD_OAUTHCLIENT_ID: t.connection.clientId,
      GENESYSCLOUD_OAUTHCLIENT_SECRET_PARAMETER: '/presence-kit/pre-break/client-secret',
      GENESYSCLOUD_API_URL: t.connection.gatewayUrl,
      PRE_BREAK_ALL_MANAGEMENT_UNITS: 'true',
      PRE_BREAK_PRESENCE_ID: preBreak,
      PRE_BREAK_LEAD: '15m',
      PRE_BREAK_TICK: '1m',
    };
  });
  afterAll(() => t?.close());

  const deps = (over: Partial<LambdaDeps> = {}): LambdaDeps & { ssmReads: string[] } => {
    const ssmReads: string[] = [];
    return {
      env,
      getSecureParameter: async (name) => {
        ssmReads.push(name);
        return t.connection.clientSecret;
      },
      connect: (c) => GenesysClient.connect(c),
      log: (l) => logs.push(l),
      now: () => Date.parse(NOW),
      ssmReads,
      ...over,
    };
  };

  it('runs one tick for the event\'s own minute, reading the secret from SSM once per container; warm ticks use the schedules in memory', async () => {
    const d = deps();
    const handler = makeHandler(d);
    // EventBridge fires a few seconds into the minute; the tick is the minute itself.
    const r = await handler(scheduled('2026-03-02T09:45:07Z'));
    expect(r).toMatchObject({ now: '2026-03-02T09:45:00.000Z', cold: true, refreshed: true });
    expect(r.due).toBeGreaterThan(0);
    expect(r.changed).toBeGreaterThan(0);
    const switched = managementUnits(t.sandbox!.ctx)
      .list()
      .flatMap((m) => m.userIds)
      .filter((id) => getUserPresence(t.sandbox!.ctx, id).presenceDefinition.id === preBreak);
    expect(switched).toHaveLength(r.changed);
    const warm = await handler(scheduled('2026-03-02T09:46:02Z'));
    expect(warm).toMatchObject({ now: '2026-03-02T09:46:00.000Z', cold: false, refreshed: false });
    expect(Object.keys(warm.callsByEndpoint).filter((k) => k.includes('workforcemanagement'))).toEqual([]);
    expect(d.ssmReads).toEqual(['/presence-kit/pre-break/client-secret']);
    // One summary line per tick (then the agents acted on), without the secret.
    const summaries = logs.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => 'due' in l);
    expect(summaries.map((l) => [l.now, l.cold])).toEqual([
      ['2026-03-02T09:45:00.000Z', true],
      ['2026-03-02T09:46:00.000Z', false],
    ]);
    expect(logs.join('\n')).not.toContain(t.connection.clientSecret);
  });

  it('fails the invocation (so Lambda retries) when the tick cannot be done', async () => {
    const handler = makeHandler(deps({ env: { ...env, PRE_BREAK_PRESENCE_ID: '0d0d0d0d-0000-4000-8000-000000000000' } }));
    await expect(handler(scheduled('2026-03-02T09:47:00Z'))).rejects.toThrow(/presence definition 0d0d0d0d-0000-4000-8000-000000000000 not found/);
  });

  it('fails the invocation, naming the permission, when the role cannot see the management units (--all would otherwise find none and succeed)', async () => {
    const short = await credentialsWith(await t.client(), 'lambda without wfm', ['presence:presenceDefinition:view', 'presence:userPresence:edit'], '*');
    const lines: string[] = [];
    const handler = makeHandler(
      deps({ env: { ...env, GENESYSCLOUD_OAUTHCLIENT_ID: short.clientId }, getSecureParameter: async () => short.clientSecret, log: (l) => lines.push(l) }),
    );
    await expect(handler(scheduled('2026-03-02T09:48:00Z'))).rejects.toThrow(/wfm:publishedSchedule:view/);
    expect(lines.join('\n')).toMatch(/pre-break tick failed: .*wfm:publishedSchedule:view/);
  });

  it('near its timeout a tick starts nothing more, logs what it did not do, and fails', async () => {
    const lines: string[] = [];
    const handler = makeHandler(deps({ log: (l) => lines.push(l) }));
    // The invocation has less time left than the margin (10 s): nothing may start.
    const err = await handler(scheduled('2026-03-02T09:48:00Z'), { getRemainingTimeInMillis: () => 9_000 }).catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/deadline reached, not done: the schedule refresh/);
    const summary = JSON.parse(lines[0]!) as { notDone: string[]; apiCalls: number };
    expect(summary.notDone).toEqual(['the schedule refresh']);
    expect(summary.apiCalls).toBe(0);
  });

  it('remembers whom it switched while warm; a cold start adopts who is in Pre-Break but forgets who opted out', async () => {
    const ctx = t.sandbox!.ctx;
    const at = '2026-03-02T10:30:00Z';
    const warmHandler = makeHandler(deps());
    const first = await warmHandler(scheduled(at));
    expect(first.changed).toBeGreaterThan(1);
    const mine = managementUnits(ctx).list().flatMap((m) => m.userIds).filter((id) => getUserPresence(ctx, id).presenceDefinition.id === preBreak);
    // One switched agent puts themselves back On Queue.
    // One whose break is still ahead at the last tick below.
    const stillDue = agentBreaksStarting(ctx, { startMs: Date.parse('2026-03-02T10:32:00Z'), endMs: Date.parse('2026-03-02T10:45:00Z') });
    const optOut = mine.find((id) => stillDue.has(id))!;
    expect(optOut).toBeDefined();
    setUserPresence(ctx, optOut, SYSTEM_PRESENCE_IDS['On Queue'], { primary: true });
    const warm = await warmHandler(scheduled('2026-03-02T10:31:00Z'));
    expect(warm.cold).toBe(false);
    expect(systemPresenceOf(ctx, optOut)).toBe('On Queue');
    // A new container: nothing in memory. Agents in Pre-Break are adopted (left alone, remembered
    // for undo); the one who opted out is due and On Queue again, and is switched once more.
    const coldHandler = makeHandler(deps());
    const cold = await coldHandler(scheduled('2026-03-02T10:32:00Z'));
    expect(cold).toMatchObject({ cold: true, refreshed: true });
    expect(getUserPresence(ctx, optOut).presenceDefinition.id).toBe(preBreak);
    expect(cold.remembered).toBeGreaterThan(1);
  });

  it('the packaged zip runs under Node in its own process, cold then warm, with the tick summary in its log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-lambda-'));
    const pkg = await packageLambda(join(dir, 'pre-break-lambda.zip'));
    const entries = unzipSync(readFileSync(pkg.file));
    expect(Object.keys(entries)).toEqual(['lambda.js']);
    writeFileSync(join(dir, 'lambda.js'), entries['lambda.js']!);
    // What the Lambda runtime does: load the module once, call the handler per event, with a context.
    const runner = `
      const { handler } = require('./lambda.js');
      const ctx = { getRemainingTimeInMillis: () => 55000 };
      (async () => {
        for (const time of process.argv.slice(1)) await handler({ 'detail-type': 'Scheduled Event', source: 'aws.events', time }, ctx);
      })().catch((e) => { console.error(e.message); process.exit(1); });`;
    const out = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolveRun) => {
      const child = spawn(process.execPath, ['-e', runner, '2026-03-02T11:00:03Z', '2026-03-02T11:01:02Z'], {
        cwd: dir,
        env: { PATH: process.env.PATH, ...env, GENESYSCLOUD_OAUTHCLIENT_SECRET: t.connection.clientSecret },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.on('close', (code) => resolveRun({ code, stdout, stderr }));
    });
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const summaries = lines.filter((l) => 'due' in l);
    expect(summaries.map((l) => [l.now, l.cold, l.refreshed])).toEqual([
      ['2026-03-02T11:00:00.000Z', true, true],
      ['2026-03-02T11:01:00.000Z', false, false],
    ]);
    expect(summaries[0]!.due).toBeGreaterThan(0);
    expect(out.stdout).not.toContain(t.connection.clientSecret);
  });
});
