import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../core/context.js';
import { badRequest, notFound } from '../../core/errors.js';
import { getBusinessUnit, listManagementUnits, scheduleSource, type BusinessUnitRecord, type ManagementUnitRecord } from './models.js';
import { DAY_MINUTES, MINUTE, weekDateOf, type GeneratedShift } from './schedule-generator.js';
import { publishedShifts } from './published-shifts.js';

/**
 * The agent-schedule search (`POST …/agentschedules/search`) and its three answers, as Genesys
 * gives them (BuAsyncAgentSchedulesSearchResponse):
 *  - small answers inline: `{status: Complete, result}`;
 *  - large ones through the download service: `{status: Complete, downloadUrl}` (GET it for the
 *    same JSON), or always with `forceDownloadService=true`;
 *  - very large ones asynchronously: `{status: Processing, operationId}`, or always with
 *    `forceAsync=true`.
 *
 * Genesys delivers an asynchronous search's completion only as a notification
 * (`{operationId, businessUnitId, downloadUrl}`; no GET exists for these operations — the catalog
 * lists none). The sandbox publishes that notification on its bus (a channel of the searching client
 * may subscribe to it: the pre-break job waits there) and, for inspection, also answers polls at the sandbox-only
 * `GET /sandbox/v1/workforcemanagement/operations/{operationId}` (same body shape, `Complete` +
 * `downloadUrl` once done). An operation completes ASYNC_DELAY_MS of real time after it started
 * (real time, so a pinned sandbox clock does not freeze it), or once the sandbox clock has moved
 * ASYNC_CLOCK_MS past its start.
 */
export const INLINE_MAX_AGENTS = 500;
export const ASYNC_MIN_AGENTS = 10_000;
export const ASYNC_DELAY_MS = 300;
export const ASYNC_CLOCK_MS = 5_000;
/** Genesys refuses searches longer than this (sandbox assumption: 31 days, the WFM query limit). */
export const MAX_RANGE_DAYS = 31;
const KEEP_MS = 15 * 60_000;
/** Downloads kept at once besides the 15-minute expiry: a 50,000-agent answer is megabytes. */
const MAX_DOWNLOADS = 50;

export interface SearchFlags {
  forceAsync?: boolean;
  forceDownloadService?: boolean;
}

export interface SearchBody {
  startDate?: unknown;
  endDate?: unknown;
  userIds?: unknown;
}

interface AgentSchedule {
  user: { id: string; selfUri: string };
  shifts: GeneratedShift[];
  fullDayTimeOffMarkers: never[];
}

export interface SearchResult {
  agentSchedules: AgentSchedule[];
  businessUnitTimeZone: string;
  publishedSchedules: Array<{ id: string; weekDate: string; weekCount: number; selfUri: string }>;
}

export interface AsyncSearchResponse {
  status: 'Processing' | 'Complete' | 'Canceled' | 'Error';
  operationId: string;
  progress?: number;
  result?: SearchResult;
  downloadUrl?: string;
}

interface Operation {
  id: string;
  businessUnitId: string;
  clientId: string;
  startedReal: number;
  startedClock: number;
  compute: () => SearchResult;
  downloadUrl?: string;
  notified: boolean;
}

interface WfmRuntime {
  operations: Map<string, Operation>;
  downloads: Map<string, { json: string; at: number }>;
  /** Real-time completions still due (cleared when the sandbox closes). */
  timers: Set<NodeJS.Timeout>;
}

// Operations and downloads live in memory only: they are short-lived, like Genesys's.
const runtimes = new WeakMap<SandboxContext, WfmRuntime>();
function runtime(ctx: SandboxContext): WfmRuntime {
  let r = runtimes.get(ctx);
  if (!r) runtimes.set(ctx, (r = { operations: new Map(), downloads: new Map(), timers: new Set() }));
  const cutoff = Date.now() - KEEP_MS;
  for (const [k, v] of r.downloads) if (v.at < cutoff) r.downloads.delete(k);
  for (const [k, v] of r.operations) if (v.startedReal < cutoff) r.operations.delete(k);
  return r;
}

function parseRange(body: SearchBody): { startMs: number; endMs: number; userIds?: string[] } {
  const startMs = typeof body.startDate === 'string' ? Date.parse(body.startDate) : NaN;
  const endMs = typeof body.endDate === 'string' ? Date.parse(body.endDate) : NaN;
  if (Number.isNaN(startMs)) throw badRequest('startDate is required and must be an ISO-8601 date-time', { details: [{ fieldName: 'startDate' }] });
  if (Number.isNaN(endMs)) throw badRequest('endDate is required and must be an ISO-8601 date-time', { details: [{ fieldName: 'endDate' }] });
  if (endMs <= startMs) throw badRequest('endDate must be after startDate');
  if (endMs - startMs > MAX_RANGE_DAYS * DAY_MINUTES * MINUTE) throw badRequest(`The search range may not exceed ${MAX_RANGE_DAYS} days`);
  if (body.userIds !== undefined && (!Array.isArray(body.userIds) || body.userIds.some((u) => typeof u !== 'string')))
    throw badRequest('userIds must be a list of user ids');
  return { startMs, endMs, userIds: body.userIds as string[] | undefined };
}

function buildResult(ctx: SandboxContext, bu: BusinessUnitRecord, userIds: readonly string[], startMs: number, endMs: number): SearchResult {
  const src = scheduleSource(ctx, bu);
  const weeks = new Set<string>();
  const agentSchedules = userIds.map((id) => {
    const shifts = publishedShifts(ctx, src, id, startMs, endMs);
    for (const s of shifts) weeks.add(s.schedule.weekDate);
    return { user: { id, selfUri: `/api/v2/users/${id}` }, shifts, fullDayTimeOffMarkers: [] as never[] };
  });
  if (weeks.size === 0) weeks.add(weekDateOf(startMs));
  return {
    agentSchedules,
    businessUnitTimeZone: bu.timeZone,
    publishedSchedules: [...weeks].sort().map((weekDate) => {
      const id = src.scheduleIdFor(weekDate);
      return { id, weekDate, weekCount: 1, selfUri: `/api/v2/workforcemanagement/businessunits/${bu.id}/weeks/${weekDate}/schedules/${id}` };
    }),
  };
}

function storeDownload(ctx: SandboxContext, result: SearchResult): string {
  const token = randomBytes(18).toString('base64url');
  const { downloads } = runtime(ctx);
  downloads.set(token, { json: JSON.stringify(result), at: Date.now() });
  // A Map iterates in insertion order: the first keys are the oldest downloads.
  for (const old of downloads.keys()) {
    if (downloads.size <= MAX_DOWNLOADS) break;
    downloads.delete(old);
  }
  return `${ctx.baseUrl()}/sandbox/v1/workforcemanagement/downloads/${token}`;
}

/** Cancels the completions still due: a closed sandbox must not publish them. */
export function stopSearches(ctx: SandboxContext): void {
  const r = runtimes.get(ctx);
  for (const t of r?.timers ?? []) clearTimeout(t);
  r?.timers.clear();
}

/** The JSON behind a download URL, or 404 once expired. */
export function download(ctx: SandboxContext, token: string): string {
  const d = runtime(ctx).downloads.get(token);
  if (!d) throw notFound('The download has expired or does not exist');
  return d.json;
}

function complete(ctx: SandboxContext, op: Operation): void {
  if (op.downloadUrl) return;
  op.downloadUrl = storeDownload(ctx, op.compute());
  if (op.notified) return;
  op.notified = true;
  ctx.bus.publish({
    topic: `v2.workforcemanagement.users.${op.clientId}.schedules.search`,
    topicName: 'v2.workforcemanagement.users.{id}.schedules.search',
    body: { operationId: op.id, businessUnitId: op.businessUnitId, downloadUrl: op.downloadUrl },
    publishedAt: ctx.clock.nowIso(),
  });
}

function isDone(ctx: SandboxContext, op: Operation): boolean {
  return Date.now() - op.startedReal >= ASYNC_DELAY_MS || ctx.clock.now() - op.startedClock >= ASYNC_CLOCK_MS;
}

/** A poll of an asynchronous search (sandbox-only surface; see the file comment). */
export function operationStatus(ctx: SandboxContext, operationId: string): AsyncSearchResponse {
  const op = runtime(ctx).operations.get(operationId);
  if (!op) throw notFound(`Operation ${operationId} not found`);
  if (!isDone(ctx, op)) {
    const progress = Math.min(99, Math.floor(((Date.now() - op.startedReal) / ASYNC_DELAY_MS) * 100));
    return { status: 'Processing', operationId, progress };
  }
  complete(ctx, op);
  return { status: 'Complete', operationId, progress: 100, downloadUrl: op.downloadUrl };
}

function answer(ctx: SandboxContext, bu: BusinessUnitRecord, userIds: readonly string[], startMs: number, endMs: number, flags: SearchFlags, clientId: string): AsyncSearchResponse {
  const operationId = randomUUID();
  // The production profile: asynchronous at any size (Genesys names no size below which a search
  // stays synchronous).
  if (flags.forceAsync || userIds.length > ASYNC_MIN_AGENTS || ctx.profile.scheduleSearchAsync()) {
    const op: Operation = {
      id: operationId,
      businessUnitId: bu.id,
      clientId,
      startedReal: Date.now(),
      startedClock: ctx.clock.now(),
      compute: () => buildResult(ctx, bu, userIds, startMs, endMs),
      notified: false,
    };
    runtime(ctx).operations.set(operationId, op);
    // Completion is announced even if nobody polls, as Genesys's notification would be.
    const { timers } = runtime(ctx);
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (runtime(ctx).operations.has(operationId)) complete(ctx, op);
    }, ASYNC_DELAY_MS).unref();
    timers.add(timer);
    return { status: 'Processing', operationId, progress: 0 };
  }
  const result = buildResult(ctx, bu, userIds, startMs, endMs);
  if (flags.forceDownloadService || userIds.length > INLINE_MAX_AGENTS) return { status: 'Complete', operationId, downloadUrl: storeDownload(ctx, result) };
  return { status: 'Complete', operationId, result };
}

function selectUsers(members: readonly string[], requested?: string[]): string[] {
  if (!requested) return [...members];
  const set = new Set(members);
  return [...new Set(requested)].filter((id) => set.has(id));
}

/** `POST /managementunits/{managementUnitId}/agentschedules/search`: the MU's agents (or the asked-for ones among them). */
export function searchManagementUnit(ctx: SandboxContext, mu: ManagementUnitRecord, body: SearchBody, flags: SearchFlags, clientId: string): AsyncSearchResponse {
  const { startMs, endMs, userIds } = parseRange(body);
  return answer(ctx, getBusinessUnit(ctx, mu.businessUnitId), selectUsers(mu.userIds, userIds), startMs, endMs, flags, clientId);
}

/** `POST /businessunits/{businessUnitId}/agentschedules/search`: every agent of the BU's MUs (or the asked-for ones). */
export function searchBusinessUnit(ctx: SandboxContext, bu: BusinessUnitRecord, body: SearchBody, flags: SearchFlags, clientId: string): AsyncSearchResponse {
  const { startMs, endMs, userIds } = parseRange(body);
  const members = listManagementUnits(ctx, { businessUnitId: bu.id }).flatMap((m) => m.userIds);
  return answer(ctx, bu, selectUsers(members, userIds), startMs, endMs, flags, clientId);
}
