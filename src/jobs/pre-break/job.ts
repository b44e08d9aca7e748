import type { GenesysClient } from '../../genesys/client.js';
import { errorLine } from '../../genesys/errors.js';
import { SYSTEM_PRESENCE_IDS } from '../../model/presence.js';
import { SwitchMemory, reconcile, type Remembered } from './memory.js';
import { chunk, decide, dueAgents, windowFor, type ScheduledBreak } from './plan.js';
import { BULK_PUT_BATCH, readAgentStatuses, setPresences, STATUS_READ_BATCH, type PresenceTarget } from './presence.js';
import { callsSince, PreBreakRunError, type AgentRow, type TickResult } from './result.js';
import { inPool } from './pool.js';
import { loadSchedules, type ScheduleCache } from './schedule-cache.js';
import { DEFAULT_SEARCH, type SearchOptions } from './wfm.js';

/**
 * The pre-break job as a long-lived object: the schedule cache and the memory of whom it switched
 * live here between ticks (the `--every` loop keeps one for its lifetime, the Lambda one per warm
 * container). A tick:
 *  1. refreshes the schedules when they are older than `refreshMs` (or do not reach far enough),
 *     and then puts back On Queue the agents it switched whose break was removed or moved beyond
 *     the window (if still in Pre-Break — what it set, it undoes only while it still holds);
 *  2. reads presence and routing status of the agents due — a break in (now, now + lead], not
 *     already switched for it — 100 per call, earliest break first, then switches those On Queue
 *     and IDLE/INTERACTING, 50 per call.
 * Every call is started only before the tick's deadline; what was not started is listed in
 * `notDone` and the tick fails, so the next tick (or the Lambda retry) catches up.
 */

export interface TickOptions {
  managementUnitIds: string[];
  all: boolean;
  /** Activity-code categories that count as a break (default Break, Meal). */
  categories: string[];
  leadMs: number;
  tickMs: number;
  /** How long schedules read at a refresh are used (default 15 minutes). */
  refreshMs?: number;
  /** Evaluate the tick as of this instant (default: now). */
  nowMs?: number;
  dryRun: boolean;
  presence: PresenceTarget;
  search?: Partial<SearchOptions>;
  /**
   * Who ends Pre-Break. By default the agent: they pick the break's presence when they go, and
   * On Queue when they are back. Opt-in: `job` moves an agent still in Pre-Break into the break's
   * own presence (Break, Meal) when the break starts; `releaseAfterMs` puts an agent still in
   * Pre-Break that long after the break ended back On Queue (what the job moved them from). Both
   * touch only an agent still in exactly this Pre-Break presence (the presence policy).
   */
  atBreakStart?: 'agent' | 'job';
  releaseAfterMs?: number;
}

/** The longest break or meal a release looks back over (schedules are read from this far back). */
const LONGEST_BREAK_MS = 2 * 3_600_000;

/** When a tick must stop starting new work (the Lambda: remaining time minus a margin). */
export interface TickDeadline {
  timeLeftMs(): number;
}

export const NO_DEADLINE: TickDeadline = { timeLeftMs: () => Infinity };
export const DEFAULT_REFRESH_MS = 15 * 60_000;
/** Status reads (each followed by its switches) in flight at once within a tick. */
const WIDTH = 4;

type Row = AgentRow;

export class PreBreakJob {
  readonly memory = new SwitchMemory();
  private cache: ScheduleCache | undefined;
  private ticks = 0;

  constructor(
    private readonly client: GenesysClient,
    private readonly opts: Omit<TickOptions, 'nowMs'>,
  ) {}

  get refreshMs(): number {
    return this.opts.refreshMs ?? DEFAULT_REFRESH_MS;
  }

  private needsRefresh(nowMs: number): boolean {
    const c = this.cache;
    return !c || !c.complete || nowMs < c.loadedAtMs || nowMs >= c.loadedAtMs + this.refreshMs || nowMs + this.opts.leadMs > c.rangeEndMs;
  }

  async tick(nowMs: number, deadline: TickDeadline = NO_DEADLINE): Promise<TickResult> {
    const { client, opts } = this;
    const before = client.stats.byEndpoint();
    const cold = this.ticks++ === 0;
    const mayStart = () => deadline.timeLeftMs() > 0;
    const errors: string[] = [];
    const notDone: string[] = [];
    const rows: Row[] = [];
    let refreshed = false;
    let putBack = 0;

    if (this.needsRefresh(nowMs)) {
      if (!mayStart()) notDone.push('the schedule refresh');
      else {
        // From the oldest remembered break (to see whether it still exists) to where the next refresh takes over.
        // A release looks back past the break's end: its schedules are read from that far back.
        const releaseBack = opts.releaseAfterMs !== undefined ? opts.releaseAfterMs + LONGEST_BREAK_MS : 0;
        const startMs = Math.min(nowMs, this.memory.oldestStartMs() ?? nowMs) - opts.tickMs - releaseBack;
        const range = { startMs, endMs: nowMs + opts.leadMs + this.refreshMs + opts.tickMs };
        const loaded = await loadSchedules(client, { ...opts, search: { ...DEFAULT_SEARCH, ...opts.search } }, range, nowMs, mayStart);
        errors.push(...loaded.errors);
        this.cache = loaded.cache;
        refreshed = true;
        // Only complete schedules can tell that a break is gone (a failed business unit would look empty).
        if (loaded.cache.complete) putBack = await this.undo(nowMs, mayStart, rows, errors, notDone);
      }
    }

    const cache = this.cache;
    let due: ScheduledBreak[] = [];
    let changed = 0;
    if (cache) {
      due = dueAgents(cache.breaks, windowFor(nowMs, opts.leadMs), (b) => this.memory.has(b));
      changed = await this.act(due, cache.presence.id, nowMs, mayStart, rows, errors, notDone);
    }
    const ended = cache ? await this.endPreBreak(cache, nowMs, mayStart, rows, errors, notDone) : 0;

    const callsByEndpoint = callsSince(client, before);
    const window = windowFor(nowMs, opts.leadMs);
    const result: TickResult = {
      now: new Date(nowMs).toISOString(),
      window: { start: new Date(window.startMs).toISOString(), end: new Date(window.endMs).toISOString() },
      dryRun: opts.dryRun,
      cold,
      refreshed,
      presenceDefinition: { id: cache?.presence.id ?? '', name: cache?.presence.name },
      managementUnits: cache?.managementUnits ?? [],
      due: due.length,
      changed,
      putBack,
      ended,
      remembered: this.memory.size,
      apiCalls: Object.values(callsByEndpoint).reduce((a, b) => a + b, 0),
      callsByEndpoint,
      agents: rows,
      notDone,
      errors,
    };
    if (errors.length || notDone.length || !cache) {
      const what = [
        notDone.length ? `deadline reached, not done: ${notDone.join('; ')}` : '',
        errors.length ? `${errors.length} failure(s), first: ${errors[0]}` : '',
        !cache ? 'no schedules to act on' : '',
      ].filter(Boolean);
      throw new PreBreakRunError(`pre-break tick ${result.now}: ${changed} of ${due.length} due agents switched; ${what.join('; ')}`, result);
    }
    return result;
  }

  /**
   * Reads the due agents (100 a call), then switches the eligible ones (50 a call), earliest
   * break first in both. Switches are gathered across reads, so a tick makes ⌈eligible/50⌉ writes,
   * not one per read.
   */
  private async act(due: ScheduledBreak[], preBreakId: string, nowMs: number, mayStart: () => boolean, rows: Row[], errors: string[], notDone: string[]): Promise<number> {
    const { client, opts } = this;
    type Decided = { b: ScheduledBreak; action: Row['action']; presence: string; outcome: Row['outcome'] };
    const decided: Decided[] = due.map((b) => ({ b, action: 'unknown-presence', presence: 'unknown', outcome: 'not-done' }));
    const batches = chunk(decided, STATUS_READ_BATCH);
    await inPool(batches, WIDTH, async (batch) => {
      if (!mayStart()) return;
      try {
        const statuses = await readAgentStatuses(client, batch.map((d) => d.b.userId));
        for (const d of batch) {
          Object.assign(d, decide(statuses.get(d.b.userId), preBreakId));
          d.outcome = d.action !== 'set-pre-break' ? 'left-alone' : opts.dryRun ? 'would-switch' : 'not-done';
        }
      } catch (e) {
        errors.push(`reading presence and routing status: ${errorLine(e)}`);
        for (const d of batch) d.outcome = 'failed';
      }
    });
    const unread = decided.filter((d) => d.action === 'unknown-presence' && d.outcome === 'not-done').length;

    const toSwitch = opts.dryRun ? [] : decided.filter((d) => d.action === 'set-pre-break');
    await inPool(chunk(toSwitch, BULK_PUT_BATCH), WIDTH, async (batch) => {
      if (!mayStart()) return;
      const set = await setPresences(client, batch.map((d) => d.b.userId), preBreakId);
      for (const e of set.errors) errors.push(`setting presences: ${errorLine(e)}`);
      for (const d of batch) d.outcome = set.changed.has(d.b.userId) ? 'switched' : 'failed';
    });
    const unswitched = toSwitch.filter((d) => d.outcome === 'not-done').length;

    let changed = 0;
    for (const d of decided) {
      rows.push({ userId: d.b.userId, managementUnitId: d.b.managementUnitId, breakStart: new Date(d.b.startMs).toISOString(), category: d.b.category, presence: d.presence, action: d.action, outcome: d.outcome });
      if (opts.dryRun) continue;
      if (d.outcome === 'switched') {
        changed++;
        this.memory.remember({ userId: d.b.userId, breakStartMs: d.b.startMs, atMs: nowMs, adopted: false });
      } else if (d.action === 'already-pre-break') this.memory.remember({ userId: d.b.userId, breakStartMs: d.b.startMs, atMs: nowMs, adopted: true });
    }
    if (unread) notDone.push(`${unread} due agent(s) not read`);
    if (unswitched) notDone.push(`${unswitched} agent(s) not switched`);
    return changed;
  }

  /**
   * The opt-in ends of Pre-Break, each tick: breaks that started in (now − tick, now] when the job
   * moves agents into the break's presence, and breaks that ended `releaseAfterMs` before that
   * window when it releases them. Only agents still in exactly this Pre-Break presence are moved:
   * one who picked anything else made their own choice, and the presence policy lets the job leave
   * only what it set.
   */
  private async endPreBreak(cache: ScheduleCache, nowMs: number, mayStart: () => boolean, rows: Row[], errors: string[], notDone: string[]): Promise<number> {
    const { opts } = this;
    const inTick = (t: number) => t > nowMs - opts.tickMs && t <= nowMs;
    const wanted: Array<{ b: ScheduledBreak; action: 'start-break' | 'release'; to: string }> = [];
    if (opts.atBreakStart === 'job')
      for (const b of cache.breaks) if (inTick(b.startMs)) wanted.push({ b, action: 'start-break', to: b.category === 'Meal' ? SYSTEM_PRESENCE_IDS.Meal : SYSTEM_PRESENCE_IDS.Break });
    if (opts.releaseAfterMs !== undefined)
      for (const b of cache.breaks) if (b.endMs !== undefined && inTick(b.endMs + opts.releaseAfterMs)) wanted.push({ b, action: 'release', to: SYSTEM_PRESENCE_IDS['On Queue'] });
    if (!wanted.length) return 0;
    let moved = 0;
    let skipped = 0;
    await inPool(chunk(wanted, STATUS_READ_BATCH), WIDTH, async (batch) => {
      if (!mayStart()) {
        skipped += batch.length;
        return;
      }
      let statuses;
      try {
        statuses = await readAgentStatuses(this.client, batch.map((w) => w.b.userId));
      } catch (e) {
        errors.push(`reading presences to end Pre-Break: ${errorLine(e)}`);
        return;
      }
      const still = batch.filter((w) => statuses.get(w.b.userId)?.presence?.presenceDefinition?.id === cache.presence.id);
      for (const to of new Set(still.map((w) => w.to))) {
        const group = still.filter((w) => w.to === to);
        const set = opts.dryRun ? { changed: new Set<string>(), errors: [] } : await setPresences(this.client, group.map((w) => w.b.userId), to);
        for (const e of set.errors) errors.push(`moving agents out of Pre-Break: ${errorLine(e)}`);
        for (const w of group) {
          const ok = set.changed.has(w.b.userId);
          if (ok) moved++;
          rows.push({ userId: w.b.userId, managementUnitId: w.b.managementUnitId, breakStart: new Date(w.b.startMs).toISOString(), category: w.b.category, presence: 'Pre-Break', action: w.action, outcome: opts.dryRun ? 'would-move' : ok ? 'moved' : 'failed' });
        }
      }
    });
    if (skipped) notDone.push(`${skipped} agent(s) not moved out of Pre-Break`);
    return moved;
  }

  /**
   * After a refresh: forgets breaks that started, follows breaks moved within the window, and
   * puts back On Queue the agents whose break was removed or moved beyond it — only those still
   * in this Pre-Break presence.
   */
  private async undo(nowMs: number, mayStart: () => boolean, rows: Row[], errors: string[], notDone: string[]): Promise<number> {
    const cache = this.cache!;
    const rec = reconcile(this.memory, (id) => cache.byUser.get(id) ?? [], nowMs, this.opts.leadMs);
    for (const r of rec.done) this.memory.forget(r);
    for (const { from, toStartMs } of rec.moved) {
      this.memory.forget(from);
      this.memory.remember({ ...from, breakStartMs: toStartMs });
    }
    const preBreakId = cache.presence.id;
    const onQueue = SYSTEM_PRESENCE_IDS['On Queue'];
    const row = (r: Remembered, presence: string, outcome: Row['outcome']): Row => ({
      userId: r.userId,
      managementUnitId: '',
      breakStart: new Date(r.breakStartMs).toISOString(),
      category: '',
      presence,
      action: 'put-back',
      outcome,
    });
    let putBack = 0;
    let skipped = 0;
    await inPool(chunk(rec.undo, STATUS_READ_BATCH), WIDTH, async (batch) => {
      if (!mayStart()) {
        skipped += batch.length;
        return;
      }
      let statuses;
      try {
        statuses = await readAgentStatuses(this.client, batch.map((r) => r.userId));
      } catch (e) {
        errors.push(`reading presences to put back: ${errorLine(e)}`);
        return;
      }
      const still = batch.filter((r) => statuses.get(r.userId)?.presence?.presenceDefinition?.id === preBreakId);
      // Agents no longer in Pre-Break moved on (or someone moved them): theirs now, not ours.
      if (!this.opts.dryRun) for (const r of batch.filter((x) => !still.includes(x))) this.memory.forget(r);
      if (!still.length) return;
      if (this.opts.dryRun) {
        for (const r of still) rows.push(row(r, 'Pre-Break', 'would-put-back'));
        return;
      }
      const set = await setPresences(this.client, still.map((r) => r.userId), onQueue);
      for (const e of set.errors) errors.push(`putting agents back On Queue: ${errorLine(e)}`);
      for (const r of still) {
        if (!set.changed.has(r.userId)) continue;
        putBack++;
        this.memory.forget(r);
        rows.push(row(r, 'Pre-Break', 'put-back'));
      }
    });
    if (skipped) notDone.push(`${skipped} agent(s) not put back On Queue`);
    return putBack;
  }
}
