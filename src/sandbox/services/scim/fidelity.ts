import type { FidelityEntry } from '../../core/fidelity.js';

/** Genesys SCIM: the one read the Teams blueprints make. */
export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'GET /api/v2/scim/users/{userId} answers a ScimV2User whose Genesys extension (urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User) carries externalIds [{authority: microsoftteams, value: <Teams object id>}]; attributes= narrows the answer to those attributes plus id, schemas and meta.',
    endpoints: ['GET /api/v2/scim/users/{userId}'],
    sources: [
      { kind: 'catalog', ref: 'getScimUser' },
      { kind: 'code', ref: 'GenesysCloudBlueprints/update-ms-teams-presence-from-inbound-interaction-trigger-blueprint Find-Teams-User-Id.custom.json', note: 'attributes=…:User:externalIds' },
      { kind: 'assumed', confirm: 'the exact core attributes Genesys returns beside the extension, and its Content-Type (application/scim+json): one live GET' },
    ],
  },
];
