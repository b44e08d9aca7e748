import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { PreBreakJob, runTick, PreBreakRunError, type TickOptions } from '../../src/jobs/pre-break/run.js';
import { DEFAULT_SEARCH, PreBreakError } from '../../src/jobs/pre-break/wfm.js';
import type { SandboxContext } from '../../src/sandbox/core/context.js';
import { getUserPresence, systemPresenceOf } from '../../src/sandbox/services/presence/models.js';
import { getRoutingStatus } from '../../src/sandbox/services/users/routing-status.js';
import { agentsWithActivityStarting, managementUnits } from '../../src/sandbox/services/workforcemanagement/models.js';
import { PRE_BREAK_PERMISSIONS } from '../../src/jobs/pre-break/permissions.js';
import { clientWith } from '../helpers/permissions.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The pre-break job end to end through the SDK against generated WFM schedules. Expectations are
 * computed from the sandbox's own model (schedule generator + presence and routing status), not
 * from the job's planner, so a planning bug cannot agree with itself.
 */
const NOW = '2026-03-02T09:45:00Z';
const NOW_MS = Date.parse(NOW);
const LEAD = 15 * 60_000;
const TICK = 60_000;

async function createPreBreak(client: GenesysClient): Promise<string> {
  const d = await client.request<{ id: string }>('POST', '/api/v2/presencedefinitions', { body: { languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'Break' } });
  return d.id;
}

/** Agents with a Break/Meal activity starting in (now, now + lead], from the sandbox's model. */
const truth = (ctx: SandboxContext, nowMs = NOW_MS) => agentsWithActivityStarting(ctx, { startMs: nowMs, endMs: nowMs + LEAD });
/** On Queue and IDLE or INTERACTING: the agents the job may switch. */
const eligible = (ctx: SandboxContext, id: string) => systemPresenceOf(ctx, id) === 'On Queue' && ['IDLE', 'INTERACTING'].includes(getRoutingStatus(ctx, id).status);

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

/**
 * These files read each answer Genesys gives a schedule search (inline, download, asynchronous)
 * on purpose, so under PRESENCE_KIT_TEST_PROFILE=production a search keeps the size rules; the
 * production profile's asynchronous-at-any-size searches are test/e2e/pre-break-production.test.ts.
 */
const ANSWER_KINDS = { scheduleSearchAsyncProbability: 0 };

const SEARCH = 'POST /api/v2/workforcemanagement/businessunits/{id}/agentschedules/search';
const READ = 'GET /api/v2/users';
const PUT = 'PUT /api/v2/users/presences/bulk';

// Sandbox only: the expectations read the sandbox's schedule generator and presence model.
describe.skipIf(LIVE)('pre-break job against generated schedules', () => {
  let t: TestTarget;
  let ctx: SandboxContext;
  let client: GenesysClient;
  let preBreak: string;
  beforeAll(async () => {
    t = await openTestTarget({ now: NOW, wfmAgents: 600, wfmManagementUnits: 3, profileTuning: ANSWER_KINDS });
    ctx = t.sandbox!.ctx;
    client = await t.client({ retry: { baseDelayMs: 5, maxDelayMs: 50 } });
    preBreak = await createPreBreak(client);
  });
  afterAll(() => t?.close());

  it('a dry run plans every agent with a break in the window and changes nothing', async () => {
    const before = presences(ctx);
    const r = await runTick(client, { ...base(preBreak), dryRun: true });
    expect(new Set(r.agents.map((a) => a.userId))).toEqual(truth(ctx));
    expect(r.window).toEqual({ start: '2026-03-02T09:45:00.000Z', end: '2026-03-02T10:00:00.000Z' });
    expect(r.agents.some((a) => a.outcome === 'would-switch')).toBe(true);
    expect(r).toMatchObject({ changed: 0, cold: true, refreshed: true });
    expect(r.callsByEndpoint[PUT]).toBeUndefined();
    expect(presences(ctx)).toEqual(before);
  });

  it('switches every due On Queue agent who is IDLE or INTERACTING, and no one else', async () => {
    const before = presences(ctx);
    const due = [...truth(ctx)];
    const dueEligible = due.filter((id) => eligible(ctx, id));
    const systemBefore = new Map(due.map((id) => [id, systemPresenceOf(ctx, id)]));
    // The org must make the test able to fail: due agents both eligible and not.
    expect(dueEligible.length).toBeGreaterThan(5);
    expect(due.length - dueEligible.length).toBeGreaterThan(2);

    const r = await runTick(client, base(preBreak));
    const after = presences(ctx);
    const changed = [...after].filter(([id, p]) => before.get(id) !== p).map(([id]) => id);
    expect(changed.sort()).toEqual(dueEligible.sort());
    for (const id of changed) expect(after.get(id)).toBe(preBreak);
    expect(r.due).toBe(due.length);
    expect(r.changed).toBe(dueEligible.length);
    // Reads: presence and routing status together, 100 agents a call.
    expect(r.callsByEndpoint[READ]).toBe(Math.ceil(due.length / 100));
    const leftAlone = r.agents.filter((a) => a.outcome === 'left-alone');
    expect(new Set(leftAlone.map((a) => a.action))).toEqual(new Set(['on-break', 'off-queue', 'offline']));
    for (const a of leftAlone) {
      const was = systemBefore.get(a.userId);
      expect(a.presence).toBe(was);
      expect(a.action).toBe(was === 'Break' || was === 'Meal' ? 'on-break' : was === 'Offline' ? 'offline' : 'off-queue');
    }
  });

  it('a cold job finds the agents already in Pre-Break and leaves them alone', async () => {
    const before = presences(ctx);
    const r = await runTick(client, base(preBreak));
    expect(r.changed).toBe(0);
    expect(r.agents.filter((a) => a.action === 'already-pre-break').length).toBeGreaterThan(0);
    expect(r.callsByEndpoint[PUT]).toBeUndefined();
    expect(presences(ctx)).toEqual(before);
  });

  it('searches schedules per business unit, and reads the same breaks inline, from the download service and after an asynchronous answer', async () => {
    const later = NOW_MS + 5 * 60_000;
    const opts = { ...base(preBreak), nowMs: later, dryRun: true };
    const inline = await runTick(client, { ...opts, search: { batchSize: 250 } });
    const download = await runTick(client, opts);
    const async_ = await runTick(client, { ...opts, search: { forceAsync: true } });
    expect(inline.managementUnits.map((m) => m.answer)).toEqual(['inline', 'inline', 'inline']);
    expect(download.managementUnits.map((m) => m.answer)).toEqual(['download', 'download', 'download']);
    expect(async_.managementUnits.map((m) => m.answer)).toEqual(['async', 'async', 'async']);
    expect(inline.due).toBeGreaterThan(0);
    expect(download.agents).toEqual(inline.agents);
    expect(async_.agents).toEqual(inline.agents);
    // Three management units of one business unit: one search for 600 agents, not one per MU.
    expect(download.callsByEndpoint[SEARCH]).toBe(1);
    expect(download.callsByEndpoint['GET {downloadUrl}']).toBe(1);
    expect(inline.callsByEndpoint[SEARCH]).toBe(3);
    // Processing is awaited on the client's notification channel (its completion comes only there):
    // the channel opens on the first Processing, and the batch is asked once more now that it listens.
    expect(async_.callsByEndpoint[SEARCH]).toBe(2);
    expect(async_.callsByEndpoint['POST /api/v2/notifications/channels']).toBe(1);
    expect(Object.keys(async_.callsByEndpoint).filter((k) => k.includes('/sandbox/') || k.includes('managementunits/{id}/agentschedules'))).toEqual([]);
  });

  it('scopes to the asked-for management units only', async () => {
    const mu = managementUnits(ctx).list()[0]!;
    const r = await runTick(client, { ...base(preBreak), nowMs: NOW_MS + 10 * 60_000, all: false, managementUnitIds: [mu.id], dryRun: true });
    expect(r.managementUnits.map((m) => m.id)).toEqual([mu.id]);
    expect(r.agents.length).toBeGreaterThan(0);
    expect(r.agents.every((a) => mu.userIds.includes(a.userId))).toBe(true);
    expect(r.callsByEndpoint[SEARCH]).toBe(1);
  });

  it('refuses an unknown management unit before changing anything', async () => {
    const err = await runTick(client, { ...base(preBreak), all: false, managementUnitIds: ['00000000-0000-4000-8000-000000000000'] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreBreakError);
    expect((err as Error).message).toMatch(/management unit 00000000-0000-4000-8000-000000000000 not found/);
  });

  it('with the presence definition missing: one clear error and nothing changed', async () => {
    const before = presences(ctx);
    const stats = client.stats.byEndpoint()[PUT] ?? 0;
    const err = await runTick(client, { ...base('9d9c5a1e-0000-4000-8000-000000000000'), nowMs: NOW_MS + 20 * 60_000 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreBreakError);
    expect((err as Error).message).toMatch(/presence definition 9d9c5a1e-0000-4000-8000-000000000000 not found.*no presence was changed/);
    const byName = await runTick(client, { ...base(''), presence: { name: 'Pre Break Typo' } }).catch((e: unknown) => e);
    expect((byName as Error).message).toMatch(/no active presence definition named "Pre Break Typo"/);
    expect(client.stats.byEndpoint()[PUT] ?? 0).toBe(stats);
    expect(presences(ctx)).toEqual(before);
  });

  it('finds the presence by name', async () => {
    const r = await runTick(client, { ...base(''), presence: { name: 'pre-break' }, dryRun: true });
    expect(r.presenceDefinition.id).toBe(preBreak);
  });

  it('survives 5xx answers mid-run: retries and still switches every due eligible agent', async () => {
    const at = NOW_MS + 30 * 60_000;
    const dueEligible = [...truth(ctx, at)].filter((id) => eligible(ctx, id));
    expect(dueEligible.length).toBeGreaterThan(0);
    const retriesBefore = client.stats.retries;
    t.sandbox!.faults.probability = 0.35;
    try {
      const r = await runTick(client, { ...base(preBreak), nowMs: at });
      expect(r.changed).toBe(dueEligible.length);
    } finally {
      t.sandbox!.faults.probability = 0;
    }
    expect(client.stats.retries).toBeGreaterThan(retriesBefore);
    for (const id of dueEligible) expect(getUserPresence(ctx, id).presenceDefinition.id).toBe(preBreak);
  });

  it('throws after switching everyone it could when one business unit fails', async () => {
    const at = NOW_MS + 35 * 60_000;
    const [broken, ...healthy] = managementUnits(ctx).list();
    const due = truth(ctx, at);
    const expected = healthy.flatMap((m) => m.userIds).filter((id) => due.has(id) && eligible(ctx, id));
    expect(expected.length).toBeGreaterThan(0);
    // The MU now names a business unit that does not exist: its activity codes answer 404.
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

  describe("every permission of the job's role earns its place; a missing one is never silent", () => {
    const at = (minutes: number) => NOW_MS + minutes * 60_000;
    const failure = (e: unknown) => (e instanceof PreBreakRunError ? [e.message, ...e.result.errors].join('\n') : e instanceof Error ? e.message : String(e));

    it('with exactly PRE_BREAK_PERMISSIONS (in every division) the job switches every due eligible agent', async () => {
      const exact = await clientWith(client, 'pre-break exact', PRE_BREAK_PERMISSIONS, '*');
      const dueEligible = [...truth(ctx, at(40))].filter((id) => eligible(ctx, id));
      expect(dueEligible.length).toBeGreaterThan(0);
      const r = await runTick(exact, { ...base(preBreak), nowMs: at(40) });
      expect(r.changed).toBe(dueEligible.length);
    });

    it.each(PRE_BREAK_PERMISSIONS.map((p, i) => [p, i] as const))('without %s, --all fails and names it, and switches nobody', async (missing, i) => {
      const nowMs = at(45 + 5 * i);
      expect([...truth(ctx, nowMs)].filter((id) => eligible(ctx, id)).length, 'the window must hold agents to switch').toBeGreaterThan(0);
      const short = await clientWith(client, `pre-break without ${missing}`, PRE_BREAK_PERMISSIONS.filter((p) => p !== missing), '*');
      const before = presences(ctx);
      const err = await runTick(short, { ...base(preBreak), nowMs }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(Error);
      expect(failure(err)).toContain(missing);
      expect(presences(ctx)).toEqual(before);
    });
  });
});

describe.skipIf(LIVE)('pre-break job at 10,000 agents across 4 management units', () => {
  let t: TestTarget;
  let preBreak: string;
  beforeAll(async () => {
    t = await openTestTarget({ now: NOW, wfmAgents: 10_000, wfmManagementUnits: 4, profileTuning: ANSWER_KINDS });
    preBreak = await createPreBreak(await t.client());
  });
  afterAll(() => t?.close());

  it('a cold tick: one refresh per business unit, then reads and writes that follow the agents due', async () => {
    const client = await t.client();
    const ctx = t.sandbox!.ctx;
    const due = truth(ctx);
    const dueEligible = [...due].filter((id) => eligible(ctx, id));
    const r = await runTick(client, base(preBreak));
    expect(r.due).toBe(due.size);
    expect(r.changed).toBe(dueEligible.length);
    expect(r.due).toBeGreaterThan(100);
    expect(r.managementUnits.map((m) => m.answer)).toEqual(['download', 'download', 'download', 'download']);
    // 10,000 agents in one business unit, DEFAULT_SEARCH.batchSize (2,500) per search.
    expect(r.callsByEndpoint[SEARCH]).toBe(Math.ceil(10_000 / DEFAULT_SEARCH.batchSize));
    expect(r.callsByEndpoint[READ]).toBe(Math.ceil(r.due / 100));
    // Switches gathered across reads: one write per 50 switched.
    expect(r.callsByEndpoint[PUT]).toBe(Math.ceil(dueEligible.length / 50));
  });

  it('at its deadline a tick starts no new work, says what it did not do and fails; the next tick catches up', async () => {
    const client = await t.client();
    const ctx = t.sandbox!.ctx;
    const at = NOW_MS + 2 * TICK;
    const job = new PreBreakJob(client, base(preBreak));
    // The deadline falls once two status reads have started: counted in calls, not in time.
    const readsBefore = client.stats.byEndpoint()[READ] ?? 0;
    const deadline = { timeLeftMs: () => ((client.stats.byEndpoint()[READ] ?? 0) - readsBefore < 2 ? 1 : 0) };
    const err = await job.tick(at, deadline).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PreBreakRunError);
    const r = (err as PreBreakRunError).result;
    const reads = r.callsByEndpoint[READ]!;
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(reads).toBeLessThan(Math.ceil(r.due / 100));
    const unread = r.due - reads * 100;
    expect(r.notDone).toEqual([`${unread} due agent(s) not read`]);
    expect((err as Error).message).toMatch(/deadline reached, not done: \d+ due agent\(s\) not read/);
    expect(r.agents.filter((a) => a.outcome === 'not-done')).toHaveLength(unread);
    // Earliest breaks first: every agent read has a break no later than every agent not read.
    const readStarts = r.agents.filter((a) => a.outcome !== 'not-done').map((a) => a.breakStart).sort();
    const unreadStarts = r.agents.filter((a) => a.outcome === 'not-done').map((a) => a.breakStart).sort();
    expect(readStarts.at(-1)! <= unreadStarts[0]!).toBe(true);

    const next = await job.tick(at + TICK);
    expect(next.refreshed).toBe(false);
    expect(next.notDone).toEqual([]);
    const dueNow = truth(ctx, at + TICK);
    const missed = [...dueNow].filter((id) => eligible(ctx, id));
    expect(missed).toEqual([]);
  });
});
