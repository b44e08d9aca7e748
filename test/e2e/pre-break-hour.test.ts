import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { PreBreakJob, type TickResult } from '../../src/jobs/pre-break/run.js';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';
import type { SandboxContext } from '../../src/sandbox/core/context.js';
import { getUserPresence, setUserPresence, systemPresenceOf } from '../../src/sandbox/services/presence/models.js';
import { getRoutingStatus, recordRoutingStatus } from '../../src/sandbox/services/users/routing-status.js';
import { agentBreakStarts, agentBreaksStarting, managementUnits } from '../../src/sandbox/services/workforcemanagement/models.js';
import { editScheduledActivity } from '../../src/sandbox/services/workforcemanagement/schedule-edits.js';
import { LIVE, openTestTarget, PRODUCTION, type TestTarget } from '../helpers/target.js';

/**
 * One simulated hour of the long-running job (`--every 1m --refresh 10m`): 60 ticks, one per
 * sandbox-clock minute (moved with POST /sandbox/v1/clock), over 2,400 agents in 5 management
 * units of 2 business units. Before each tick the script moves agents — late On-Queue agents,
 * NOT_RESPONDING agents who recover (and some who never do), agents who go back On Queue after
 * being switched, one cancelled break and one moved break. After each tick it compares what the
 * job changed with what the sandbox's own model says it should have:
 *  - every agent with a break in (now, now + lead] who is On Queue and IDLE/INTERACTING, and was
 *    not yet switched for that break, is switched in this tick — nobody else is;
 *  - nobody is switched twice for one break;
 *  - only the agents whose break was cancelled or moved are put back On Queue, and they are.
 */
const T0 = Date.parse('2026-03-02T09:50:00Z');
const MIN = 60_000;
const LEAD = 15 * MIN;

const eligible = (ctx: SandboxContext, id: string) => systemPresenceOf(ctx, id) === 'On Queue' && ['IDLE', 'INTERACTING'].includes(getRoutingStatus(ctx, id).status);

describe.skipIf(LIVE)('pre-break over one simulated hour at 1-minute ticks', () => {
  let t: TestTarget;
  let ctx: SandboxContext;
  let client: GenesysClient;
  let preBreak: string;
  beforeAll(async () => {
    // Seeded 5 minutes before the hour: the schedules' busy start falls inside it.
    t = await openTestTarget({ now: new Date(T0 - 5 * MIN).toISOString(), wfmAgents: 2400, wfmManagementUnits: 5, rateLimit: 0 });
    ctx = t.sandbox!.ctx;
    client = await t.client({ requestsPerMinute: 100_000 });
    preBreak = (await client.request<{ id: string }>('POST', '/api/v2/presencedefinitions', { body: { languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'Break' } })).id;
    await clock({ now: new Date(T0).toISOString() });
  });
  afterAll(() => t?.close());

  /** Sets the sandbox clock (an absolute time, so asking twice is harmless) and answers its time. */
  async function clock(body: { now: string }): Promise<number> {
    const set = () => fetch(`${t.sandbox!.url}/sandbox/v1/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    // A kept-alive connection the server closed while a long tick ran fails once with ECONNRESET.
    const res = await set().catch(() => set());
    return Date.parse(((await res.json()) as { now: string }).now);
  }

  it('switches every due eligible agent in the tick it becomes eligible, once per break, touches nobody else, and puts back cancelled and moved breaks', async () => {
    const all = managementUnits(ctx).list().flatMap((m) => m.userIds);
    expect(new Set(managementUnits(ctx).list().map((m) => m.businessUnitId)).size).toBe(2);
    // Each agent's first break in the hour (from break − lead at T0 to the end), as the model has it.
    const firstBreak = agentBreaksStarting(ctx, { startMs: T0 + 20 * MIN, endMs: T0 + 55 * MIN });
    // Scripted agents have no earlier break in the hour, so the one above is theirs.
    const earlier = agentBreaksStarting(ctx, { startMs: T0, endMs: T0 + 20 * MIN });
    const pick = (n: number, pred: (id: string) => boolean, taken: Set<string>) => {
      const out = [...firstBreak.keys()].filter((id) => !taken.has(id) && !earlier.has(id) && pred(id)).slice(0, n);
      out.forEach((id) => taken.add(id));
      return out;
    };
    const taken = new Set<string>();
    const onQueue = (id: string) => systemPresenceOf(ctx, id) === 'On Queue';
    const late = pick(12, (id) => systemPresenceOf(ctx, id) === 'Available', taken);
    const notResponding = pick(12, onQueue, taken);
    const recovers = notResponding.slice(0, 8);
    const optOut = pick(5, onQueue, taken);
    const [cancelled, moved] = pick(2, onQueue, taken);
    expect(late).toHaveLength(12);
    expect(notResponding).toHaveLength(12);
    expect(optOut).toHaveLength(5);
    expect(moved).toBeDefined();
    for (const id of notResponding) recordRoutingStatus(ctx, id, 'NOT_RESPONDING');

    // Scripted moves, by minute of the hour.
    const at = (id: string, minutesBefore: number) => Math.round((firstBreak.get(id)! - minutesBefore * MIN - T0) / MIN);
    const script = new Map<number, Array<() => void>>();
    const on = (m: number, f: () => void) => script.set(m, [...(script.get(m) ?? []), f]);
    for (const id of late) on(at(id, 10), () => setUserPresence(ctx, id, SYSTEM_PRESENCE_IDS['On Queue'], { primary: true }));
    for (const id of recovers) on(at(id, 7), () => recordRoutingStatus(ctx, id, 'IDLE'));
    // Switched at break − 15; back On Queue by themselves three minutes later.
    for (const id of optOut) on(at(id, 12), () => setUserPresence(ctx, id, SYSTEM_PRESENCE_IDS['On Queue'], { primary: true }));
    const cancelledAt = firstBreak.get(cancelled!)!;
    const movedFrom = firstBreak.get(moved!)!;
    // The model's breaks of the hour, read again after each schedule edit (reading them every minute is slow).
    const hour = { startMs: T0, endMs: T0 + 60 * MIN + LEAD };
    let starts = agentBreakStarts(ctx, hour);
    on(at(cancelled!, 10), () => {
      editScheduledActivity(ctx, { userId: cancelled, startDate: new Date(cancelledAt).toISOString(), newStartDate: null });
      starts = agentBreakStarts(ctx, hour);
    });
    on(at(moved!, 10), () => {
      editScheduledActivity(ctx, { userId: moved, startDate: new Date(movedFrom).toISOString(), newStartDate: new Date(movedFrom + 60 * MIN).toISOString() });
      starts = agentBreakStarts(ctx, hour);
    });
    const dueAt = (now: number) => {
      const due = new Map<string, number>();
      for (const [id, list] of starts) {
        const first = list.find((s) => s > now && s <= now + LEAD);
        if (first !== undefined) due.set(id, first);
      }
      return due;
    };

    const job = new PreBreakJob(client, { managementUnitIds: [], all: true, categories: ['Break', 'Meal'], leadMs: LEAD, tickMs: MIN, refreshMs: 10 * MIN, dryRun: false, presence: { id: preBreak } });
    const switchedFor = new Map<string, number>();
    const switchedAt = new Map<string, number>();
    const putBack = new Set<string>();
    const results: TickResult[] = [];
    let now = T0;
    for (let m = 0; m < 60; m++) {
      if (m > 0) now = await clock({ now: new Date(T0 + m * MIN).toISOString() });
      expect(now).toBe(T0 + m * MIN);
      for (const f of script.get(m) ?? []) f();

      const due = dueAt(now);
      const before = new Map(all.map((id) => [id, getUserPresence(ctx, id).presenceDefinition.id]));
      const expected = [...due].filter(([id, start]) => eligible(ctx, id) && !switchedFor.has(`${id}|${start}`)).map(([id]) => id);

      const r = await job.tick(now);
      results.push(r);
      const changed = all.filter((id) => getUserPresence(ctx, id).presenceDefinition.id !== before.get(id));
      const switched = changed.filter((id) => getUserPresence(ctx, id).presenceDefinition.id === preBreak);
      const returned = changed.filter((id) => getUserPresence(ctx, id).presenceDefinition.id === SYSTEM_PRESENCE_IDS['On Queue']);
      expect(changed.sort(), `minute ${m}: nobody but the switched and the put back is touched`).toEqual([...switched, ...returned].sort());
      expect(switched.sort(), `minute ${m}: switched = due and eligible, not yet switched for that break`).toEqual(expected.sort());
      for (const id of switched) {
        const k = `${id}|${due.get(id)}`;
        expect(switchedFor.has(k), `${id} switched twice for one break`).toBe(false);
        switchedFor.set(k, m);
        switchedAt.set(id, m);
      }
      for (const id of returned) putBack.add(id);
      expect(r.changed).toBe(switched.length);
      expect(r.putBack).toBe(returned.length);
    }

    // The scripted agents did what the script says.
    for (const id of late) expect(switchedAt.get(id), `late ${id}`).toBe(at(id, 10));
    for (const id of recovers) expect(switchedAt.get(id), `recovered ${id}`).toBe(at(id, 7));
    for (const id of notResponding.slice(8)) expect(switchedAt.has(id), `still NOT_RESPONDING ${id}`).toBe(false);
    for (const id of optOut) {
      expect(switchedAt.get(id)).toBe(at(id, 15));
      expect(systemPresenceOf(ctx, id)).toBe('On Queue');
    }
    expect([...putBack].sort()).toEqual([cancelled!, moved!].sort());
    for (const id of [cancelled!, moved!]) expect(systemPresenceOf(ctx, id)).toBe('On Queue');

    // Cost follows who is due: schedules are read on refresh ticks only; a steady tick makes at most 1 + 2·⌈due/50⌉ calls.
    expect(results.filter((r) => r.refreshed).map((r) => results.indexOf(r))).toEqual([0, 10, 20, 30, 40, 50]);
    for (const r of results.filter((x) => !x.refreshed)) {
      expect(Object.keys(r.callsByEndpoint).filter((k) => k.includes('workforcemanagement') || k.includes('downloadUrl')), r.now).toEqual([]);
      // On Genesys's worst day the users expansion is best effort: what it left out is read on top —
      // presences in bulk (≤ 1 call per 50 due) and one routing status per agent left out (≤ due).
      const bulk = r.callsByEndpoint['GET /api/v2/users/presences/purecloud/bulk'] ?? 0;
      const routing = r.callsByEndpoint['GET /api/v2/users/{id}/routingstatus'] ?? 0;
      if (!PRODUCTION) expect(bulk + routing, r.now).toBe(0);
      expect(bulk, r.now).toBeLessThanOrEqual(Math.ceil(r.due / 50));
      expect(routing, r.now).toBeLessThanOrEqual(r.due);
      expect(r.apiCalls - bulk - routing, r.now).toBeLessThanOrEqual(1 + 2 * Math.ceil(r.due / 50));
    }
    expect(results.reduce((n, r) => n + r.changed, 0)).toBeGreaterThan(300);
  });
});
