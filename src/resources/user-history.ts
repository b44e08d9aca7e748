import type { GenesysClient } from '../genesys/client.js';
import { USER_DETAILS_MAX_PAGE_SIZE, UserDetailsQueryResponse, type AnalyticsUserDetail, type UserDetailsQuery } from '../model/user-details.js';

/**
 * Presence and routing-status history of some users (`POST /api/v2/analytics/users/details/query`,
 * analytics:userDetail:view): every page, users asked for in groups so one query's filter stays small.
 */
const USERS_PER_QUERY = 100;

export async function userHistory(client: GenesysClient, userIds: readonly string[], interval: { from: string; to: string }): Promise<AnalyticsUserDetail[]> {
  const out = new Map<string, AnalyticsUserDetail>();
  for (let i = 0; i < userIds.length; i += USERS_PER_QUERY) {
    const group = userIds.slice(i, i + USERS_PER_QUERY);
    for (let pageNumber = 1; pageNumber <= 1000; pageNumber++) {
      const body: UserDetailsQuery = {
        interval: `${interval.from}/${interval.to}`,
        order: 'asc',
        userFilters: [{ type: 'or', predicates: group.map((id) => ({ dimension: 'userId', value: id })) }],
        paging: { pageSize: USER_DETAILS_MAX_PAGE_SIZE, pageNumber },
      };
      const page = UserDetailsQueryResponse.parse(await client.request('POST', '/api/v2/analytics/users/details/query', { body }));
      for (const d of page.userDetails ?? []) {
        const prev = out.get(d.userId);
        out.set(d.userId, prev ? { userId: d.userId, primaryPresence: [...(prev.primaryPresence ?? []), ...(d.primaryPresence ?? [])], routingStatus: [...(prev.routingStatus ?? []), ...(d.routingStatus ?? [])] } : d);
      }
      if ((page.userDetails ?? []).length < USER_DETAILS_MAX_PAGE_SIZE || pageNumber * USER_DETAILS_MAX_PAGE_SIZE >= (page.totalHits ?? 0)) break;
    }
  }
  return [...out.values()];
}
