import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { runTick, PreBreakRunError, type TickOptions } from '../../src/jobs/pre-break/run.js';
import { PreBreakError } from '../../src/jobs/pre-break/wfm.js';
import type { SandboxContext } from '../../src/sandbox/core/context.js';
import { getUserPresence, systemPresenceOf } from '../../src/sandbox/services/presence/models.js';
import { agentsWithActivityStarting, managementUnits } from '../../src/sandbox/services/workforcemanagement/models.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The pre-break job end to end through the SDK against generated WFM schedules. Expectations are
 * computed from the sandbox's own model (schedule generator + presence model), not from the job's
 * planner, so a planning bug cannot agree with itself.
 */
const NOW = '2026-03-02T09:45:00Z';
const NOW_MS = Date.parse(NOW);
const LEAD = 15 * 60_000;
const TICK = 60_000;

async function createPreBreak(client: GenesysClient): Promise<string> {
  const d = await client.request<{ id: string }>('POST', '/api/v2/presencedefinitions', { body: { languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'Break' } });
  return d.id;
}

/** Agents with a Break/Meal activity starting in (now+lead−tick, now+lead], from the sandbox's model. */
const truth = (ctx: SandboxContext, nowMs = NOW_MS) => agentsWithActivityStarting(ctx, { startMs: nowMs + LEAD - TICK, endMs: nowMs + LEAD });

function presences(ctx: SandboxContext): Map<string, string> {
  return new Map(managementUnits(ctx).list().flatMap((m) => m.userIds.map((id) => [id, getUserPresence(ctx, id).presenceDefinition.id] as const)));
}

const base = (presenceId: string): TickOptions => ({
  managementUnitIds: [],
  all: true,
  categories: ['Break', 'Meal'],
  leadMs: LEAD,
  tickMs: TICK,
  nowMs: NOW_MS,
  dryRun: false,
  presence: { id: presenceId },
});

// Sandbox only: the expectations read the sandbox's schedule generator and presence model.
describe.skipIf(LIVE)('pre-break job against generated schedules', () => {
  let t: TestTarget;
  let ctx: SandboxContext;
  let client: GenesysClient;
  let preBreak: string;
  beforeAll(async () => {
    t = await openTestTarget({ now: NOW, wfmAgents: 600, wfmManagementUnits: 3 });
    ctx = t.sandbox!.ctx;
    client = await t.client({ retry: { baseDelayMs: 5, maxDelayMs: 50 } });
    preBreak = await createPreBreak(client);
  });
  afterAll(() => t?.close());

  it('a dry run plans the due agents and changes nothing', async () => {
    const before = presences(ctx);
    const r = await runTick(client, { ...base(preBreak), dryRun: true });
    expect(new Set(r.agents.map((a) => a.userId))).toEqual(truth(ctx));
    expect(r.agents.some((a) => a.outcome === 'would-switch')).toBe(true);
    expect(r.changed).toBe(0);
    expect(r.callsByEndpoint['PUT /api/v2/users/presences/bulk']).toBeUndefined();
    expect(presences(ctx)).toEqual(before);
  });

  it('switches every due On Queue agent to Pre-Break and no one else', async () => {
    const before = presences(ctx);
    const due = truth(ctx);
    const systemBefore = new Map([...due].map((id) => [id, systemPresenceOf(ctx, id)]));
    const dueOnQueue = [...due].filter((id) => systemBefore.get(id) === 'On Queue');
    // The org must make the test able to fail: due agents both On Queue and not.
    expect(dueOnQueue.length).toBeGreaterThan(5);
    expect(due.size - dueOnQueue.length).toBeGreaterThan(2);

    const r = await runTick(client, base(preBreak));
    const after = presences(ctx);
    const changed = [...after].filter(([id, p]) => before.get(id) !== p).map(([id]) => id);
    expect(changed.sort()).toEqual(dueOnQueue.sort());
    for (const id of changed) expect(after.get(id)).toBe(preBreak);
    expect(r.due).toBe(due.size);
    expect(r.changed).toBe(dueOnQueue.length);
    // Agents on break, offline or off queue are left alone, each for the reason the org shows.
    const leftAlone = r.agents.filter((a) => a.outcome === 'left-alone');
    expect(new Set(leftAlone.map((a) => a.action))).toEqual(new Set(['on-break', 'off-queue', 'offline']));
    for (const a of leftAlone) {
      const was = systemBefore.get(a.userId);
      expect(a.presence).toBe(was);
      expect(a.action).toBe(was === 'Break' || was === 'Meal' ? 'on-break' : was === 'Offline' ? 'offline' : 'off-queue');
    }
  });

  it('leaves agents already in Pre-Break alone on a repeated tick', async () => {
    const before = presences(ctx);
    const r = await runTick(client, base(preBreak));
    expect(r.changed).toBe(0);
    expect(r.agents.filter((a) => a.action === 'already-pre-break').length).toBeGreaterThan(0);
    expect(r.callsByEndpoint['PUT /api/v2/users/presences/bulk']).toBeUndefined();
    expect(presences(ctx)).toEqual(before);
  });

  it('reads the same schedules from the download service and from an asynchronous search', async () => {
    const later = NOW_MS + 5 * 60_000;
    const inline = await runTick(client, { ...base(preBreak), nowMs: later, dryRun: true });
    const download = await runTick(client, { ...base(preBreak), nowMs: later, dryRun: true, search: { forceDownloadService: true } });
    const async_ = await runTick(client, { ...base(preBreak), nowMs: later, dryRun: true, search: { forceAsync: true } });
    expect(inline.managementUnits.map((m) => m.answer)).toEqual(['inline', 'inline', 'inline']);
    expect(download.managementUnits.map((m) => m.answer)).toEqual(['download', 'download', 'download']);
    expect(async_.managementUnits.map((m) => m.answer)).toEqual(['async', 'async', 'async']);
    expect(inline.due).toBeGreaterThan(0);
    expect(download.agents).toEqual(inline.agents);
    expect(async_.agents).toEqual(inline.agents);
    expect(download.callsByEndpoint['GET {downloadUrl}']).toBe(3);
    // Processing cannot be waited for with client credentials: each MU is searched again in batches.
    expect(async_.callsByEndpoint['GET /api/v2/workforcemanagement/managementunits/{id}/users']).toBe(3);
    expect(Object.keys(async_.callsByEndpoint).filter((k) => k.includes('/sandbox/'))).toEqual([]);
  });

  it('scopes to the asked-for management units only', async () => {
    const mu = managementUnits(ctx).list()[0]!;
    const r = await runTick(client, { ...base(preBreak), nowMs: NOW_MS + 10 * 60_000, all: false, managementUnitIds: [mu.id], dryRun: true });
    expect(r.managementUnits.map((m) => m.id)).toEqual([mu.id]);
    expect(r.agents.every((a) => mu.userIds.includes(a.userId))).toBe(true);
    expect(r.callsByEndpoint['POST /api/v2/workforcemanagement/managementunits/{id}/agentschedules/search']).toBe(1);
  });

  it('refuses an unknown management unit before changing anything', async () => {
    const err = await runTick(client, { ...base(preBreak), all: false, managementUnitIds: ['00000000-0000-4000-8000-000000000000'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreBreakError);
    expect((err as Error).message).toMatch(/management unit 00000000-0000-4000-8000-000000000000 not found/);
  });

  it('with the presence definition missing: one clear error and nothing changed', async () => {
    const before = presences(ctx);
    const stats = client.stats.byEndpoint()['PUT /api/v2/users/presences/bulk'] ?? 0;
    const err = await runTick(client, { ...base('9d9c5a1e-0000-4000-8000-000000000000'), nowMs: NOW_MS + 20 * 60_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreBreakError);
    expect((err as Error).message).toMatch(/presence definition 9d9c5a1e-0000-4000-8000-000000000000 not found.*no presence was changed/);
    const byName = await runTick(client, { ...base(''), presence: { name: 'Pre Break Typo' } }).catch((e: unknown) => e);
    expect((byName as Error).message).toMatch(/no active presence definition named "Pre Break Typo"/);
    expect(client.stats.byEndpoint()['PUT /api/v2/users/presences/bulk'] ?? 0).toBe(stats);
    expect(presences(ctx)).toEqual(before);
  });

  it('finds the presence by name', async () => {
    const r = await runTick(client, { ...base(''), presence: { name: 'pre-break' }, dryRun: true });
    expect(r.presenceDefinition.id).toBe(preBreak);
  });

  it('survives 5xx answers mid-run: retries and still switches every due On Queue agent', async () => {
    const at = NOW_MS + 30 * 60_000;
    const dueOnQueue = [...truth(ctx, at)].filter((id) => systemPresenceOf(ctx, id) === 'On Queue');
    expect(dueOnQueue.length).toBeGreaterThan(0);
    const retriesBefore = client.stats.retries;
    t.sandbox!.faults.probability = 0.35;
    try {
      const r = await runTick(client, { ...base(preBreak), nowMs: at });
      expect(r.changed).toBe(dueOnQueue.length);
    } finally {
      t.sandbox!.faults.probability = 0;
    }
    expect(client.stats.retries).toBeGreaterThan(retriesBefore);
    for (const id of dueOnQueue) expect(getUserPresence(ctx, id).presenceDefinition.id).toBe(preBreak);
  });

  it('throws after switching everyone it could when one management unit fails', async () => {
    const at = NOW_MS + 35 * 60_000;
    const [broken, ...healthy] = managementUnits(ctx).list();
    const due = truth(ctx, at);
    const expected = healthy.flatMap((m) => m.userIds).filter((id) => due.has(id) && systemPresenceOf(ctx, id) === 'On Queue');
    expect(expected.length).toBeGreaterThan(0);
    // The MU now names a business unit that does not exist: its activity codes and search answer 404.
    managementUnits(ctx).put({ ...broken!, businessUnitId: '0b0b0b0b-0000-4000-8000-000000000000' });
    try {
      const err = await runTick(client, { ...base(preBreak), nowMs: at }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PreBreakRunError);
      const r = (err as PreBreakRunError).result;
      expect(r.errors.join('\n')).toMatch(/0b0b0b0b-0000-4000-8000-000000000000/);
      expect(r.changed).toBe(expected.length);
      for (const id of expected) expect(getUserPresence(ctx, id).presenceDefinition.id).toBe(preBreak);
    } finally {
      managementUnits(ctx).put(broken!);
    }
  });
});

describe.skipIf(LIVE)('pre-break job at 10,000 agents across 4 management units', () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await openTestTarget({ now: NOW, wfmAgents: 10_000, wfmManagementUnits: 4 });
  });
  afterAll(() => t?.close());

  it('handles them in one tick within the call bound', async () => {
    const client = await t.client();
    const preBreak = await createPreBreak(client);
    const ctx = t.sandbox!.ctx;
    const due = truth(ctx);
    const dueOnQueue = [...due].filter((id) => systemPresenceOf(ctx, id) === 'On Queue');
    const r = await runTick(client, base(preBreak));
    expect(r.due).toBe(due.size);
    expect(r.changed).toBe(dueOnQueue.length);
    expect(r.due).toBeGreaterThan(100);
    const searchCalls = Object.entries(r.callsByEndpoint)
      .filter(([k]) => /agentschedules\/search|downloadUrl|operations/.test(k))
      .reduce((a, [, v]) => a + v, 0);
    expect(r.managementUnits.map((m) => m.answer)).toEqual(['download', 'download', 'download', 'download']);
    expect(r.apiCalls).toBeLessThanOrEqual(3 + searchCalls + 2 * Math.ceil(r.due / 50));
    expect(r.callsByEndpoint['GET /api/v2/users/presences/purecloud/bulk']).toBe(Math.ceil(r.due / 50));
    expect(r.callsByEndpoint['PUT /api/v2/users/presences/bulk']).toBe(Math.ceil(dueOnQueue.length / 50));
  });
});
