import { parseSystemPresence, systemPresenceOfId } from '../../model/presence.js';
import type { ActivityCode, AgentSchedule, UcUserPresence } from './schemas.js';

/**
 * The pre-break job's decisions, as pure functions: which activity codes are breaks, which agents
 * are due this tick, and what to do with each one given their presence. No I/O here.
 */

export const DEFAULT_CATEGORIES = ['Break', 'Meal'] as const;

/** The tick's window: breaks starting in (start, end] are due. */
export interface Window {
  startMs: number;
  endMs: number;
}

/**
 * `(now + lead − tick, now + lead]`. Consecutive ticks `tick` apart cover the time line exactly once,
 * so every break is announced once, between `lead` and `lead − tick` before it starts.
 */
export function windowFor(nowMs: number, leadMs: number, tickMs: number): Window {
  return { startMs: nowMs + leadMs - tickMs, endMs: nowMs + leadMs };
}

/** Activity code ids whose category is one of `categories` (case-insensitive), across the given BUs' codes. */
export function breakCodeIds(codes: readonly ActivityCode[], categories: readonly string[]): Set<string> {
  const wanted = new Set(categories.map((c) => c.toLowerCase()));
  return new Set(codes.filter((c) => c.category !== undefined && wanted.has(c.category.toLowerCase())).map((c) => c.id));
}

export interface DueAgent {
  userId: string;
  managementUnitId: string;
  /** ISO start of the break that makes the agent due. */
  breakStart: string;
  activityCodeId: string;
  category: string;
}

/**
 * Agents with a break activity starting inside the window. An agent appears once (their earliest
 * such break), however many shifts or schedule answers mention them.
 */
export function dueAgents(
  schedules: ReadonlyArray<{ managementUnitId: string; agentSchedules: readonly AgentSchedule[] }>,
  breakCodes: ReadonlyMap<string, string>,
  window: Window,
): DueAgent[] {
  const byUser = new Map<string, DueAgent>();
  for (const { managementUnitId, agentSchedules } of schedules)
    for (const a of agentSchedules)
      for (const shift of a.shifts)
        for (const act of shift.activities) {
          const category = breakCodes.get(act.activityCodeId);
          if (category === undefined) continue;
          const at = Date.parse(act.startDate);
          if (!(at > window.startMs && at <= window.endMs)) continue;
          const prev = byUser.get(a.user.id);
          if (prev && Date.parse(prev.breakStart) <= at) continue;
          byUser.set(a.user.id, { userId: a.user.id, managementUnitId, breakStart: new Date(at).toISOString(), activityCodeId: act.activityCodeId, category });
        }
  return [...byUser.values()].sort((x, y) => x.breakStart.localeCompare(y.breakStart) || x.userId.localeCompare(y.userId));
}

export type Action = 'set-pre-break' | 'already-pre-break' | 'on-break' | 'offline' | 'off-queue' | 'unknown-presence';

/** What to do with a due agent, from their current presence. Only On Queue agents (any spelling) are switched. */
export function decide(presence: UcUserPresence | undefined, preBreakId: string): { action: Action; presence: string } {
  const def = presence?.presenceDefinition;
  if (!def) return { action: 'unknown-presence', presence: 'unknown' };
  if (def.id === preBreakId) return { action: 'already-pre-break', presence: 'Pre-Break' };
  const system = (def.systemPresence ? parseSystemPresence(def.systemPresence) : undefined) ?? systemPresenceOfId(def.id);
  if (!system) return { action: 'unknown-presence', presence: def.systemPresence ?? def.id };
  if (system === 'On Queue') return { action: 'set-pre-break', presence: system };
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
