import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { apply, destroy, plan } from '../../src/engine/index.js';
import type { TuningOverrides } from '../../src/sandbox/profile/profile.js';
import type { Exchange } from '../../src/sandbox/server.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * `apply` and `destroy` of a blueprint's workflows under the production profile: flows jobs that
 * stay InProgress for several polls or end Failure with no message (CX as Code polls every 15 s for
 * up to 16 minutes), and flow deletes answered 409 for a while (CX as Code retries them for 30 s).
 * The kit's pauses between polls run on the sandbox clock here (Connection.pause), so nothing sleeps.
 */
const NOW = '2026-03-02T09:00:00.000Z';
const WORKFLOWS = 2; // communicate-call: Set GC User to Busy, Set GC User to Available

describeSandbox('production profile', 'apply and destroy when Architect is slow', () => {
  let t: TestTarget | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function org(seed: number, tuning: TuningOverrides) {
    // Transient 400s on data actions are settled by another change (#20): not this file's subject.
    t = await openTestTarget({ now: NOW, users: 2, rateLimit: 0, profile: 'production', seed, profileTuning: { dataActionBadRequestProbability: 0, ...tuning } });
    const sandbox = t.sandbox!;
    const client = await t.client({ requestsPerMinute: 0, pause: (ms) => sandbox.ctx.clock.advance(ms) });
    const exchanges: Exchange[] = [];
    sandbox.onExchange((e) => exchanges.push(e));
    const workDir = mkdtempSync(join(tmpdir(), 'pk-apply-prod-'));
    return { client, exchanges, workDir, clockMs: () => sandbox.ctx.clock.now() };
  }
  const count = (xs: Exchange[], method: string, template: string, status?: number) => xs.filter((e) => e.method === method && e.template === template && (status === undefined || e.status === status)).length;
  const workflows = async (client: GenesysClient) =>
    (await client.request<{ entities: Array<{ name: string }> }>('GET', '/api/v2/flows', { query: { type: 'workflow', pageSize: 100 } })).entities.map((f) => f.name).sort();

  it('settles flows jobs that take several polls and ones that fail without a message, waiting on the sandbox clock', async () => {
    const o = await org(1, { flowJobPolls: { min: 2, max: 5 }, flowJobSilentFailureProbability: 0.4 });
    const before = o.clockMs();
    const p = await plan({ client: o.client, workDir: o.workDir, blueprints: ['communicate-call'], set: [] });
    const r = await apply(p);
    expect(r.steps.every((s) => s.performed === 'create')).toBe(true);
    expect(await workflows(o.client)).toEqual(['Set GC User to Available', 'Set GC User to Busy']);
    const jobs = count(o.exchanges, 'POST', '/api/v2/flows/jobs');
    const polls = count(o.exchanges, 'GET', '/api/v2/flows/jobs/{jobId}');
    // With this seed, at least one job failed without a message and was run again…
    expect(jobs).toBeGreaterThan(WORKFLOWS);
    // …and every job took at least two polls, the pauses between them sandbox time, not real time.
    expect(polls).toBeGreaterThanOrEqual(2 * jobs);
    expect(o.clockMs() - before).toBeGreaterThanOrEqual(250 * jobs);
  });

  it('stops after three silent failures of one import, saying which jobs failed', async () => {
    const o = await org(4, { flowJobPolls: { min: 1, max: 1 }, flowJobSilentFailureProbability: 1 });
    const p = await plan({ client: o.client, workDir: o.workDir, blueprints: ['communicate-call'], set: [] });
    await expect(apply(p)).rejects.toThrow(/failed without a message 3 time\(s\) \(jobs [0-9a-f-]{36}, [0-9a-f-]{36}, [0-9a-f-]{36}\)/);
  });

  it('destroy retries a flow delete answered 409 until it goes through', async () => {
    const o = await org(8, { flowJobPolls: { min: 1, max: 1 }, flowJobSilentFailureProbability: 0, flowDeleteConflictProbability: 0.6 });
    await apply(await plan({ client: o.client, workDir: o.workDir, blueprints: ['communicate-call'], set: [] }));
    await destroy({ client: o.client, workDir: o.workDir, blueprints: ['communicate-call'] });
    expect(count(o.exchanges, 'DELETE', '/api/v2/flows/{flowId}', 409)).toBeGreaterThan(0);
    expect(await workflows(o.client)).toEqual([]);
  });
});
