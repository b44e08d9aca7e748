import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { runTick, type TickOptions } from '../../src/jobs/pre-break/run.js';
import type { SandboxContext } from '../../src/sandbox/core/context.js';
import { getUserPresence, systemPresenceOf } from '../../src/sandbox/services/presence/models.js';
import { getRoutingStatus } from '../../src/sandbox/services/users/routing-status.js';
import { agentsWithActivityStarting, managementUnits } from '../../src/sandbox/services/workforcemanagement/models.js';
import type { Exchange } from '../../src/sandbox/server.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The pre-break job under the production profile, where every schedule search is asynchronous
 * (its downloadUrl comes only in the completion notification) and `expand=presence,routingStatus` on
 * `GET /api/v2/users` is best effort (SDK): a due agent whose expansion is missing must still be
 * switched, reading only what is missing, for only those agents, in as few calls as the API allows.
 */
const NOW = '2026-03-02T09:45:00Z';
const NOW_MS = Date.parse(NOW);
const LEAD = 15 * 60_000;

const eligible = (ctx: SandboxContext, id: string) => systemPresenceOf(ctx, id) === 'On Queue' && ['IDLE', 'INTERACTING'].includes(getRoutingStatus(ctx, id).status);
const presences = (ctx: SandboxContext) => new Map(managementUnits(ctx).list().flatMap((m) => m.userIds.map((id) => [id, getUserPresence(ctx, id).presenceDefinition.id] as const)));

describeSandbox('production profile and WFM model', 'pre-break when schedule searches are asynchronous and the users expansion is best effort', () => {
  let t: TestTarget;
  let ctx: SandboxContext;
  let client: GenesysClient;
  let preBreak: string;
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    t = await openTestTarget({ now: NOW, wfmAgents: 600, wfmManagementUnits: 3, rateLimit: 0, profile: 'production', seed: 9, profileTuning: { expansionMissingProbability: 0.3 } });
    ctx = t.sandbox!.ctx;
    client = await t.client({ requestsPerMinute: 0, retry: { baseDelayMs: 5, maxDelayMs: 50 } });
    preBreak = (await client.request<{ id: string }>('POST', '/api/v2/presencedefinitions', { body: { languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'Break' } })).id;
    t.sandbox!.onExchange((e) => exchanges.push(e));
  });
  afterAll(() => t?.close());

  it('switches every due eligible agent, reading presence and routing status only for the agents the expansion left out', async () => {
    const due = [...agentsWithActivityStarting(ctx, { startMs: NOW_MS, endMs: NOW_MS + LEAD })];
    const dueEligible = due.filter((id) => eligible(ctx, id));
    expect(dueEligible.length).toBeGreaterThan(5);
    const before = presences(ctx);
    const opts: TickOptions = { managementUnitIds: [], all: true, categories: ['Break', 'Meal'], leadMs: LEAD, tickMs: 60_000, nowMs: NOW_MS, dryRun: false, presence: { id: preBreak } };
    exchanges.length = 0;
    const r = await runTick(client, opts);

    const after = presences(ctx);
    const changed = [...after].filter(([id, p]) => before.get(id) !== p).map(([id]) => id);
    expect(changed.sort()).toEqual(dueEligible.sort());
    expect(r.changed).toBe(dueEligible.length);
    // Every schedule search went asynchronous (whatever its size) and was awaited to its completion.
    expect(r.managementUnits.map((m) => m.answer)).toEqual(['async', 'async', 'async']);
    expect(r.callsByEndpoint['POST /api/v2/workforcemanagement/businessunits/{id}/agentschedules/search']).toBe(2);

    // What the listing left out, agent by agent — the expansion did drop some of each.
    const listed = exchanges.filter((e) => e.template === '/api/v2/users' && e.status === 200).flatMap((e) => (JSON.parse(e.responseBody) as { entities: Array<{ id: string; presence?: unknown; routingStatus?: unknown }> }).entities);
    const noPresence = listed.filter((u) => !u.presence).map((u) => u.id);
    const noRouting = listed.filter((u) => !u.routingStatus).map((u) => u.id);
    expect(noPresence.length).toBeGreaterThan(0);
    expect(noRouting.length).toBeGreaterThan(0);
    // Presences in bulk, at most 50 a call, for exactly those agents; routing status one call per agent (no bulk read exists).
    const bulk = exchanges.filter((e) => e.template === '/api/v2/users/presences/purecloud/bulk');
    const bulkIds = bulk.flatMap((e) => (JSON.parse(e.responseBody) as Array<{ userId: string }>).map((p) => p.userId));
    expect(bulkIds.sort()).toEqual(noPresence.sort());
    const fewest = exchanges
      .filter((e) => e.template === '/api/v2/users' && e.status === 200)
      .reduce((n, e) => n + Math.ceil((JSON.parse(e.responseBody) as { entities: Array<{ presence?: unknown }> }).entities.filter((u) => !u.presence).length / 50), 0);
    expect(bulk.length).toBe(fewest);
    const routing = exchanges.filter((e) => e.template === '/api/v2/users/{userId}/routingstatus').map((e) => e.path.split('/')[4]!);
    expect(routing.sort()).toEqual(noRouting.sort());
  });
});
