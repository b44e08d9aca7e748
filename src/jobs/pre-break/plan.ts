import { parseSystemPresence, systemPresenceOfId } from '../../model/presence.js';
import type { ActivityCode, AgentSchedule, AgentStatus } from './schemas.js';

/**
 * The pre-break job's decisions, as pure functions: which activity codes are breaks, which breaks
 * the schedule cache keeps, which agents are due at a tick, and what to do with each one given
 * their presence and routing status. No I/O here.
 */

export const DEFAULT_CATEGORIES = ['Break', 'Meal'] as const;

/** Breaks starting in (start, end] are due. */
export interface Window {
  startMs: number;
  endMs: number;
}

/**
 * A window, not a moment: at tick `now`, every break starting in `(now, now + lead]` is due — an
 * agent is looked at on every tick from `break − lead` until the break starts, so one who comes On
 * Queue at `break − 10 min` is still switched (once: see memory.ts).
 */
export function windowFor(nowMs: number, leadMs: number): Window {
  return { startMs: nowMs, endMs: nowMs + leadMs };
}

/** Activity code ids whose category is one of `categories` (case-insensitive), with their category. */
export function breakCodes(codes: readonly ActivityCode[], categories: readonly string[]): Map<string, string> {
  const wanted = new Set(categories.map((c) => c.toLowerCase()));
  return new Map(codes.filter((c) => c.category !== undefined && wanted.has(c.category.toLowerCase())).map((c) => [c.id, c.category!]));
}

/** One scheduled break, as the schedule cache keeps it. */
export interface ScheduledBreak {
  userId: string;
  managementUnitId: string;
  startMs: number;
  activityCodeId: string;
  category: string;
  /** When the break ends (its start + lengthMinutes), where the schedule says (`report pre-break` reads it). */
  endMs?: number;
}

/** The break activities of `schedules` starting in [fromMs, toMs], once each (several answers may name the same agent). */
export function breaksOf(agentSchedules: readonly AgentSchedule[], codes: ReadonlyMap<string, string>, muOf: (userId: string) => string | undefined, fromMs: number, toMs: number): ScheduledBreak[] {
  const out: ScheduledBreak[] = [];
  for (const a of agentSchedules) {
    const mu = muOf(a.user.id);
    if (mu === undefined) continue;
    const seen = new Set<number>();
    for (const shift of a.shifts)
      for (const act of shift.activities) {
        const category = codes.get(act.activityCodeId);
        if (category === undefined) continue;
        const at = Date.parse(act.startDate);
        if (at < fromMs || at > toMs || seen.has(at)) continue;
        seen.add(at);
        out.push({ userId: a.user.id, managementUnitId: mu, startMs: at, activityCodeId: act.activityCodeId, category, ...(act.lengthMinutes !== undefined ? { endMs: at + act.lengthMinutes * 60_000 } : {}) });
      }
  }
  return out;
}

export const byStart = (x: ScheduledBreak, y: ScheduledBreak) => x.startMs - y.startMs || x.userId.localeCompare(y.userId);

/**
 * The agents due at a tick: each agent once, for their earliest break in the window, leaving out
 * the breaks `handled` says were already dealt with. Earliest break first, so when a tick runs
 * out of time the most urgent agents were done.
 */
export function dueAgents(breaks: readonly ScheduledBreak[], window: Window, handled: (b: ScheduledBreak) => boolean): ScheduledBreak[] {
  const byUser = new Map<string, ScheduledBreak>();
  for (const b of breaks) {
    if (!(b.startMs > window.startMs && b.startMs <= window.endMs)) continue;
    const prev = byUser.get(b.userId);
    if (prev && prev.startMs <= b.startMs) continue;
    byUser.set(b.userId, b);
  }
  return [...byUser.values()].filter((b) => !handled(b)).sort(byStart);
}

export type Action = 'set-pre-break' | 'already-pre-break' | 'on-break' | 'offline' | 'off-queue' | 'not-routable' | 'unknown-presence';

/** Routing statuses in which an On Queue agent is switched (as the original blueprint required). */
export const ROUTABLE = new Set(['IDLE', 'INTERACTING']);

/**
 * What to do with a due agent, from their presence and routing status. Only On Queue agents
 * (any spelling) who are IDLE or INTERACTING are switched; an On Queue agent NOT_RESPONDING (or
 * in transition) is left alone and looked at again on the next tick.
 */
export function decide(status: AgentStatus | undefined, preBreakId: string): { action: Action; presence: string } {
  const def = status?.presence?.presenceDefinition;
  if (!def) return { action: 'unknown-presence', presence: 'unknown' };
  if (def.id === preBreakId) return { action: 'already-pre-break', presence: 'Pre-Break' };
  const system = (def.systemPresence ? parseSystemPresence(def.systemPresence) : undefined) ?? systemPresenceOfId(def.id);
  if (!system) return { action: 'unknown-presence', presence: def.systemPresence ?? def.id };
  if (system === 'On Queue') {
    const routing = status?.routingStatus?.status;
    return routing && ROUTABLE.has(routing) ? { action: 'set-pre-break', presence: system } : { action: 'not-routable', presence: `${system} (${routing ?? 'routing status unknown'})` };
  }
  if (system === 'Break' || system === 'Meal') return { action: 'on-break', presence: system };
  if (system === 'Offline') return { action: 'offline', presence: system };
  return { action: 'off-queue', presence: system };
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The next aligned tick at or after `ms` (ticks fall on multiples of `everyMs` since the epoch). */
export const nextAlignedTick = (ms: number, everyMs: number): number => Math.ceil(ms / everyMs) * everyMs;
/** The aligned tick `ms` belongs to (for scheduler events that fire a few seconds into the minute). */
export const alignedTick = (ms: number, everyMs: number): number => Math.floor(ms / everyMs) * everyMs;
