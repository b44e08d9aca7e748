import { toAnalyticsSpelling, type SystemPresenceName } from '../../../model/presence.js';
import { USER_DETAILS_DEFAULT_PAGE_SIZE, USER_DETAILS_MAX_PAGE_SIZE, UserDetailsQuery, type DetailFilter } from '../../../model/user-details.js';
import type { SandboxContext } from '../../core/context.js';
import type { BusEvent } from '../../core/bus.js';
import { badRequest } from '../../core/errors.js';
import { parseBody } from '../../core/parse-body.js';
import type { Collection } from '../../core/store.js';
import { presenceDefinitions } from '../presence/definitions.js';
import { userPresences, PURECLOUD } from '../presence/models.js';
import { routingStatuses } from '../users/routing-status.js';
import { sortedUsers } from '../users/models.js';

/**
 * The history behind `POST /api/v2/analytics/users/details/query`: one segment per stretch of a
 * user's primary presence and of their routing status, opened and closed by the sandbox's own
 * `v2.users.{id}.presence` / `.routingStatus` events — so whatever changes a presence (a data
 * action, the pre-break job, a person's PATCH) leaves the same trace it would in an org.
 */
export interface UserSegment {
  id: string;
  userId: string;
  kind: 'presence' | 'routing';
  /** AVAILABLE, ON_QUEUE… for presence; IDLE, OFF_QUEUE… for routing. */
  value: string;
  organizationPresenceId?: string;
  startTime: string;
  endTime?: string;
}

const MAX_SEGMENTS = 200_000;

export const userSegments = (ctx: SandboxContext): Collection<UserSegment> =>
  ctx.store.collection<UserSegment>('analyticsUserSegments', {
    hidden: true,
    cap: { max: MAX_SEGMENTS, age: (s) => s.startTime, evictable: (s) => s.endTime !== undefined },
  });

/** The open segment of each user and kind, indexed for the bus listener (rebuilt from the store). */
function openIndex(ctx: SandboxContext): Map<string, UserSegment> {
  const idx = new Map<string, UserSegment>();
  for (const s of userSegments(ctx).list()) if (!s.endTime) idx.set(`${s.userId}|${s.kind}`, s);
  return idx;
}

function open(ctx: SandboxContext, idx: Map<string, UserSegment>, seg: Omit<UserSegment, 'id'>): void {
  const key = `${seg.userId}|${seg.kind}`;
  const prev = idx.get(key);
  if (prev && prev.value === seg.value && prev.organizationPresenceId === seg.organizationPresenceId) return;
  if (prev) userSegments(ctx).put({ ...prev, endTime: seg.startTime });
  const next = { id: ctx.rng.uuid(), ...seg };
  userSegments(ctx).insert(next);
  idx.set(key, next);
}

/** Opens a segment for every user who has none yet (a fresh org, or one saved before history was kept). */
function seedOpenSegments(ctx: SandboxContext, idx: Map<string, UserSegment>): void {
  for (const u of sortedUsers(ctx)) {
    const rec = userPresences(ctx).get(u.id);
    const p = rec?.sources[rec.primarySource ?? PURECLOUD];
    if (p && !idx.has(`${u.id}|presence`)) {
      const system = presenceDefinitions(ctx).get(p.definitionId)?.systemPresence ?? 'Offline';
      open(ctx, idx, { userId: u.id, kind: 'presence', value: toAnalyticsSpelling(system), organizationPresenceId: p.definitionId, startTime: p.modifiedDate });
    }
    const r = routingStatuses(ctx).get(u.id);
    if (r && !idx.has(`${u.id}|routing`)) open(ctx, idx, { userId: u.id, kind: 'routing', value: r.status, startTime: r.startTime });
  }
}

/** Records presence and routing-status history from the bus for as long as the sandbox runs. */
export function recordUserHistory(ctx: SandboxContext): () => void {
  const idx = openIndex(ctx);
  seedOpenSegments(ctx, idx);
  return ctx.bus.subscribe((e: BusEvent) => {
    const userId = /^v2\.users\.([^.]+)\./.exec(e.topic)?.[1];
    if (!userId) return;
    if (e.topicName === 'v2.users.{id}.presence') {
      // Analytics keeps the primary presence only; a secondary source's change is not a segment.
      if (e.body.primary === false) return;
      const def = e.body.presenceDefinition as { id: string; systemPresence: SystemPresenceName };
      open(ctx, idx, { userId, kind: 'presence', value: toAnalyticsSpelling(def.systemPresence), organizationPresenceId: def.id, startTime: String(e.body.modifiedDate ?? e.publishedAt) });
    } else if (e.topicName === 'v2.users.{id}.routingStatus') {
      const rs = e.body.routingStatus as { status: string; startTime: string };
      open(ctx, idx, { userId, kind: 'routing', value: rs.status, startTime: rs.startTime });
    }
  });
}

/** Genesys: "YYYY-MM-DDThh:mm:ss/YYYY-MM-DDThh:mm:ss" (ISO-8601 start/end; a duration side is not modelled). */
export function parseInterval(text: string): { start: string; end: string } {
  const [a, b, extra] = text.split('/');
  const start = a ? new Date(a) : undefined;
  const end = b ? new Date(b) : undefined;
  if (extra !== undefined || !start || !end || Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()))
    throw badRequest(`interval: '${text}' is not an ISO-8601 interval (e.g. 2026-11-23T00:00:00.000Z/2026-11-24T00:00:00.000Z)`);
  if (end <= start) throw badRequest(`interval: the end of '${text}' is not after its start`);
  return { start: start.toISOString(), end: end.toISOString() };
}

function predicateMatches(p: { dimension?: string; operator?: string; value?: string }, fields: Record<string, string | undefined>): boolean {
  const v = p.dimension ? fields[p.dimension] : undefined;
  if (p.operator === 'exists') return v !== undefined;
  if (p.operator === 'notExists') return v === undefined;
  return v !== undefined && v === p.value;
}

function filterMatches(f: DetailFilter, fields: Record<string, string | undefined>): boolean {
  const results = [...(f.predicates ?? []).map((p) => predicateMatches(p, fields)), ...(f.clauses ?? []).map((c) => (c.type === 'and' ? c.predicates.every((p) => predicateMatches(p, fields)) : c.predicates.some((p) => predicateMatches(p, fields))))];
  if (results.length === 0) return true;
  return f.type === 'and' ? results.every(Boolean) : results.some(Boolean);
}

const filtersMatch = (filters: DetailFilter[] | undefined, fields: Record<string, string | undefined>) => (filters ?? []).every((f) => filterMatches(f, fields));

const USER_DIMENSIONS = new Set(['userId']);
const PRESENCE_DIMENSIONS = new Set(['systemPresence', 'organizationPresenceId']);
const ROUTING_DIMENSIONS = new Set(['routingStatus']);

function checkDimensions(name: string, filters: DetailFilter[] | undefined, allowed: Set<string>): void {
  for (const f of filters ?? [])
    for (const p of [...(f.predicates ?? []), ...(f.clauses ?? []).flatMap((c) => c.predicates)])
      if (p.dimension !== undefined && !allowed.has(p.dimension)) throw badRequest(`${name}: '${p.dimension}' is not a dimension of this query (use ${[...allowed].join(', ')})`);
}

/** Runs a UserDetailsQuery: users with any segment overlapping the interval, a page of them, their segments clipped to nothing (Genesys returns whole records). */
export function queryUserDetails(ctx: SandboxContext, body: unknown) {
  const q = parseBody(UserDetailsQuery, body);
  const { start, end } = parseInterval(q.interval);
  const pageSize = q.paging?.pageSize ?? USER_DETAILS_DEFAULT_PAGE_SIZE;
  const pageNumber = q.paging?.pageNumber ?? 1;
  if (pageSize < 1 || pageSize > USER_DETAILS_MAX_PAGE_SIZE) throw badRequest(`paging.pageSize must be between 1 and ${USER_DETAILS_MAX_PAGE_SIZE}`);
  if (pageNumber < 1) throw badRequest('paging.pageNumber must be 1 or more');
  checkDimensions('userFilters', q.userFilters, USER_DIMENSIONS);
  checkDimensions('presenceFilters', q.presenceFilters, PRESENCE_DIMENSIONS);
  checkDimensions('routingStatusFilters', q.routingStatusFilters, ROUTING_DIMENSIONS);
  if (ctx.profile.analyticsIntervalLimits) checkIntervalLimit(q, start, end);

  const byUser = new Map<string, UserSegment[]>();
  const now = ctx.clock.nowIso();
  for (const s of userSegments(ctx).list()) {
    if (s.startTime >= end || (s.endTime ?? now) <= start) continue;
    if (s.startTime > now) continue;
    if (!filtersMatch(q.userFilters, { userId: s.userId })) continue;
    const list = byUser.get(s.userId) ?? [];
    list.push(s);
    byUser.set(s.userId, list);
  }
  const matches = [...byUser.entries()].filter(([, segs]) => {
    const presence = segs.filter((s) => s.kind === 'presence');
    const routing = segs.filter((s) => s.kind === 'routing');
    const presenceOk = !q.presenceFilters?.length || presence.some((s) => filtersMatch(q.presenceFilters, { systemPresence: s.value, organizationPresenceId: s.organizationPresenceId }));
    const routingOk = !q.routingStatusFilters?.length || routing.some((s) => filtersMatch(q.routingStatusFilters, { routingStatus: s.value }));
    return presenceOk && routingOk;
  });
  matches.sort(([a], [b]) => a.localeCompare(b));
  const { page, totalHits } = pageOf(ctx, matches, { ...q, paging: undefined }, pageSize, pageNumber);
  const dir = q.order === 'desc' ? -1 : 1;
  const ordered = (segs: UserSegment[]) => [...segs].sort((a, b) => dir * (a.startTime.localeCompare(b.startTime) || (a.endTime ?? '~').localeCompare(b.endTime ?? '~')));
  return {
    userDetails: page.map(([userId, segs]) => {
      const presence = ordered(segs.filter((s) => s.kind === 'presence'));
      const routing = ordered(segs.filter((s) => s.kind === 'routing'));
      return {
        userId,
        ...(presence.length
          ? { primaryPresence: presence.map((s) => ({ startTime: s.startTime, ...(s.endTime ? { endTime: s.endTime } : {}), systemPresence: s.value, organizationPresenceId: s.organizationPresenceId })) }
          : {}),
        ...(routing.length ? { routingStatus: routing.map((s) => ({ startTime: s.startTime, ...(s.endTime ? { endTime: s.endTime } : {}), routingStatus: s.value })) } : {}),
      };
    }),
    totalHits,
  };
}

const DAY_MS = 86_400_000;
/** Developer center, detail/user-query: "not to exceed 7 days if you provide no filters and 31 days if you do provide filters". */
export const USER_DETAILS_MAX_DAYS = { unfiltered: 7, filtered: 31 } as const;

function checkIntervalLimit(q: UserDetailsQuery, start: string, end: string): void {
  const filtered = [q.userFilters, q.presenceFilters, q.routingStatusFilters].some((f) => (f ?? []).length > 0);
  const days = filtered ? USER_DETAILS_MAX_DAYS.filtered : USER_DETAILS_MAX_DAYS.unfiltered;
  if (Date.parse(end) - Date.parse(start) > days * DAY_MS)
    throw badRequest(`interval: ${start}/${end} exceeds ${days} days, the longest a user details query ${filtered ? 'with' : 'without'} filters may span`);
}

/**
 * One page of the matches. The default profile cuts full pages. The production profile models
 * the developer center's "pages may contain fewer than the requested page size entries": each
 * page covers `pageSize` stored entries, some of them duplicates (a status spanning two days is
 * stored for each) that are dropped from the answer — so a short page is not the last one, the
 * first empty page is, and totalHits counts the duplicates too (it is approximate).
 */
function pageOf<T>(ctx: SandboxContext, matches: T[], query: unknown, pageSize: number, pageNumber: number): { page: T[]; totalHits: number } {
  const key = JSON.stringify(query);
  // Where each page starts, and the stored duplicates dropped, until the matches run out.
  let at = 0;
  let duplicates = 0;
  let page: T[] = [];
  for (let n = 1; at < matches.length; n++) {
    const len = ctx.profile.analyticsPageLength(pageSize, key, n);
    if (n === pageNumber) page = matches.slice(at, at + len);
    duplicates += pageSize - len;
    at += len;
  }
  return { page, totalHits: matches.length + duplicates };
}

