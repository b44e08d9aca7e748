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

/** Workforce Management reads of the pre-break job, all through GenesysClient. */

export class PreBreakError extends Error {}

const wfm = (client: GenesysClient) => client.api(platformClient.WorkforceManagementApi);

/** Every management unit the client can see (one call; each names its business unit). */
export async function listManagementUnits(client: GenesysClient): Promise<ManagementUnit[]> {
  return ManagementUnitListingSchema.parse(await wfm(client).getWorkforcemanagementManagementunits()).entities;
}

/** The management units in scope: all of them, or the asked-for ids (an unknown id is an error before anything changes). */
export function selectManagementUnits(all: readonly ManagementUnit[], ids: readonly string[], everyUnit: boolean): ManagementUnit[] {
  if (everyUnit) return [...all];
  const byId = new Map(all.map((m) => [m.id, m]));
  const missing = ids.filter((id) => !byId.has(id));
  if (missing.length) {
    // An org may have hundreds of units: name a few, so the error stays one readable line.
    const shown = all.slice(0, 5).map((m) => `${m.id} (${m.name ?? '?'})`);
    const more = all.length > shown.length ? `, … ${all.length - shown.length} more (--all covers every one)` : '';
    throw new PreBreakError(`management unit ${missing.join(', ')} not found (or not visible to this OAuth client); visible: ${shown.join(', ') || 'none'}${more}`);
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
  /** User ids per search when a search has to be split (see `searchSchedules`). */
  splitBatchSize: number;
}

export const DEFAULT_SEARCH: SearchOptions = { splitBatchSize: 1000 };

export type AnswerKind = 'inline' | 'download' | 'async';

/** The published schedules of one MU for [start, end): one search, whichever of the three answers comes back. */
export async function searchSchedules(
  client: GenesysClient,
  mu: ManagementUnit,
  range: { startDate: string; endDate: string },
  opts: SearchOptions,
): Promise<{ agentSchedules: AgentSchedule[]; answer: AnswerKind }> {
  const first = await postSearch(client, mu.id, range, { forceAsync: opts.forceAsync, forceDownloadService: opts.forceDownloadService });
  if (first.status !== 'Processing') return { agentSchedules: await completed(client, mu, first), answer: first.result ? 'inline' : 'download' };
  // Genesys announces an asynchronous search's completion only as a notification on the
  // *user's* channel (v2.workforcemanagement.users.{id}.schedules.search) and offers no GET for
  // the operation, so a client-credentials job cannot wait for it. It asks again in batches
  // small enough to be answered at once, inline or through the download service.
  debug(`schedule search for MU ${mu.id} answered Processing (operation ${first.operationId ?? '?'}); searching in batches instead`);
  return { agentSchedules: await searchSplit(client, mu, range, opts), answer: 'async' };
}

async function postSearch(client: GenesysClient, muId: string, range: { startDate: string; endDate: string }, flags: { forceAsync?: boolean; forceDownloadService?: boolean }, userIds?: string[]) {
  const query = Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined));
  const body = userIds ? { ...range, userIds } : range;
  return AsyncSearchResponseSchema.parse(await wfm(client).postWorkforcemanagementManagementunitAgentschedulesSearch(muId, body, query));
}

async function completed(client: GenesysClient, mu: ManagementUnit, res: AsyncSearchResponse): Promise<AgentSchedule[]> {
  if (res.status === 'Canceled' || res.status === 'Error')
    throw new PreBreakError(`schedule search for management unit ${mu.id} ended ${res.status}${res.operationId ? ` (operation ${res.operationId})` : ''}`);
  if (res.result) return res.result.agentSchedules;
  if (res.downloadUrl) {
    const json = JSON.parse((await client.fetchUrl(res.downloadUrl)).text) as Record<string, unknown>;
    // The download holds the search result; accept it wrapped in the async envelope too.
    return SchedulesResultSchema.parse('agentSchedules' in json ? json : (json.result ?? {})).agentSchedules;
  }
  throw new PreBreakError(`schedule search for management unit ${mu.id} answered ${res.status} with neither a result nor a downloadUrl`);
}

/** The MU's agents in batches small enough for Genesys to answer at once. */
async function searchSplit(client: GenesysClient, mu: ManagementUnit, range: { startDate: string; endDate: string }, opts: SearchOptions): Promise<AgentSchedule[]> {
  const users = (await wfm(client).getWorkforcemanagementManagementunitUsers(mu.id)) as { entities?: Array<{ id: string }> };
  const out: AgentSchedule[] = [];
  for (const ids of chunk((users.entities ?? []).map((u) => u.id), opts.splitBatchSize)) {
    const res = await postSearch(client, mu.id, range, { forceDownloadService: opts.forceDownloadService }, ids);
    if (res.status === 'Processing') throw new PreBreakError(`schedule search for management unit ${mu.id} stays asynchronous even for ${ids.length} agents; lower the batch size`);
    out.push(...(await completed(client, mu, res)));
  }
  return out;
}
