/**
 * What `timeline` and `watch` call and the permission each needs (endpoint catalog); the observe
 * blueprint's role grants exactly these, and doctor checks them with `--blueprint observe`.
 */
export const OBSERVE_CALLS = [
  { call: 'POST /api/v2/analytics/users/details/query', permissions: ['analytics:userDetail:view'] },
  { call: 'POST /api/v2/flows/instances/query', permissions: ['architect:flowInstance:search'] },
  { call: 'GET /api/v2/flows/instances/{instanceId}', permissions: ['architect:flowInstance:view'] },
  { call: 'GET /api/v2/flows', permissions: ['architect:flow:view'] },
  { call: 'GET /api/v2/users, GET /api/v2/presencedefinitions, GET /api/v2/date (Genesys\'s clock), /api/v2/notifications/channels…', permissions: [] },
] as const;

export const OBSERVE_PERMISSIONS: readonly string[] = [...new Set(OBSERVE_CALLS.flatMap((c) => c.permissions))].sort();
