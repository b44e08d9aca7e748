import type { GenesysClient } from '../../genesys/client.js';
import { errorLine } from '../../genesys/errors.js';
import { breakCodes, breaksOf, byStart, type ScheduledBreak } from './plan.js';
import { resolvePresence, type PresenceTarget } from './presence.js';
import type { PresenceDefinition } from './schemas.js';
import { activityCodesOf, listManagementUnits, managementUnitUsers, searchBusinessUnit, selectManagementUnits, type AnswerKind, type SearchOptions } from './wfm.js';

/**
 * Read schedules once, act every minute: the breaks of the coming window for every agent in
 * scope, read at a refresh (every `--refresh`, 15 minutes by default) and kept in memory between
 * refreshes, so a tick reads and writes only the agents due. A refresh reads the presence
 * definition, the management units, each business unit's activity codes and MU members, and the
 * schedules — one search per business unit and `batchSize` agents, not one per management unit.
 */
export interface ManagementUnitRow {
  id: string;
  name?: string;
  agents: number;
  answer?: AnswerKind;
  error?: string;
}

export interface ScheduleCache {
  loadedAtMs: number;
  /** Breaks starting in [rangeStartMs, rangeEndMs] are known. */
  rangeStartMs: number;
  rangeEndMs: number;
  presence: PresenceDefinition;
  managementUnits: ManagementUnitRow[];
  breaks: ScheduledBreak[];
  byUser: Map<string, ScheduledBreak[]>;
  /** False when part of the scope could not be read: the next tick refreshes again. */
  complete: boolean;
}

export interface ScopeOptions {
  managementUnitIds: string[];
  all: boolean;
  categories: string[];
  presence: PresenceTarget;
  search: SearchOptions;
}

/**
 * One refresh. The presence definition and the management units are checked first: a missing
 * presence or an unknown MU throws before anything changes. A business unit that fails is
 * reported in `errors`; the others are still read.
 */
export async function loadSchedules(
  client: GenesysClient,
  scope: ScopeOptions,
  range: { startMs: number; endMs: number },
  nowMs: number,
  mayStart: () => boolean,
): Promise<{ cache: ScheduleCache; errors: string[] }> {
  const presence = await resolvePresence(client, scope.presence);
  const mus = selectManagementUnits(await listManagementUnits(client), scope.managementUnitIds, scope.all);
  const rows: ManagementUnitRow[] = mus.map((m) => ({ id: m.id, name: m.name, agents: 0 }));
  const errors: string[] = [];
  const breaks: ScheduledBreak[] = [];
  const search = { startDate: new Date(range.startMs).toISOString(), endDate: new Date(range.endMs).toISOString() };

  const byBu = new Map<string, number[]>();
  mus.forEach((m, i) => {
    if (!m.businessUnit) {
      rows[i]!.error = 'management unit names no business unit';
      errors.push(`management unit ${m.id}: ${rows[i]!.error}`);
    } else byBu.set(m.businessUnit.id, [...(byBu.get(m.businessUnit.id) ?? []), i]);
  });

  // One business unit after another: each search answer is held until its breaks are taken out,
  // so at most `search.concurrency` answers are in memory at once (the Lambda's 256 MB).
  for (const [buId, idx] of byBu) await readBusinessUnit(client, scope, buId, idx.map((i) => mus[i]!.id), idx.map((i) => rows[i]!), search, range, mayStart, errors, breaks);

  breaks.sort(byStart);
  const byUser = new Map<string, ScheduledBreak[]>();
  for (const b of breaks) {
    const list = byUser.get(b.userId);
    if (list) list.push(b);
    else byUser.set(b.userId, [b]);
  }
  return {
    cache: { loadedAtMs: nowMs, rangeStartMs: range.startMs, rangeEndMs: range.endMs, presence, managementUnits: rows, breaks, byUser, complete: errors.length === 0 },
    errors,
  };
}

/** One business unit's activity codes, its management units' agents, and their breaks (appended to `breaks`). */
async function readBusinessUnit(
  client: GenesysClient,
  scope: ScopeOptions,
  buId: string,
  muIds: readonly string[],
  rows: ManagementUnitRow[],
  search: { startDate: string; endDate: string },
  range: { startMs: number; endMs: number },
  mayStart: () => boolean,
  errors: string[],
  breaks: ScheduledBreak[],
): Promise<void> {
  const fail = (what: string, e: unknown) => {
    const line = errorLine(e);
    for (const row of rows) row.error ??= `${what}: ${line}`;
    errors.push(`${what} of business unit ${buId}: ${line}`);
  };
  let codes: Map<string, string>;
  try {
    codes = breakCodes(await activityCodesOf(client, buId), scope.categories);
  } catch (e) {
    return fail('activity codes', e);
  }
  const muOfUser = new Map<string, string>();
  const members = await Promise.allSettled(muIds.map(async (id, i) => ({ i, ids: await managementUnitUsers(client, id) })));
  for (const m of members) {
    if (m.status === 'rejected') {
      errors.push(`agents of a management unit of business unit ${buId}: ${errorLine(m.reason)}`);
      continue;
    }
    rows[m.value.i]!.agents = m.value.ids.length;
    for (const id of m.value.ids) muOfUser.set(id, muIds[m.value.i]!);
  }
  for (const m of members) if (m.status === 'rejected') for (const row of rows) row.error ??= 'agents unavailable';
  const answers = new Set<AnswerKind>();
  try {
    await searchBusinessUnit(
      client,
      buId,
      [...muOfUser.keys()],
      search,
      scope.search,
      (agentSchedules, answer) => {
        answers.add(answer);
        breaks.push(...breaksOf(agentSchedules, codes, (id) => muOfUser.get(id), range.startMs, range.endMs));
      },
      mayStart,
      (code) => codes.has(code),
    );
  } catch (e) {
    return fail('schedules', e);
  }
  const answer = answers.has('async') ? 'async' : answers.has('download') ? 'download' : answers.has('inline') ? 'inline' : undefined;
  for (const row of rows) if (answer) row.answer = answer;
}
