import type { FidelityEntry } from '../../core/fidelity.js';

export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'GET /api/v2/organizations/me answers the Organization {id, name, defaultLanguage, thirdPartyOrgName, domain, state, version}; every new sandbox is a new org with its own random id (whatever --seed), kept with the org in a --data file',
    endpoints: ['GET /api/v2/organizations/me'],
    sources: [
      { kind: 'sdk-model', ref: 'purecloud-platform-client-v2 Models.Organization' },
      { kind: 'assumed', confirm: 'a sandbox choice: each Genesys org has its own id; the sandbox draws one per org so that two sandboxes are two orgs to presence-kit' },
    ],
  },
];
