import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { apply, destroy, plan } from '../../src/engine/index.js';
import type { TuningOverrides } from '../../src/sandbox/profile/profile.js';
import type { Exchange } from '../../src/sandbox/server.js';
import { clockPause, describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';
import { onWaits } from '../../src/genesys/waits.js';

/**
 * `apply` and `destroy` of a blueprint under the production profile: flows jobs that stay
 * InProgress for several polls or end Failure with no message (CX as Code polls every 15 s for up
 * to 16 minutes), flow deletes answered 409 for a while (CX as Code retries them for 30 s), and data
 * action creates answered 400 for a while (CX as Code tries any 400 again, 10 attempts in all).
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
    // Each case turns on the accidents it is about; the others stay off unless it names them.
    t = await openTestTarget({ now: NOW, users: 2, rateLimit: 0, profile: 'production', seed, profileTuning: { dataActionBadRequestProbability: 0, ...tuning } });
    const sandbox = t.sandbox!;
    const client = await t.client({ requestsPerMinute: 0, ...clockPause(t) });
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

  const QUIET_FLOWS = { flowJobPolls: { min: 0, max: 0 }, flowJobSilentFailureProbability: 0 };
  const ACTIONS = 8; // communicate-call's data actions
  /** What apply said it was waiting on (the CLI's progress line), in order. */
  function waitsSeen(): { list: string[]; stop: () => void } {
    const list: string[] = [];
    const stop = onWaits((ws) => {
      for (const w of ws) if (!list.includes(w.what)) list.push(w.what);
    });
    return { list, stop };
  }

  it('settles data action creates answered 400 for a while, saying what it waits for, on the sandbox clock', async () => {
    const o = await org(5, { ...QUIET_FLOWS, dataActionBadRequestProbability: 0.6 });
    const before = o.clockMs();
    const waits = waitsSeen();
    const r = await apply(await plan({ client: o.client, workDir: o.workDir, blueprints: ['communicate-call'], set: [] })).finally(waits.stop);
    expect(r.steps.every((s) => s.performed === 'create')).toBe(true);
    const refused = count(o.exchanges, 'POST', '/api/v2/integrations/actions', 400);
    // With this seed and a 60 % refusal rate, several creates were refused before they went through…
    expect(refused).toBeGreaterThan(2);
    expect(count(o.exchanges, 'POST', '/api/v2/integrations/actions', 200)).toBe(ACTIONS);
    const listed = await o.client.request<{ entities: Array<{ name: string }> }>('GET', '/api/v2/integrations/actions', { query: { pageSize: 100 } });
    expect(listed.entities).toHaveLength(ACTIONS);
    // …each refusal announced as a wait that names the action, and waited out on the sandbox clock.
    const announced = waits.list.filter((w) => /^create data action ".+": Genesys answered 400, trying again \(attempt \d+ of 10/.test(w));
    expect(announced).toHaveLength(refused);
    expect(o.clockMs() - before).toBeGreaterThanOrEqual(500 * refused);
  });

  it('settles an authentication action publish answered 400 for a while (teams-presence-outbound)', async () => {
    const o = await org(9, { ...QUIET_FLOWS, dataActionBadRequestProbability: 0.7 });
    const app = (await (await fetch(`${t!.sandbox!.url}/sandbox/v1/graph/app`)).json()) as { tenantId: string; clientId: string; clientSecret: string };
    process.env.PRESENCE_KIT_GRAPH_CLIENT_SECRET = app.clientSecret;
    const waits = waitsSeen();
    try {
      const p = await plan({ client: o.client, workDir: o.workDir, blueprints: ['teams-presence-outbound'], set: [`graphTenantId=${app.tenantId}`, `graphClientId=${app.clientId}`] });
      await apply(p).finally(waits.stop);
    } finally {
      delete process.env.PRESENCE_KIT_GRAPH_CLIENT_SECRET;
    }
    // With this seed the publish was refused before it went through, once, and said so.
    const refused = count(o.exchanges, 'POST', '/api/v2/integrations/actions/{actionId}/draft/publish', 400);
    expect(refused).toBeGreaterThan(0);
    expect(count(o.exchanges, 'POST', '/api/v2/integrations/actions/{actionId}/draft/publish', 200)).toBe(1);
    expect(waits.list.filter((w) => w.startsWith('publish authentication action "'))).toHaveLength(refused);
  });

  it('reports a 400 that never passes after 10 attempts, with Genesys\'s own message', async () => {
    const o = await org(6, { ...QUIET_FLOWS, dataActionBadRequestProbability: 1 });
    const p = await plan({ client: o.client, workDir: o.workDir, blueprints: ['communicate-call'], set: [] });
    await expect(apply(p)).rejects.toThrow(
      /^create data action ".+": Genesys answered 400 to all 10 attempts over 22\.5 s, so it is not a transient refusal: The data action could not be created at this time; try again\. — fix what it names, then apply again$/,
    );
    // Ten attempts at the first action, then apply stopped: nothing after it was tried.
    expect(count(o.exchanges, 'POST', '/api/v2/integrations/actions')).toBe(10);
  });

  it('gives an input error its 10 attempts, then its message: an integration deleted between plan and apply', async () => {
    const o = await org(7, QUIET_FLOWS);
    await apply(await plan({ client: o.client, workDir: o.workDir, blueprints: ['communicate-call'], set: [] }));
    // Someone deletes one of our actions, so the next plan creates it again…
    const actions = (await o.client.request<{ entities: Array<{ id: string; name: string; integrationId: string }> }>('GET', '/api/v2/integrations/actions', { query: { pageSize: 100 } })).entities;
    const gone = actions.find((a) => a.name === 'Get Genesys Cloud User Presence')!;
    await o.client.request('DELETE', `/api/v2/integrations/actions/${gone.id}`);
    const p = await plan({ client: o.client, workDir: o.workDir, blueprints: ['communicate-call'], set: [] });
    // …and then its integration, before the apply.
    await o.client.request('DELETE', `/api/v2/integrations/${gone.integrationId}`);
    const posts = count(o.exchanges, 'POST', '/api/v2/integrations/actions');
    await expect(apply(p)).rejects.toThrow(new RegExp(`all 10 attempts .*integration ${gone.integrationId} does not exist`));
    expect(count(o.exchanges, 'POST', '/api/v2/integrations/actions') - posts).toBe(10);
  });
});
