import type { GenesysClient } from '../genesys/client.js';
import { USER_DETAILS_MAX_PAGE_SIZE, UserDetailsQueryResponse, type AnalyticsUserDetail, type UserDetailsQuery } from '../model/user-details.js';

/**
 * Presence and routing-status history of some users (`POST /api/v2/analytics/users/details/query`,
 * analytics:userDetail:view): users asked for in groups so one query's filter stays small, the
 * window cut into intervals the API accepts, and every page of each.
 *
 * Developer center (analytics detail/user-query): "pages may contain fewer than the requested page
 * size entries" (a status spanning two days is stored twice and the duplicate dropped), totalHits
 * is "approximate", and an interval may not "exceed 7 days if you provide no filters and 31 days if
 * you do provide filters". So a short page is not the last one — the first empty page is — and a
 * record seen twice (in two intervals, or on two pages) is kept once.
 */
const USERS_PER_QUERY = 100;
const MAX_PAGES = 1000;
const DAY_MS = 86_400_000;
/** Every query here filters on userId: the filtered limit applies. */
export const MAX_FILTERED_INTERVAL_DAYS = 31;

/** `from`–`to` cut into consecutive intervals of at most `maxDays` each. */
export function legalIntervals(interval: { from: string; to: string }, maxDays = MAX_FILTERED_INTERVAL_DAYS): Array<{ from: string; to: string }> {
  const end = Date.parse(interval.to);
  const out: Array<{ from: string; to: string }> = [];
  for (let at = Date.parse(interval.from); at < end; at += maxDays * DAY_MS) out.push({ from: new Date(at).toISOString(), to: new Date(Math.min(end, at + maxDays * DAY_MS)).toISOString() });
  return out.length ? out : [interval];
}

/** One user's records from many pages and intervals: each record once (a record spanning two intervals comes back in both). */
function merge(prev: AnalyticsUserDetail | undefined, next: AnalyticsUserDetail): AnalyticsUserDetail {
  const once = <T>(a: T[] | undefined, b: T[] | undefined): T[] => {
    const seen = new Set<string>();
    return [...(a ?? []), ...(b ?? [])].filter((r) => {
      const k = JSON.stringify(r);
      return seen.has(k) ? false : (seen.add(k), true);
    });
  };
  return { userId: next.userId, primaryPresence: once(prev?.primaryPresence, next.primaryPresence), routingStatus: once(prev?.routingStatus, next.routingStatus) };
}

export async function userHistory(client: GenesysClient, userIds: readonly string[], interval: { from: string; to: string }): Promise<AnalyticsUserDetail[]> {
  const out = new Map<string, AnalyticsUserDetail>();
  for (let i = 0; i < userIds.length; i += USERS_PER_QUERY) {
    const group = userIds.slice(i, i + USERS_PER_QUERY);
    for (const part of legalIntervals(interval)) {
      for (let pageNumber = 1; pageNumber <= MAX_PAGES; pageNumber++) {
        const body: UserDetailsQuery = {
          interval: `${part.from}/${part.to}`,
          order: 'asc',
          userFilters: [{ type: 'or', predicates: group.map((id) => ({ dimension: 'userId', value: id })) }],
          paging: { pageSize: USER_DETAILS_MAX_PAGE_SIZE, pageNumber },
        };
        const page = UserDetailsQueryResponse.parse(await client.request('POST', '/api/v2/analytics/users/details/query', { body }));
        const details = page.userDetails ?? [];
        if (details.length === 0) break;
        for (const d of details) out.set(d.userId, merge(out.get(d.userId), d));
      }
    }
  }
  return [...out.values()];
}
