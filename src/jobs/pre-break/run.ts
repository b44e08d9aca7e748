import type { GenesysClient } from '../../genesys/client.js';
import { errorLine } from '../../genesys/errors.js';
import { breakCodeIds, decide, dueAgents, windowFor, type Action, type DueAgent } from './plan.js';
import { readPresences, resolvePresence, setPresences, type PresenceTarget } from './presence.js';
import type { ActivityCode, AgentSchedule, ManagementUnit } from './schemas.js';
import { activityCodesOf, DEFAULT_SEARCH, listManagementUnits, searchSchedules, selectManagementUnits, type AnswerKind, type SearchOptions } from './wfm.js';

/**
 * One tick of the pre-break job: plan first (presence definition, management units, activity
 * codes, schedules, who is due), then read presence only for the due agents, then switch the ones
 * On Queue. Failures in one MU or one batch do not stop the others; they are thrown at the end,
 * after every agent that could be switched was switched, so a scheduler sees the failure and retries.
 */

export interface TickOptions {
  managementUnitIds: string[];
  all: boolean;
  /** Activity-code categories that count as a break (default Break, Meal). */
  categories: string[];
  leadMs: number;
  tickMs: number;
  /** Evaluate the tick as of this instant (default: now). */
  nowMs?: number;
  dryRun: boolean;
  presence: PresenceTarget;
  search?: Partial<SearchOptions>;
}

/** How far before the window a shift may start and still hold a break in it (schedules are searched from there). */
export const SHIFT_LOOKBACK_MS = 12 * 3_600_000;

export type AgentOutcome = 'switched' | 'would-switch' | 'left-alone' | 'failed';

export interface AgentRow {
  userId: string;
  managementUnitId: string;
  breakStart: string;
  category: string;
  presence: string;
  action: Action;
  outcome: AgentOutcome;
}

export interface TickResult {
  now: string;
  window: { start: string; end: string };
  dryRun: boolean;
  presenceDefinition: { id: string; name?: string };
  managementUnits: Array<{ id: string; name?: string; agents: number; answer?: AnswerKind; error?: string }>;
  due: number;
  changed: number;
  apiCalls: number;
  callsByEndpoint: Record<string, number>;
  agents: AgentRow[];
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
function callsSince(client: GenesysClient, before: Record<string, number>): Record<string, number> {
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

export async function runTick(client: GenesysClient, opts: TickOptions): Promise<TickResult> {
  const before = client.stats.byEndpoint();
  const nowMs = opts.nowMs ?? Date.now();
  const window = windowFor(nowMs, opts.leadMs, opts.tickMs);
  const search = { ...DEFAULT_SEARCH, ...opts.search };
  const errors: string[] = [];

  // Plan. A missing presence or an unknown MU stops the tick before anything changes.
  const presence = await resolvePresence(client, opts.presence);
  const mus = selectManagementUnits(await listManagementUnits(client), opts.managementUnitIds, opts.all);
  const muRows: TickResult['managementUnits'] = mus.map((m) => ({ id: m.id, name: m.name, agents: 0 }));

  const buIds = [...new Set(mus.map((m) => m.businessUnit?.id).filter((id): id is string => !!id))];
  const codesByBu = new Map<string, ActivityCode[]>();
  await Promise.all(
    buIds.map(async (bu) => {
      try {
        codesByBu.set(bu, await activityCodesOf(client, bu));
      } catch (e) {
        errors.push(`activity codes of business unit ${bu}: ${errorLine(e)}`);
      }
    }),
  );

  const range = { startDate: new Date(window.startMs - SHIFT_LOOKBACK_MS).toISOString(), endDate: new Date(window.endMs + 60_000).toISOString() };
  const schedules: Array<{ managementUnitId: string; agentSchedules: AgentSchedule[] }> = [];
  const breakCodes = new Map<string, string>();
  await Promise.all(
    mus.map(async (mu: ManagementUnit, i) => {
      const row = muRows[i]!;
      const codes = mu.businessUnit ? codesByBu.get(mu.businessUnit.id) : undefined;
      if (!codes) {
        row.error = mu.businessUnit ? 'activity codes unavailable' : 'management unit names no business unit';
        if (!mu.businessUnit) errors.push(`management unit ${mu.id}: ${row.error}`);
        return;
      }
      const ids = breakCodeIds(codes, opts.categories);
      for (const c of codes) if (ids.has(c.id)) breakCodes.set(c.id, c.category ?? '');
      try {
        const res = await searchSchedules(client, mu, range, search);
        row.agents = res.agentSchedules.length;
        row.answer = res.answer;
        schedules.push({ managementUnitId: mu.id, agentSchedules: res.agentSchedules });
      } catch (e) {
        row.error = errorLine(e);
        errors.push(`schedules of management unit ${mu.id}: ${row.error}`);
      }
    }),
  );

  const due: DueAgent[] = dueAgents(schedules, breakCodes, window);

  // Act: presence only for the due agents, then switch those On Queue.
  const read = await readPresences(client, due.map((d) => d.userId));
  for (const e of read.errors) errors.push(`reading presences: ${errorLine(e)}`);
  const decided = due.map((d) => ({ ...d, ...decide(read.presences.get(d.userId), presence.id) }));
  const toSwitch = decided.filter((d) => d.action === 'set-pre-break').map((d) => d.userId);
  let changed = new Set<string>();
  if (!opts.dryRun && toSwitch.length) {
    const set = await setPresences(client, toSwitch, presence.id);
    changed = set.changed;
    for (const e of set.errors) errors.push(`setting presences: ${errorLine(e)}`);
  }

  const agents: AgentRow[] = decided.map((d) => ({
    userId: d.userId,
    managementUnitId: d.managementUnitId,
    breakStart: d.breakStart,
    category: d.category,
    presence: d.presence,
    action: d.action,
    outcome: d.action !== 'set-pre-break' ? 'left-alone' : opts.dryRun ? 'would-switch' : changed.has(d.userId) ? 'switched' : 'failed',
  }));
  const callsByEndpoint = callsSince(client, before);
  const result: TickResult = {
    now: new Date(nowMs).toISOString(),
    window: { start: new Date(window.startMs).toISOString(), end: new Date(window.endMs).toISOString() },
    dryRun: opts.dryRun,
    presenceDefinition: { id: presence.id, name: presence.name },
    managementUnits: muRows,
    due: due.length,
    changed: changed.size,
    apiCalls: Object.values(callsByEndpoint).reduce((a, b) => a + b, 0),
    callsByEndpoint,
    agents,
    errors,
  };
  if (errors.length) throw new PreBreakRunError(`pre-break tick ${result.now}: ${errors.length} failure(s), ${result.changed} of ${toSwitch.length} agents switched; first: ${errors[0]}`, result);
  return result;
}
