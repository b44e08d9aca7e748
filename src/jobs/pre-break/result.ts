import type { GenesysClient } from '../../genesys/client.js';
import type { Action } from './plan.js';
import type { ManagementUnitRow } from './schedule-cache.js';

/** What one tick did, for `--json`, the table, the Lambda log and tests. */

/** `start-break` and `release` are the opt-in ends of Pre-Break (who ends it: the agent by default). */
export type AgentAction = Action | 'put-back' | 'start-break' | 'release';
export type AgentOutcome = 'switched' | 'would-switch' | 'left-alone' | 'failed' | 'put-back' | 'would-put-back' | 'moved' | 'would-move' | 'not-done';

export interface AgentRow {
  userId: string;
  managementUnitId: string;
  breakStart: string;
  category: string;
  presence: string;
  action: AgentAction;
  outcome: AgentOutcome;
}

export interface TickResult {
  now: string;
  /** Breaks starting in (start, end] were due. */
  window: { start: string; end: string };
  dryRun: boolean;
  /** The first tick of this process or Lambda container: nothing in memory yet. */
  cold: boolean;
  /** This tick read the schedules (a refresh tick) rather than using the ones in memory. */
  refreshed: boolean;
  presenceDefinition: { id: string; name?: string };
  managementUnits: ManagementUnitRow[];
  /** Agents looked at this tick: a break in the window, and not already switched for it. */
  due: number;
  changed: number;
  /** Switched agents put back On Queue because their break was removed or moved beyond the window. */
  putBack: number;
  /** Agents the job moved out of Pre-Break (opt-in): into the break's presence at its start, or released after it. */
  ended: number;
  /** Breaks the job remembers having switched (or adopted) after this tick. */
  remembered: number;
  apiCalls: number;
  callsByEndpoint: Record<string, number>;
  agents: AgentRow[];
  /** Work the tick did not start because it reached its deadline. */
  notDone: string[];
  errors: string[];
}

export class PreBreakRunError extends Error {
  constructor(
    message: string,
    readonly result: TickResult,
  ) {
    super(message);
  }
}

/** Calls made since `before`, with download URLs (one-off paths) folded into one key. */
export function callsSince(client: GenesysClient, before: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(client.stats.byEndpoint())) {
    const n = v - (before[k] ?? 0);
    if (n <= 0) continue;
    const [method, path] = k.split(' ') as [string, string];
    const key = path.startsWith('/api/') || path.startsWith('/oauth/') ? k : `${method} {downloadUrl}`;
    out[key] = (out[key] ?? 0) + n;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}
