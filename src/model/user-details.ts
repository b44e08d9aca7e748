import { z } from 'zod';

/**
 * `POST /api/v2/analytics/users/details/query` as the SDK models it (UserDetailsQuery →
 * AnalyticsUserDetailsQueryResponse): the presence and routing-status history of users, shared by
 * the sandbox that answers it and the `timeline` command that reads it.
 */
export const AnalyticsSystemPresence = z.enum(['AVAILABLE', 'AWAY', 'BUSY', 'OFFLINE', 'IDLE', 'ON_QUEUE', 'MEAL', 'TRAINING', 'MEETING', 'BREAK']);
export const AnalyticsRoutingStatus = z.enum(['OFF_QUEUE', 'IDLE', 'INTERACTING', 'NOT_RESPONDING', 'COMMUNICATING']);

const Predicate = z.object({
  type: z.enum(['dimension', 'property', 'metric']).optional(),
  dimension: z.string().optional(),
  operator: z.enum(['matches', 'exists', 'notExists']).optional(),
  value: z.string().optional(),
});
const Clause = z.object({ type: z.enum(['and', 'or']), predicates: z.array(Predicate) });
export const DetailFilter = z.object({ type: z.enum(['and', 'or']), clauses: z.array(Clause).optional(), predicates: z.array(Predicate).optional() });
export type DetailFilter = z.infer<typeof DetailFilter>;

export const UserDetailsQuery = z.object({
  interval: z.string(),
  userFilters: z.array(DetailFilter).optional(),
  presenceFilters: z.array(DetailFilter).optional(),
  routingStatusFilters: z.array(DetailFilter).optional(),
  order: z.enum(['asc', 'desc', 'unordered']).optional(),
  paging: z.object({ pageSize: z.number().int(), pageNumber: z.number().int() }).optional(),
});
export type UserDetailsQuery = z.infer<typeof UserDetailsQuery>;

export const AnalyticsUserPresenceRecord = z.object({
  startTime: z.string(),
  endTime: z.string().optional(),
  systemPresence: AnalyticsSystemPresence,
  organizationPresenceId: z.string().optional(),
});
export const AnalyticsRoutingStatusRecord = z.object({ startTime: z.string(), endTime: z.string().optional(), routingStatus: AnalyticsRoutingStatus });

export const AnalyticsUserDetail = z.object({
  userId: z.string(),
  primaryPresence: z.array(AnalyticsUserPresenceRecord).optional(),
  routingStatus: z.array(AnalyticsRoutingStatusRecord).optional(),
});
export type AnalyticsUserDetail = z.infer<typeof AnalyticsUserDetail>;

export const UserDetailsQueryResponse = z.object({ userDetails: z.array(AnalyticsUserDetail).optional(), totalHits: z.number().optional() });

/** Genesys caps a details page at 100 users (default 25). */
export const USER_DETAILS_MAX_PAGE_SIZE = 100;
export const USER_DETAILS_DEFAULT_PAGE_SIZE = 25;
