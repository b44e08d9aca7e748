import platformClient from 'purecloud-platform-client-v2';
import type { GenesysClient } from '../../genesys/client.js';
import { debug } from '../../genesys/log.js';
import {
  ActivityCodeListingSchema,
  AsyncSearchResponseSchema,
  ManagementUnitListingSchema,
  SchedulesResultSchema,
  type ActivityCode,
  type AgentSchedule,
  type AsyncSearchResponse,
  type ManagementUnit,
} from './schemas.js';
import { chunk } from './plan.js';
import { openSearchCompletions, type SearchCompletions } from './search-completions.js';
import { inPool } from './pool.js';

/** Workforce Management reads of the pre-break job, all through GenesysClient. */

export class PreBreakError extends Error {}

/** The job's one WFM permission (PRE_BREAK_PERMISSIONS): without it the org's units are invisible, not refused. */
export const WFM_SCHEDULE_PERMISSION = 'wfm:publishedSchedule:view';

const wfm = (client: GenesysClient) => client.api(platformClient.WorkforceManagementApi);

/** Every management unit the client can see (one call; each names its business unit). */
export async function listManagementUnits(client: GenesysClient): Promise<ManagementUnit[]> {
  return ManagementUnitListingSchema.parse(await wfm(client).getWorkforcemanagementManagementunits()).entities;
}

/** The management units in scope: all of them, or the asked-for ids (an unknown id is an error before anything changes). */
export function selectManagementUnits(all: readonly ManagementUnit[], ids: readonly string[], everyUnit: boolean): ManagementUnit[] {
  // Genesys lists only the units the client holds a WFM permission in, so a role without it sees
  // an empty org: "0 agents due" every minute would look like success while switching nobody.
  if (everyUnit && all.length === 0)
    throw new PreBreakError(
      `no management unit visible to this OAuth client: its role needs ${WFM_SCHEDULE_PERMISSION} in the management units' divisions (or the org has no WFM management unit); no presence was changed`,
    );
  if (everyUnit) return [...all];
  const byId = new Map(all.map((m) => [m.id, m]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length) {
    // An org may have hundreds of units: name a few, so the error stays one readable line.
    const shown = all.slice(0, 5).map((m) => `${m.id} (${m.name ?? '?'})`);
    const more = all.length > shown.length ? `, … ${all.length - shown.length} more (--all covers every one)` : '';
    throw new PreBreakError(`management unit ${missing.join(', ')} not found (or not visible to this OAuth client: its role needs ${WFM_SCHEDULE_PERMISSION} in the unit's division); visible: ${shown.join(', ') || 'none'}${more}`);
  }
  return [...new Set(ids)].map((id) => byId.get(id)!);
}

/** A business unit's activity codes (following a download URL when Genesys hands one out). */
export async function activityCodesOf(client: GenesysClient, businessUnitId: string): Promise<ActivityCode[]> {
  const listing = ActivityCodeListingSchema.parse(await wfm(client).getWorkforcemanagementBusinessunitActivitycodes(businessUnitId));
  if (listing.entities) return listing.entities;
  if (listing.downloadUrl) return ActivityCodeListingSchema.parse(JSON.parse((await client.fetchUrl(listing.downloadUrl)).text)).entities ?? [];
  return [];
}

export interface SearchOptions {
  forceAsync?: boolean;
  forceDownloadService?: boolean;
  /**
   * Agents per business-unit search. Each search names its agents, so Genesys answers at once
   * (inline or through the download service) instead of asynchronously, and one answer stays a
   * few megabytes (the Lambda's memory).
   */
  batchSize: number;
  /** Searches in flight at once (each answer is held in memory until its breaks are taken out). */
  concurrency: number;
}

export const DEFAULT_SEARCH: SearchOptions = { batchSize: 2500, concurrency: 2 };
/** Smallest batch a search answered `Processing` is split down to before giving up. */
const MIN_BATCH = 100;

export type AnswerKind = 'inline' | 'download' | 'async';

/** The agents of a management unit (one call; Genesys returns them all). */
export async function managementUnitUsers(client: GenesysClient, muId: string): Promise<string[]> {
  const users = (await wfm(client).getWorkforcemanagementManagementunitUsers(muId)) as { entities?: Array<{ id: string }> };
  return (users.entities ?? []).map((u) => u.id);
}

/**
 * The published schedules of the given agents of one business unit for [start, end), searched
 * at the business unit (one search per `batchSize` agents, not one per management unit).
 * `onBatch` gets each answer as it arrives, so only one answer is in memory at a time. A batch
 * answered asynchronously is awaited on the client's notification channel (Genesys announces the
 * completion only there: search-completions.ts) until the tick's deadline; where that channel
 * cannot be had, it is searched again in two halves.
 */
export async function searchBusinessUnit(
  client: GenesysClient,
  businessUnitId: string,
  userIds: readonly string[],
  range: { startDate: string; endDate: string },
  opts: SearchOptions,
  onBatch: (agentSchedules: AgentSchedule[], answer: AnswerKind) => void,
  mayStart: () => boolean = () => true,
  keepActivity: (activityCodeId: string) => boolean = () => true,
): Promise<void> {
  let completions: Promise<SearchCompletions | undefined> | undefined;
  let listening = false;
  const listener = () =>
    (completions ??= openSearchCompletions(client).then(
      (c) => ((listening = c !== undefined), c),
      (e: unknown) => (debug(`schedule search completions unavailable: ${(e as Error).message}`), undefined),
    ));
  const finish = async (ids: readonly string[], operationId: string | undefined, c: SearchCompletions, flags: { forceDownloadService?: boolean }, heardFromStart: boolean): Promise<void> => {
    let op = operationId;
    // A completion published before the channel listened is lost: ask again, now listening.
    if (!heardFromStart) {
      const again = await postSearch(client, businessUnitId, range, flags, ids);
      if (again.status !== 'Processing') return onBatch(await completed(client, businessUnitId, again, keepActivity), 'async');
      op = again.operationId;
    }
    if (!op) throw new PreBreakError(`schedule search for business unit ${businessUnitId} answered Processing without an operationId`);
    const r = await c.wait(op, mayStart);
    if ('failed' in r) throw new PreBreakError(`schedule search for business unit ${businessUnitId} (${ids.length} agents, operation ${op}) did not complete: ${r.failed}`);
    return onBatch(await completed(client, businessUnitId, { status: 'Complete', operationId: op, downloadUrl: r.downloadUrl }, keepActivity), 'async');
  };
  const search = async (ids: readonly string[], flags: { forceAsync?: boolean; forceDownloadService?: boolean }, split: boolean): Promise<void> => {
    if (!mayStart()) throw new PreBreakError(`schedule search for business unit ${businessUnitId} not started: the tick reached its deadline`);
    const heardFromStart = listening;
    const res = await postSearch(client, businessUnitId, range, flags, ids);
    if (res.status !== 'Processing') return onBatch(await completed(client, businessUnitId, res, keepActivity), split ? 'async' : res.result ? 'inline' : 'download');
    const c = await listener();
    // forceAsync is a test switch for the first answer only: a search asked again is asked without it.
    if (c) return finish(ids, res.operationId, c, { forceDownloadService: flags.forceDownloadService }, heardFromStart);
    if (ids.length <= MIN_BATCH) throw new PreBreakError(`schedule search for business unit ${businessUnitId} stays asynchronous even for ${ids.length} agents (operation ${res.operationId ?? '?'})`);
    debug(`schedule search for BU ${businessUnitId} answered Processing for ${ids.length} agents; searching in halves`);
    const half = Math.ceil(ids.length / 2);
    for (const part of [ids.slice(0, half), ids.slice(half)]) await search(part, { forceDownloadService: flags.forceDownloadService }, true);
  };
  try {
    await inPool(chunk(userIds, opts.batchSize), opts.concurrency, (ids) => search(ids, { forceAsync: opts.forceAsync, forceDownloadService: opts.forceDownloadService }, false));
  } finally {
    (await completions)?.close();
  }
}

async function postSearch(client: GenesysClient, buId: string, range: { startDate: string; endDate: string }, flags: { forceAsync?: boolean; forceDownloadService?: boolean }, userIds: readonly string[]) {
  const query = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  return AsyncSearchResponseSchema.parse(await wfm(client).postWorkforcemanagementBusinessunitAgentschedulesSearch(buId, { ...range, userIds: [...userIds] }, query));
}

async function completed(client: GenesysClient, buId: string, res: AsyncSearchResponse, keepActivity: (activityCodeId: string) => boolean): Promise<AgentSchedule[]> {
  if (res.status === 'Canceled' || res.status === 'Error')
    throw new PreBreakError(`schedule search for business unit ${buId} ended ${res.status}${res.operationId ? ` (operation ${res.operationId})` : ''}`);
  if (res.result) return res.result.agentSchedules;
  if (res.downloadUrl) {
    // A download holds whole shifts for thousands of agents (megabytes): activities that are not
    // breaks are dropped before the answer is checked, so only the breaks are kept.
    const json = dropActivities(JSON.parse((await client.fetchUrl(res.downloadUrl)).text) as unknown, keepActivity) as Record<string, unknown>;
    return SchedulesResultSchema.parse('agentSchedules' in json ? json : (json.result ?? {})).agentSchedules;
  }
  throw new PreBreakError(`schedule search for business unit ${buId} answered ${res.status} with neither a result nor a downloadUrl`);
}

/** The parsed answer with every shift's activities filtered by `keep` (in place; shapes it does not know are left for the schema to refuse). */
function dropActivities(json: unknown, keep: (activityCodeId: string) => boolean): unknown {
  const rec = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
  const body = rec(json) && rec(json.result) ? json.result : json;
  if (!rec(body) || !Array.isArray(body.agentSchedules)) return json;
  for (const a of body.agentSchedules as unknown[])
    if (rec(a) && Array.isArray(a.shifts))
      for (const shift of a.shifts as unknown[])
        if (rec(shift) && Array.isArray(shift.activities))
          shift.activities = (shift.activities as unknown[]).filter((x) => !rec(x) || typeof x.activityCodeId !== 'string' || keep(x.activityCodeId));
  return json;
}
