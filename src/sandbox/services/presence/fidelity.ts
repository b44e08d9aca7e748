import type { FidelityEntry } from '../../core/fidelity.js';

export const fidelity: FidelityEntry[] = [
  {
    behaviour: "Setting another user's presence needs `presence:userPresence:edit` (the catalog lists no permission for the per-user PATCH), in the user's division.",
    endpoints: ['PATCH /api/v2/users/{userId}/presences/purecloud', 'PATCH /api/v2/users/{userId}/presences/{sourceId}'],
    sources: [
      { kind: 'catalog', ref: 'putUsersPresencesBulk: ANY presence:userPresence:edit' },
      { kind: 'assumed', confirm: 'a live PATCH by a client without presence permissions (the blueprints grant "presence > All Permissions" for it)' },
    ],
  },
];
