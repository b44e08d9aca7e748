import { unzipSync } from 'fflate';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { packageLambda } from '../../deploy/package-lambda.js';
import { GenesysClient } from '../../src/genesys/client.js';
import { makeHandler, type LambdaDeps, type ScheduledEvent } from '../../src/jobs/pre-break/lambda.js';
import { getUserPresence } from '../../src/sandbox/services/presence/models.js';
import { managementUnits } from '../../src/sandbox/services/workforcemanagement/models.js';
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

  it('runs one tick for the event\'s own minute, reading the secret from SSM once per container', async () => {
    const d = deps();
    const handler = makeHandler(d);
    // EventBridge fires a few seconds into the minute; the tick is the minute itself.
    const r = await handler(scheduled('2026-03-02T09:45:07Z'));
    expect(r.now).toBe('2026-03-02T09:45:00.000Z');
    expect(r.due).toBeGreaterThan(0);
    expect(r.changed).toBeGreaterThan(0);
    const switched = managementUnits(t.sandbox!.ctx)
      .list()
      .flatMap((m) => m.userIds)
      .filter((id) => getUserPresence(t.sandbox!.ctx, id).presenceDefinition.id === preBreak);
    expect(switched).toHaveLength(r.changed);
    await handler(scheduled('2026-03-02T09:46:02Z'));
    expect(d.ssmReads).toEqual(['/presence-kit/pre-break/client-secret']);
    expect(logs.join('\n')).not.toContain(t.connection.clientSecret);
  });

  it('fails the invocation (so Lambda retries) when the tick cannot be done', async () => {
    const handler = makeHandler(deps({ env: { ...env, PRE_BREAK_PRESENCE_ID: '0d0d0d0d-0000-4000-8000-000000000000' } }));
    await expect(handler(scheduled('2026-03-02T09:47:00Z'))).rejects.toThrow(/presence definition 0d0d0d0d-0000-4000-8000-000000000000 not found/);
  });

  it('the packaged zip holds one bundled handler that runs against the sandbox', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-lambda-'));
    const pkg = await packageLambda(join(dir, 'pre-break-lambda.zip'));
    const entries = unzipSync(readFileSync(pkg.file));
    expect(Object.keys(entries)).toEqual(['lambda.js']);
    writeFileSync(join(dir, 'lambda.js'), entries['lambda.js']!);
    const bundled = createRequire(join(dir, 'x.js'))('./lambda.js') as { handler(e: ScheduledEvent): Promise<{ due: number; changed: number }> };
    const saved = { ...process.env };
    Object.assign(process.env, env, { GENESYSCLOUD_OAUTHCLIENT_SECRET: t.connection.clientSecret });
    // CloudWatch gets one JSON line per tick, without the secret.
    const logged = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    try {
      const r = await bundled.handler(scheduled('2026-03-02T09:50:00Z'));
      expect(r.due).toBeGreaterThan(0);
      const lines = logged.mock.calls.map((c) => String(c[0]));
      expect(lines).toHaveLength(1);
      expect(JSON.parse(lines[0]!)).toMatchObject({ due: r.due, changed: r.changed, now: '2026-03-02T09:50:00.000Z' });
      expect(lines[0]).not.toContain(t.connection.clientSecret);
    } finally {
      logged.mockRestore();
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  }, 30_000);
});
