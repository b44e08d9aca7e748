import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../src/jobs/pre-break/run.js';
import { DEFAULT_SETTINGS, isProtected, settledPresence, type HistoryEvent, type PolicyPresence } from '../../src/model/presence-policy.js';
import { SYSTEM_PRESENCE_IDS, systemPresenceOfId } from '../../src/model/presence.js';
import { allPages } from '../../src/resources/paging.js';
import { Rng } from '../../src/sandbox/core/rng.js';
import type { BusEvent } from '../../src/sandbox/core/bus.js';
import type { SandboxContext } from '../../src/sandbox/core/context.js';
import { executions as executionRecords, listExecutions } from '../../src/sandbox/runtime/executions.js';
import { lookupRow } from '../../src/sandbox/services/architect/models.js';
import { answerCall, endCall, startCall } from '../../src/sandbox/services/conversations/models.js';
import { graphUserOfGenesys, setPersonStatus } from '../../src/sandbox/services/graph/models.js';
import { getUserPresence, setUserPresence } from '../../src/sandbox/services/presence/models.js';
import { agentsWithActivityStarting } from '../../src/sandbox/services/workforcemanagement/models.js';
import type { Execution } from '../../src/simulate/types.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { LIVE } from '../helpers/target.js';
import { describeDay, generateDay, type DayPlan } from '../helpers/worst-day.js';

/**
 * The property test of issue 22: many worst days driven through all four automations at once —
 * communicate-call, teams-presence (Teams → Genesys), teams-presence-outbound (interactions shown
 * in Teams) and the pre-break job — under the sandbox's production profile (events late, twice,
 * swapped; every data action a wait on the sandbox clock, so runs for one person interleave).
 *
 * A day is a few people with a generated script (test/helpers/worst-day.ts): Communicate calls
 * overlapping, short and unanswered, ACD interactions, Teams statuses the person sets, pre-break
 * ticks. Several days share one stretch of sandbox time on disjoint people (the ticks are the
 * org's, so every day of the stretch sees them). After each stretch, for each person:
 *   1. no automation moved them out of a protected presence (the pre-break job's On Queue →
 *      Pre-Break excepted), nor into one;
 *   2. SETTLE_SECONDS after the last event they are in the presence the policy gives for what
 *      happened (`settledPresence`, src/model/presence-policy.ts — the matrix folded over a day);
 *   3. every presence write changed the presence: a write that finds its presence already there
 *      is a change applied twice (a duplicate event, or two runs for one event);
 *   4. no run failed or ended without knowing (a failure is a finding, reported with its day), and
 *      every run has ended — nothing is left waiting, and no call memory row is left behind.
 *
 * Reproduce: the failure names the seed; `PRESENCE_KIT_WORST_DAY_SEED=<seed>` replays the same
 * days in the same order (the sandbox's own draws follow from its seed and the pinned clock).
 * `PRESENCE_KIT_WORST_DAYS=<n>` runs more (or fewer) days.
 */
const SEED = Number(process.env.PRESENCE_KIT_WORST_DAY_SEED ?? 2206);
const DAYS = Number(process.env.PRESENCE_KIT_WORST_DAYS ?? 500);
const PEOPLE_PER_DAY = 3;
const DAYS_PER_STRETCH = 10;
/**
 * The bound: every person is where the policy says this long after the stretch's last step — Teams
 * may take up to 3 minutes to show a change (the profile's propagation), then 2 minutes for the runs.
 */
const SETTLE_SECONDS = 300;
const LEAD_MS = 15 * 60_000;
const TICK_MS = 10 * 60_000;
const NOW = '2026-03-02T09:45:00.000Z';
const QUEUE = 'b1a3c3a2-5f4e-4c1e-9d7a-0c0ffee0a11a';
const SECRET_ENV = 'PRESENCE_KIT_GRAPH_CLIENT_SECRET';
const WRITE = 'GC User Presence Update';
/** Exits that mean a run did not know what it needed: findings, not outcomes. */
const UNKNOWING = /Unknown|Unreadable/;
/** What apply meets on a worst day is apply's business (another part of the issue), not the automations'. */
const QUIET_APPLY = { dataActionBadRequestProbability: 0, flowDeleteConflictProbability: 0, flowJobSilentFailureProbability: 0, flowJobPolls: { min: 0, max: 0 } };

interface Person {
  day: DayPlan;
  index: number;
  userId: string;
  start: PolicyPresence;
  history: HistoryEvent[];
}

describe.skipIf(LIVE)('worst days: the four automations under the production profile keep the presence policy', () => {
  let s: Solution;
  let preBreakId: string;
  let pool: string[];
  let memoryTableId: string;
  let ctx: SandboxContext;
  /** Each user's presence changes, as Genesys published them (the bus keeps only its last 1,000 events). */
  const changes = new Map<string, Array<{ time: string; id: string }>>();
  /** The people of the stretch being played, by user id. */
  const playing = new Map<string, Person>();

  beforeAll(async () => {
    s = await openSolution(['communicate-call', 'teams-presence', 'teams-presence-outbound', 'pre-break'], [], { users: 150, now: NOW, sandbox: { profile: 'production', seed: SEED, profileTuning: QUIET_APPLY } });
    const app = await s.ctl.get<{ tenantId: string; clientId: string; clientSecret: string }>('graph/app');
    process.env[SECRET_ENV] = app.clientSecret;
    await s.applyBlueprints([`graphTenantId=${app.tenantId}`, `graphClientId=${app.clientId}`]);
    const defs = await s.client.request<{ entities: Array<{ id: string; languageLabels?: Record<string, string> }> }>('GET', '/api/v2/presence/definitions');
    preBreakId = defs.entities.find((d) => d.languageLabels?.en_US === 'Pre-Break')!.id;
    pool = (await allPages<{ id: string }>(s.client, '/api/v2/users', {}, 500)).map((u) => u.id).slice(20);
    const tables = await s.client.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/flows/datatables');
    memoryTableId = tables.entities.find((t) => t.name === 'Communicate Call Presence Memory')!.id;
    ctx = s.t.sandbox!.ctx;
    ctx.bus.subscribe((e: BusEvent) => {
      const m = /^v2\.users\.([^.]+)\.presence$/.exec(e.topic);
      const def = e.body.presenceDefinition as { id?: string } | undefined;
      if (m && def?.id) changes.set(m[1]!, [...(changes.get(m[1]!) ?? []), { time: e.publishedAt, id: def.id }]);
      // What happened in Teams is what Genesys's Teams integration published, in that order: Teams
      // takes a while to show a change, and one it never showed reached no automation.
      const t = /^v2\.users\.([^.]+)\.integrationpresence$/.exec(e.topic);
      if (t && typeof e.body.message === 'string') playing.get(t[1]!)?.history.push({ kind: 'teams', status: e.body.message });
    });
  }, 120_000);
  afterAll(async () => {
    delete process.env[SECRET_ENV];
    await s?.close();
  });

  const idOf = (p: PolicyPresence) => (p.name === 'Pre-Break' ? preBreakId : SYSTEM_PRESENCE_IDS[p.systemPresence]);
  const nameOf = (id: string) => (id === preBreakId ? 'Pre-Break' : (systemPresenceOfId(id) ?? id));
  const policyOf = (id: string): PolicyPresence => (id === preBreakId ? DEFAULT_SETTINGS.preBreak : { name: nameOf(id), systemPresence: systemPresenceOfId(id) ?? 'Busy' });
  // The world is driven in-process (the sandbox's own call, Teams and clock controls, without HTTP):
  // thousands of steps; the automations still run as applied, through Event Orchestration, Archy and
  // data actions over the Platform API, under the production profile.
  const nowMs = () => ctx.clock.now();
  const advance = async (ms: number) => {
    await ctx.clock.advance(ms);
    await ctx.bus.idle();
  };
  const advanceTo = async (atMs: number) => advance(Math.max(0, atMs - nowMs()));
  const teamsStatus = async (userId: string, status: string) => {
    const shown = setPersonStatus(ctx, graphUserOfGenesys(ctx, userId)!.id, status);
    await ctx.bus.idle();
    return shown;
  };
  const changesSince = (userId: string, since: string) => (changes.get(userId) ?? []).filter((c) => c.time >= since);

  /** Puts each person where their day starts: Teams back to Available (and settled), then the start presence. */
  async function reset(people: Person[]): Promise<string> {
    for (const p of people) await teamsStatus(p.userId, 'Available');
    // (Long enough for Teams to show it and for those runs to end: a write's claim is kept a minute.)
    await advance(SETTLE_SECONDS * 1000);
    for (const p of people) setUserPresence(ctx, p.userId, idOf(p.start), { primary: true });
    await advance(1_000);
    // (Only this stretch's runs are judged.)
    executionRecords(ctx).clear();
    return ctx.clock.nowIso();
  }

  /** Plays the stretch's steps on the sandbox clock, keeping each person's history as it happened. */
  async function play(people: Person[], t0: number): Promise<void> {
    type Action = { atMs: number; run: () => Promise<void> };
    const actions: Action[] = [];
    for (const p of people)
      for (const step of p.day.steps) {
        if (step.kind === 'tick' || step.person !== p.index) continue;
        if (step.kind === 'teams') {
          actions.push({
            atMs: step.atMs,
            run: async () => {
              await teamsStatus(p.userId, step.status);
            },
          });
          continue;
        }
        let call = '';
        const then = (f: (ctx: SandboxContext, id: string) => unknown) => async () => {
          f(ctx, call);
          await ctx.bus.idle();
        };
        actions.push({
          atMs: step.atMs,
          run: async () => {
            call = startCall(ctx, { userId: p.userId, direction: step.direction, ...(step.queue ? { queueId: QUEUE } : {}) }).id;
            await ctx.bus.idle();
            p.history.push(step.queue ? { kind: 'acd-interaction' } : { kind: 'call', answered: step.answerAfterMs !== null });
          },
        });
        if (step.answerAfterMs !== null) {
          actions.push({ atMs: step.atMs + step.answerAfterMs, run: then(answerCall) });
          actions.push({ atMs: step.atMs + step.answerAfterMs + step.talkMs, run: then((c, id) => endCall(c, id)) });
        } else actions.push({ atMs: step.atMs + step.ringMs, run: then((c, id) => endCall(c, id)) });
      }
    // The ticks are the org's: every person of the stretch lives through each of them.
    for (const d of new Set(people.map((p) => p.day)))
      for (const step of d.steps)
        if (step.kind === 'tick')
          actions.push({
            atMs: step.atMs,
            run: async () => {
              const at = nowMs();
              // The job's window: breaks starting from now to now + lead (src/jobs/pre-break/plan.ts windowFor).
              const due = agentsWithActivityStarting(ctx, { startMs: at, endMs: at + LEAD_MS });
              for (const p of people) p.history.push({ kind: 'pre-break-tick', due: due.has(p.userId) });
              await runTick(s.client, { managementUnitIds: [], all: true, categories: ['Break', 'Meal'], leadMs: LEAD_MS, tickMs: TICK_MS, nowMs: at, dryRun: false, presence: { id: preBreakId } });
            },
          });
    actions.sort((a, b) => a.atMs - b.atMs);
    for (const a of actions) {
      const w = performance.now();
      await advanceTo(t0 + a.atMs);
      const w1 = performance.now();
      await a.run();
      if (process.env.PRESENCE_KIT_WORST_DAY_TIMING === 'steps') console.error(`  at ${a.atMs}: advance ${(w1 - w).toFixed(0)} ms, run ${(performance.now() - w1).toFixed(0)} ms, timers ${ctx.clock.pendingTimers()}`);
    }
  }

  /** What broke the policy for one person, in words (empty: nothing). */
  function violations(p: Person, since: string, runs: readonly Execution[]): string[] {
    const out: string[] = [];
    const changed = changesSince(p.userId, since);
    let prev = p.start;
    for (const c of changed) {
      const next = policyOf(c.id);
      const preBreak = prev.name === 'On Queue' && next.name === 'Pre-Break';
      if (isProtected(prev, DEFAULT_SETTINGS.protectedPresences) && !preBreak) out.push(`moved out of protected ${prev.name} to ${next.name} at ${c.time}`);
      else if (isProtected(next, DEFAULT_SETTINGS.protectedPresences) && !preBreak) out.push(`moved into protected ${next.name} (from ${prev.name}) at ${c.time}`);
      prev = next;
    }
    const expected = settledPresence(p.start, p.history);
    const now = nameOf(getUserPresence(ctx, p.userId).presenceDefinition.id);
    if (now !== expected.name) out.push(`ended in ${now}, the policy says ${expected.name} (changes: ${changed.map((c) => `${c.time} ${nameOf(c.id)}`).join(' → ') || 'none'})`);
    const mine = runs.filter((e) => Object.entries(e.inputs).some(([k, v]) => k.toLowerCase() === 'flow.userid' && v === p.userId));
    // One event is one run per delivery with the same inputs (a Teams change carries its modifiedDate).
    // A change applied twice for it: one of its writes found its presence already there, while
    // another of its writes had put it there. (A write that puts back what another event undid
    // changes the presence: it is applied again, not twice.) A write's change is published while
    // the data action executes, before the step is recorded (at most the profile's 2 s earlier).
    const isWrite = (x: Execution['steps'][number]) => x.time >= since && x.action === 'callData' && String(x.detail?.dataAction ?? '').endsWith(WRITE) && x.detail?.outcome === 'success';
    const unmatched = [...changed];
    const perEvent = new Map<string, Array<{ target: string; changed: boolean }>>();
    const writes = mine.flatMap((e) => e.steps.filter(isWrite).map((x) => ({ e, target: String((x.detail?.inputs as Record<string, unknown>)?.PRESENCE_DEFINITION_ID), at: Date.parse(x.time) })));
    for (const w of writes.sort((a, b) => a.at - b.at)) {
      const k = unmatched.findIndex((c) => c.id === w.target && Date.parse(c.time) <= w.at && Date.parse(c.time) >= w.at - 2_100);
      if (k >= 0) unmatched.splice(k, 1);
      const key = `${w.e.name} ${JSON.stringify(w.e.inputs)}`;
      perEvent.set(key, [...(perEvent.get(key) ?? []), { target: w.target, changed: k >= 0 }]);
    }
    for (const [event, ws] of perEvent)
      for (const w of ws) if (!w.changed && ws.some((o) => o !== w && o.target === w.target)) out.push(`one event, ${nameOf(w.target)} written twice (the second found it there): ${event}`);
    for (const e of mine) {
      const exit = [...e.steps].reverse().find((x) => x.action === 'endWorkflow')?.name ?? '';
      if (e.status === 'FAILED') out.push(`run ${e.name} failed: ${e.error?.message ?? '?'}`);
      else if (e.status !== 'COMPLETED') out.push(`run ${e.name} still ${e.status} ${SETTLE_SECONDS} s after the last event`);
      else if (UNKNOWING.test(exit)) out.push(`run ${e.name} ended "${exit}"`);
    }
    if (out.length && process.env.PRESENCE_KIT_WORST_DAY_DEBUG)
      for (const e of mine)
        out.push(
          `  run ${e.name} ${JSON.stringify(e.inputs)} ${e.startTime}: ${e.steps.filter((x) => x.action === 'callData' || x.action === 'endWorkflow' || x.action === 'dataTableLookup').map((x) => `${x.time.slice(14, 23)} ${x.name}${x.detail?.outcome ? `=${String(x.detail.outcome)}` : ''}`).join(', ')}`,
        );
    return out;
  }

  it(`${DAYS} worst days (seed ${SEED}): protected presences held, every person settled where the policy says within ${SETTLE_SECONDS} s, no change applied twice, no run failed`, async () => {
    const findings: string[] = [];
    const stretches = Math.ceil(DAYS / DAYS_PER_STRETCH);
    for (let k = 0; k < stretches && findings.length === 0; k++) {
      const r = new Rng(SEED * 7919 + k);
      const days = Array.from({ length: Math.min(DAYS_PER_STRETCH, DAYS - k * DAYS_PER_STRETCH) }, (_, i) => generateDay(SEED * 100_003 + k * DAYS_PER_STRETCH + i, PEOPLE_PER_DAY, i === 0));
      // On Queue starters are drawn from the agents whose break is about to be due, so the ticks matter.
      const at = nowMs();
      const due = [...agentsWithActivityStarting(ctx, { startMs: at + 200_000, endMs: at + LEAD_MS })].filter((id) => pool.includes(id));
      const free = pool.filter((id) => !due.includes(id));
      const take = (list: string[]) => list.splice(r.int(0, list.length), 1)[0]!;
      const people: Person[] = days.flatMap((day) => day.starts.map((start, index) => ({ day, index, start, history: [], userId: start.name === 'On Queue' && due.length ? take(due) : take(free) })));
      const w0 = performance.now();
      playing.clear();
      const since = await reset(people);
      for (const p of people) playing.set(p.userId, p);
      const w1 = performance.now();
      const t0 = Date.parse(since);
      await play(people, t0);
      const w2 = performance.now();
      await advance(SETTLE_SECONDS * 1000);
      if (process.env.PRESENCE_KIT_WORST_DAY_TIMING) console.error(`stretch ${k}: due ${people.filter((p) => p.history.some((h) => h.kind === 'pre-break-tick' && h.due)).length} reset ${(w1 - w0).toFixed(0)} ms, play ${(w2 - w1).toFixed(0)} ms, settle ${(performance.now() - w2).toFixed(0)} ms`);
      const runs = listExecutions(ctx) as unknown as Execution[];
      for (const p of people) {
        const v = violations(p, since, runs);
        if (v.length)
          findings.push(
            `day seed ${p.day.seed} (stretch ${k}), person ${p.index} (${p.userId}, started ${p.start.name}):\n  - ${v.join('\n  - ')}\n  day:\n    ${describeDay(p.day, p.day.starts.map((_, i) => `person ${i}`))}`,
          );
      }
      const left = people.filter((p) => lookupRow(ctx, memoryTableId, p.userId));
      if (left.length) findings.push(`stretch ${k}: call memory rows left after the calls ended, for ${left.map((p) => p.userId).join(', ')}`);
    }
    expect(findings, `replay: PRESENCE_KIT_WORST_DAY_SEED=${SEED} npx vitest run test/e2e/presence-worst-days.test.ts`).toEqual([]);
  }, 600_000);
});
