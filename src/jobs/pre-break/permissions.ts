/**
 * The least privilege the pre-break job's OAuth client needs: exactly the endpoints the job calls
 * (src/jobs/pre-break/{wfm,presence}.ts) and, for each, the permission the endpoint catalog asks
 * for. Where the catalog accepts ANY of several, the one picked is the narrowest that covers the
 * most endpoints (wfm:publishedSchedule:view reads activity codes, MU users and published
 * schedules; it cannot edit anything). The `pre-break` blueprint's role must grant exactly
 * PRE_BREAK_PERMISSIONS (test/unit/pre-break-permissions.test.ts checks both against the catalog
 * and the manifest).
 */

export interface JobEndpoint {
  method: 'GET' | 'POST' | 'PUT';
  /** As the endpoint catalog spells it. */
  path: string;
  why: string;
}

export const PRE_BREAK_ENDPOINTS: readonly JobEndpoint[] = [
  { method: 'GET', path: '/api/v2/presencedefinitions/{presenceId}', why: 'check the Pre-Break presence exists (by id)' },
  { method: 'GET', path: '/api/v2/presence/definitions', why: 'find the Pre-Break presence by name' },
  { method: 'GET', path: '/api/v2/workforcemanagement/managementunits', why: 'management units in scope and their business units' },
  { method: 'GET', path: '/api/v2/workforcemanagement/businessunits/{businessUnitId}/activitycodes', why: 'which activity codes are breaks (by category)' },
  { method: 'GET', path: '/api/v2/workforcemanagement/managementunits/{managementUnitId}/users', why: 'the agents of each management unit (whom to search for)' },
  { method: 'POST', path: '/api/v2/workforcemanagement/businessunits/{businessUnitId}/agentschedules/search', why: 'published schedules, per business unit' },
  { method: 'POST', path: '/api/v2/notifications/channels', why: 'a channel to hear an asynchronous schedule search complete' },
  { method: 'PUT', path: '/api/v2/notifications/channels/{channelId}/subscriptions', why: 'its topic: v2.workforcemanagement.users.{id}.schedules.search' },
  { method: 'GET', path: '/api/v2/users', why: 'presence and routing status of the due agents (id=…&expand=presence,routingStatus)' },
  { method: 'GET', path: '/api/v2/users/presences/purecloud/bulk', why: 'the presences the best-effort expansion left out' },
  { method: 'GET', path: '/api/v2/users/{userId}/routingstatus', why: 'a routing status the best-effort expansion left out' },
  { method: 'PUT', path: '/api/v2/users/presences/bulk', why: 'set Pre-Break, and put back On Queue' },
];

export { derivePermissions, type CatalogRequirement } from '../../model/permission-requirement.js';

/** What the job's role grants (derived with `derivePermissions` from the catalog entries of PRE_BREAK_ENDPOINTS). */
export const PRE_BREAK_PERMISSIONS: readonly string[] = ['presence:presenceDefinition:view', 'presence:userPresence:edit', 'wfm:publishedSchedule:view'];
