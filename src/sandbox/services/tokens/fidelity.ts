import type { FidelityEntry } from '../../core/fidelity.js';

export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'GET /api/v2/tokens/me answers the TokenInfo of a client-credentials token: organization, homeOrganization and OAuthClient {id, name, organization}; no permission needed',
    endpoints: ['GET /api/v2/tokens/me'],
    sources: [
      { kind: 'sdk-model', ref: 'purecloud-platform-client-v2 Models.TokenInfo' },
      { kind: 'catalog', ref: 'GET /api/v2/tokens/me (getTokensMe, permissions: none)' },
    ],
  },
];
