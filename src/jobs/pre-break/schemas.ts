import { z } from 'zod';

/**
 * The Genesys answers the pre-break job reads, as zod schemas: only the fields it uses, the rest
 * passes through. A malformed answer fails here with the field named, not deep in the planner.
 */

export const ManagementUnitSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  businessUnit: z.looseObject({ id: z.string() }).optional(),
  timeZone: z.string().optional(),
});
export type ManagementUnit = z.infer<typeof ManagementUnitSchema>;

export const ManagementUnitListingSchema = z.looseObject({ entities: z.array(ManagementUnitSchema).default([]) });

export const ActivityCodeSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  category: z.string().optional(),
  active: z.boolean().optional(),
});
export type ActivityCode = z.infer<typeof ActivityCodeSchema>;

export const ActivityCodeListingSchema = z.looseObject({
  entities: z.array(ActivityCodeSchema).optional(),
  downloadUrl: z.string().optional(),
});

export const ScheduleActivitySchema = z.looseObject({
  startDate: z.string(),
  lengthMinutes: z.number().optional(),
  activityCodeId: z.string(),
  description: z.string().optional(),
});

export const AgentScheduleSchema = z.looseObject({
  user: z.looseObject({ id: z.string() }),
  shifts: z
    .array(z.looseObject({ startDate: z.string().optional(), activities: z.array(ScheduleActivitySchema).default([]) }))
    .default([]),
});
export type AgentSchedule = z.infer<typeof AgentScheduleSchema>;

export const SchedulesResultSchema = z.looseObject({
  agentSchedules: z.array(AgentScheduleSchema).default([]),
  businessUnitTimeZone: z.string().optional(),
});

/** BuAsyncAgentSchedulesSearchResponse. `result` is null unless Complete; `downloadUrl` when too large to inline. */
export const AsyncSearchResponseSchema = z.looseObject({
  status: z.enum(['Processing', 'Complete', 'Canceled', 'Error']),
  operationId: z.string().optional(),
  result: SchedulesResultSchema.nullish(),
  downloadUrl: z.string().nullish(),
  progress: z.number().optional(),
});
export type AsyncSearchResponse = z.infer<typeof AsyncSearchResponseSchema>;

export const PresenceDefinitionSchema = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  systemPresence: z.string().optional(),
  deactivated: z.boolean().optional(),
  languageLabels: z.record(z.string(), z.string()).optional(),
});
export type PresenceDefinition = z.infer<typeof PresenceDefinitionSchema>;

export const PresenceDefinitionListingSchema = z.looseObject({ entities: z.array(PresenceDefinitionSchema).default([]) });

/**
 * A user from `GET /api/v2/users?id=…&expand=presence,routingStatus`: presence and routing status
 * in one answer (the presence bulk read has no routing status).
 */
export const AgentStatusSchema = z.looseObject({
  id: z.string(),
  presence: z.looseObject({ presenceDefinition: z.looseObject({ id: z.string(), systemPresence: z.string().optional() }).optional() }).optional(),
  routingStatus: z.looseObject({ status: z.string().optional() }).optional(),
});
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

export const AgentStatusListingSchema = z.looseObject({ entities: z.array(AgentStatusSchema).default([]) });

/** `GET /api/v2/users/presences/purecloud/bulk` (UcUserPresence[]): what a missing presence expansion is read from. */
export const UserPresenceListSchema = z.array(z.looseObject({ userId: z.string().optional(), presenceDefinition: z.looseObject({ id: z.string(), systemPresence: z.string().optional() }).optional() }));
/** `GET /api/v2/users/{userId}/routingstatus` (RoutingStatus): what a missing routing-status expansion is read from. */
export const RoutingStatusSchema = z.looseObject({ status: z.string().optional() });
