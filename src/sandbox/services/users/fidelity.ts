import type { FidelityEntry } from '../../core/fidelity.js';

export const fidelity: FidelityEntry[] = [
  {
    behaviour: `(production profile) GET /api/v2/users with expand=presence,routingStatus leaves out a user's presence, or routing status, each on its own draw (10 % by default): the expansion is best effort`,
    endpoints: ['GET /api/v2/users'],
    sources: [
      { kind: 'sdk-model', ref: 'UsersApi.getUsers', note: 'expand is documented as best effort, not guaranteed (reference/production-behaviour.md)' },
      { kind: 'assumed', confirm: 'how often a live org leaves an expansion out, and whether it drops one field or all' },
    ],
  },
];
