import type { FidelityEntry } from '../../core/fidelity.js';

const Q = 'POST /api/v2/analytics/users/details/query';

export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'User details answer AnalyticsUserDetailsQueryResponse: userDetails[{userId, primaryPresence[{startTime, endTime, systemPresence, organizationPresenceId}], routingStatus[{startTime, endTime, routingStatus}]}] and totalHits; system presences in analytics spelling (ON_QUEUE, AVAILABLE…); an open segment has no endTime',
    endpoints: [Q],
    sources: [
      { kind: 'sdk-model', ref: 'AnalyticsUserDetailsQueryResponse, AnalyticsUserDetail, AnalyticsUserPresenceRecord, AnalyticsRoutingStatusRecord' },
      { kind: 'catalog', ref: 'postAnalyticsUsersDetailsQuery (ANY analytics:userDetail:view)' },
    ],
  },
  {
    behaviour: 'The query body is UserDetailsQuery: interval "start/end" (ISO-8601) required; userFilters (dimension userId), presenceFilters (systemPresence, organizationPresenceId), routingStatusFilters (routingStatus) with and/or predicates and clauses; order asc|desc; paging {pageSize (default 25, at most 100), pageNumber}; a page is a page of users',
    endpoints: [Q],
    sources: [
      { kind: 'sdk-model', ref: 'UserDetailsQuery, UserDetailQueryFilter, UserDetailQueryPredicate, PagingSpec', note: '"Default page size is 25"' },
      { kind: 'assumed', confirm: 'the 100 maximum page size and which users a page holds (the sandbox: users with a segment overlapping the interval, sorted by id) against a live org' },
    ],
  },
  {
    behaviour: 'A segment is recorded from every primary-presence and routing-status change, whatever made it (data action, pre-break job, a person), at the change time; a secondary-source presence change is not a segment; the history is available at once',
    endpoints: [Q],
    sources: [{ kind: 'assumed', confirm: 'analytics ingestion latency in a live org (seconds to minutes): timeline reads a real org later than the sandbox' }],
  },
  {
    behaviour: 'An interval that is not start/end ISO-8601, or whose end is not after its start, is a 400 naming the interval; an unknown filter dimension is a 400 naming it',
    endpoints: [Q],
    sources: [{ kind: 'assumed', confirm: 'the exact error code and message analytics answers for a malformed interval' }],
  },
  {
    behaviour: '(production profile) A user details page holds between half and all of the requested page size (the same page every time it is asked for); a short page is not the last — the first empty page is; totalHits counts the dropped duplicates too, so it is at least the number of users the pages hold',
    endpoints: [Q],
    sources: [{ kind: 'doc', ref: 'https://developer.genesys.cloud/analyticsdatamanagement/analytics/detail/user-query', note: '"pages may contain fewer than the requested page size entries" (a status spanning two days is stored twice, the redundant entry dropped); totalHits is "the approximate total number of records"' }],
  },
  {
    behaviour: '(production profile) An interval longer than 31 days with any user, presence or routing-status filter, or longer than 7 days with none, is a 400 naming the limit',
    endpoints: [Q],
    sources: [
      { kind: 'doc', ref: 'https://developer.genesys.cloud/analyticsdatamanagement/analytics/detail/user-query', note: '"Intervals are limited to a duration not to exceed 7 days if you provide no filters and 31 days if you do provide filters"' },
      { kind: 'assumed', confirm: 'the error code and message a live org answers for a too-long interval (the sandbox: bad.request, "interval: … exceeds 31 days …"); the default profile does not enforce the limits' },
    ],
  },
];
