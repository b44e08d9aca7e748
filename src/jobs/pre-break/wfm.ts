import platformClient from 'purecloud-platform-client-v2';
import type { GenesysClient } from '../../genesys/client.js';
import { GenesysError } from '../../genesys/errors.js';
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
  if (missing.length)
    throw new PreBreakError(
      `management unit ${missing.join(', ')} not found (or not visible to this OAuth client); visible: ${all.map((m) => `${m.id} (${m.name ?? '?'})`).join(', ') || 'none'}`,
    );
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
  /** How long to wait for an asynchronous search before giving up. */
  pollTimeoutMs: number;
  pollIntervalMs: number;
  /** User ids per search when a search has to be split (see `searchSchedules`). */
  splitBatchSize: number;
}

export const DEFAULT_SEARCH: SearchOptions = { pollTimeoutMs: 60_000, pollIntervalMs: 500, splitBatchSize: 1000 };

/**
 * Genesys announces an asynchronous search's completion only by notification. The sandbox also
 * answers polls here (see src/sandbox/services/workforcemanagement/schedule-search.ts); an org
 * answers 404, and the job then splits the search into batches small enough to answer at once.
 */
export const OPERATION_POLL_PATH = '/sandbox/v1/workforcemanagement/operations/{operationId}';

export type AnswerKind = 'inline' | 'download' | 'async' | 'split';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The published schedules of one MU for [start, end): one search, whichever of the three answers comes back. */
export async function searchSchedules(
  client: GenesysClient,
  mu: ManagementUnit,
  range: { startDate: string; endDate: string },
  opts: SearchOptions,
): Promise<{ agentSchedules: AgentSchedule[]; answer: AnswerKind }> {
  const first = await postSearch(client, mu.id, range, { forceAsync: opts.forceAsync, forceDownloadService: opts.forceDownloadService });
  if (first.status !== 'Processing') return { agentSchedules: await completed(client, mu, first), answer: first.result ? 'inline' : 'download' };
  const polled = await poll(client, mu, first.operationId, opts);
  if (polled) return { agentSchedules: await completed(client, mu, polled), answer: 'async' };
  return { agentSchedules: await searchSplit(client, mu, range, opts), answer: 'split' };
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

/** Polls an asynchronous search until done (bounded); undefined when polling is not offered (an org). */
async function poll(client: GenesysClient, mu: ManagementUnit, operationId: string | undefined, opts: SearchOptions): Promise<AsyncSearchResponse | undefined> {
  if (!operationId) return undefined;
  const deadline = Date.now() + opts.pollTimeoutMs;
  for (;;) {
    await sleep(opts.pollIntervalMs);
    let res: AsyncSearchResponse;
    try {
      res = AsyncSearchResponseSchema.parse(await client.request('GET', OPERATION_POLL_PATH.replace('{operationId}', encodeURIComponent(operationId))));
    } catch (e) {
      if (e instanceof GenesysError && e.status === 404) {
        debug(`schedule search ${operationId} for MU ${mu.id} is asynchronous and cannot be polled here; splitting the search`);
        return undefined;
      }
      throw e;
    }
    if (res.status !== 'Processing') return res;
    if (Date.now() >= deadline)
      throw new PreBreakError(`schedule search for management unit ${mu.id} still Processing after ${Math.round(opts.pollTimeoutMs / 1000)} s (operation ${operationId}); the next tick tries again`);
  }
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
