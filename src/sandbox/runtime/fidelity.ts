import type { FidelityEntry } from '../core/fidelity.js';

/** The workflow runtime: how a run sees what a data action answered. */
export const fidelity: FidelityEntry[] = [
  {
    behaviour:
      "A workflow binds a data action's output flattened: nested objects as a.b, a field of an array of objects as a collection items.field; a dot in a field's own name is written __ (…:purecloud:2.0:User is bound as …:purecloud:2__0:User).",
    endpoints: ['POST /api/v2/integrations/actions/{actionId}/execute'],
    sources: [
      {
        kind: 'code',
        ref: 'GenesysCloudBlueprints/update-ms-teams-presence-from-inbound-interaction-trigger-blueprint Find-Teams-User-Id.custom.json',
        note: 'its output contract names urn:ietf:params:scim:schemas:extension:genesys:purecloud:2__0:User, and the DoNotDisturb flow binds …2__0:User.externalIds.value (reference/blueprints.md §3.7)',
      },
      { kind: 'assumed', confirm: 'that every dot in an output field name is escaped this way, not only in SCIM extension names: a live action answering such a field' },
    ],
  },
];
