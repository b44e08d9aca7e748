import { RESOURCES } from '../resources/index.js';
import type { Kind } from '../resources/types.js';

/**
 * What provisioning a blueprint asks of the admin client, by Genesys permission string. Each
 * resource kind lists the Platform API operations the engine performs to find, create, update and
 * delete it; each operation's requirement is the endpoint catalog's (`x-inin-requires-permissions`,
 * method + path template). A unit test checks this table against the catalog, so a typo or a
 * catalog change is caught there rather than by a user's failed apply.
 */
export interface Requirement {
  /** ANY: one of the permissions is enough; ALL: every one is needed. */
  type: 'ANY' | 'ALL';
  permissions: string[];
}

export const OPERATIONS = {
  'GET /api/v2/authorization/roles': { type: 'ANY', permissions: ['authorization:role:view'] },
  'POST /api/v2/authorization/roles': { type: 'ANY', permissions: ['authorization:role:add'] },
  'PUT /api/v2/authorization/roles/{roleId}': { type: 'ANY', permissions: ['authorization:role:edit'] },
  'DELETE /api/v2/authorization/roles/{roleId}': { type: 'ANY', permissions: ['authorization:role:delete'] },
  'GET /api/v2/oauth/clients': { type: 'ANY', permissions: ['oauth:client:view'] },
  'POST /api/v2/oauth/clients': { type: 'ANY', permissions: ['oauth:client:add'] },
  'PUT /api/v2/oauth/clients/{clientId}': { type: 'ANY', permissions: ['oauth:client:edit'] },
  'DELETE /api/v2/oauth/clients/{clientId}': { type: 'ANY', permissions: ['oauth:client:delete'] },
  'GET /api/v2/integrations': { type: 'ANY', permissions: ['integrations:integration:view'] },
  'POST /api/v2/integrations': { type: 'ANY', permissions: ['integrations:integration:add'] },
  'PATCH /api/v2/integrations/{integrationId}': { type: 'ANY', permissions: ['integrations:integration:edit'] },
  'PUT /api/v2/integrations/{integrationId}/config/current': { type: 'ANY', permissions: ['integrations:integration:edit'] },
  'DELETE /api/v2/integrations/{integrationId}': { type: 'ANY', permissions: ['integrations:integration:delete'] },
  'GET /api/v2/integrations/credentials': { type: 'ANY', permissions: ['integrations:integration:view'] },
  'POST /api/v2/integrations/credentials': { type: 'ANY', permissions: ['integrations:integration:add'] },
  'PUT /api/v2/integrations/credentials/{credentialId}': { type: 'ANY', permissions: ['integrations:integration:edit'] },
  'DELETE /api/v2/integrations/credentials/{credentialId}': { type: 'ANY', permissions: ['integrations:integration:delete'] },
  'GET /api/v2/integrations/actions': { type: 'ANY', permissions: ['integrations:action:view', 'bridge:actions:view'] },
  'POST /api/v2/integrations/actions': { type: 'ANY', permissions: ['integrations:action:add'] },
  'PATCH /api/v2/integrations/actions/{actionId}': { type: 'ANY', permissions: ['integrations:action:edit'] },
  'DELETE /api/v2/integrations/actions/{actionId}': { type: 'ANY', permissions: ['integrations:action:delete'] },
  'GET /api/v2/flows/datatables': { type: 'ANY', permissions: ['architect:datatable:view'] },
  'POST /api/v2/flows/datatables': { type: 'ANY', permissions: ['architect:datatable:add'] },
  'PUT /api/v2/flows/datatables/{datatableId}': { type: 'ANY', permissions: ['architect:datatable:edit'] },
  'DELETE /api/v2/flows/datatables/{datatableId}': { type: 'ANY', permissions: ['architect:datatable:delete'] },
  'GET /api/v2/flows/datatables/{datatableId}/rows': { type: 'ANY', permissions: ['architect:datatable:view', 'architect:datatableRow:view'] },
  'POST /api/v2/flows/datatables/{datatableId}/rows': { type: 'ANY', permissions: ['architect:datatable:add', 'architect:datatableRow:add'] },
  'PUT /api/v2/flows/datatables/{datatableId}/rows/{rowId}': { type: 'ANY', permissions: ['architect:datatable:edit', 'architect:datatableRow:edit'] },
  'DELETE /api/v2/flows/datatables/{datatableId}/rows/{rowId}': { type: 'ANY', permissions: ['architect:datatable:delete', 'architect:datatableRow:delete'] },
  'GET /api/v2/flows': { type: 'ANY', permissions: ['architect:flow:view'] },
  'POST /api/v2/flows/jobs': { type: 'ALL', permissions: ['architect:job:create'] },
  'GET /api/v2/flows/jobs/{jobId}': { type: 'ALL', permissions: ['architect:job:view'] },
  'POST /api/v2/flows/actions/publish': { type: 'ANY', permissions: ['architect:flow:unlock', 'architect:flow:publish'] },
  'DELETE /api/v2/flows/{flowId}': { type: 'ANY', permissions: ['architect:flow:delete'] },
  'GET /api/v2/processautomation/triggers': { type: 'ANY', permissions: ['processautomation:trigger:edit', 'processautomation:trigger:view'] },
  'POST /api/v2/processautomation/triggers': { type: 'ANY', permissions: ['processautomation:trigger:add'] },
  'PUT /api/v2/processautomation/triggers/{triggerId}': { type: 'ANY', permissions: ['processautomation:trigger:edit'] },
  'DELETE /api/v2/processautomation/triggers/{triggerId}': { type: 'ANY', permissions: ['processautomation:trigger:delete'] },
  'GET /api/v2/processautomation/triggers/topics': { type: 'ANY', permissions: ['processautomation:trigger:edit', 'processautomation:trigger:view'] },
  'GET /api/v2/presence/definitions': { type: 'ALL', permissions: ['presence:presenceDefinition:view'] },
  'POST /api/v2/presence/definitions': { type: 'ALL', permissions: ['presence:presenceDefinition:add'] },
  'PUT /api/v2/presence/definitions/{definitionId}': { type: 'ALL', permissions: ['presence:presenceDefinition:edit'] },
  'DELETE /api/v2/presence/definitions/{definitionId}': { type: 'ANY', permissions: ['presence:presenceDefinition:delete', 'presence:presenceDefinition:edit'] },
} as const satisfies Record<string, Requirement>;

export type Operation = keyof typeof OPERATIONS;

/** The operations the engine performs per resource kind (find by listing, then create/update/delete). */
export const KIND_OPERATIONS: Record<string, Operation[]> = {
  role: ['GET /api/v2/authorization/roles', 'POST /api/v2/authorization/roles', 'PUT /api/v2/authorization/roles/{roleId}', 'DELETE /api/v2/authorization/roles/{roleId}'],
  'oauth-client': ['GET /api/v2/oauth/clients', 'POST /api/v2/oauth/clients', 'PUT /api/v2/oauth/clients/{clientId}', 'DELETE /api/v2/oauth/clients/{clientId}'],
  credential: [
    'GET /api/v2/integrations/credentials',
    'POST /api/v2/integrations/credentials',
    'PUT /api/v2/integrations/credentials/{credentialId}',
    'DELETE /api/v2/integrations/credentials/{credentialId}',
  ],
  integration: [
    'GET /api/v2/integrations',
    'POST /api/v2/integrations',
    'PATCH /api/v2/integrations/{integrationId}',
    'PUT /api/v2/integrations/{integrationId}/config/current',
    'DELETE /api/v2/integrations/{integrationId}',
  ],
  'data-action': [
    'GET /api/v2/integrations/actions',
    'POST /api/v2/integrations/actions',
    'PATCH /api/v2/integrations/actions/{actionId}',
    'DELETE /api/v2/integrations/actions/{actionId}',
  ],
  'data-table': [
    'GET /api/v2/flows/datatables',
    'POST /api/v2/flows/datatables',
    'PUT /api/v2/flows/datatables/{datatableId}',
    'DELETE /api/v2/flows/datatables/{datatableId}',
    'GET /api/v2/flows/datatables/{datatableId}/rows',
    'POST /api/v2/flows/datatables/{datatableId}/rows',
    'PUT /api/v2/flows/datatables/{datatableId}/rows/{rowId}',
    'DELETE /api/v2/flows/datatables/{datatableId}/rows/{rowId}',
  ],
  workflow: ['GET /api/v2/flows', 'POST /api/v2/flows/jobs', 'GET /api/v2/flows/jobs/{jobId}', 'POST /api/v2/flows/actions/publish', 'DELETE /api/v2/flows/{flowId}'],
  trigger: [
    'GET /api/v2/processautomation/triggers',
    'POST /api/v2/processautomation/triggers',
    'PUT /api/v2/processautomation/triggers/{triggerId}',
    'DELETE /api/v2/processautomation/triggers/{triggerId}',
  ],
  // A local file (the pre-break job's credentials): no API call.
  'credentials-file': [],
  'presence-definition': [
    'GET /api/v2/presence/definitions',
    'POST /api/v2/presence/definitions',
    'PUT /api/v2/presence/definitions/{definitionId}',
    'DELETE /api/v2/presence/definitions/{definitionId}',
  ],
};

/** What the wizard itself reads while asking (the presence list, the trigger topics). */
export const WIZARD_OPERATIONS: Operation[] = ['GET /api/v2/presence/definitions', 'GET /api/v2/processautomation/triggers/topics'];

/** One requirement and why it is needed, for the doctor's report. */
export interface Need {
  requirement: Requirement;
  operation: string;
  /** The blueprints and resource kinds that need it. */
  neededBy: string[];
}

/** What a blueprint provisions, as preflight sees it. */
export interface BlueprintShape {
  name: string;
  /** Resource kinds it provisions. */
  kinds: string[];
  /**
   * Roles it creates and hands to its OAuth clients. Genesys lets a client hand out only the
   * permissions it holds itself, so the admin client needs every one of them too.
   */
  roles?: Array<{ name: string; permissions: string[] }>;
}

/** Folds what a set of blueprints provisions into the distinct requirements, each once. */
export function needsOf(blueprints: BlueprintShape[], extra: Operation[] = WIZARD_OPERATIONS): Need[] {
  const byKey = new Map<string, Need>();
  const add = (key: string, requirement: Requirement, operation: string, who: string) => {
    const n: Need = byKey.get(key) ?? { requirement, operation, neededBy: [] };
    if (!n.neededBy.includes(who)) n.neededBy.push(who);
    byKey.set(key, n);
  };
  const addOp = (op: Operation, who: string) => {
    const req: Requirement = OPERATIONS[op];
    add(op, { type: req.type, permissions: [...req.permissions] }, op, who);
  };
  for (const b of blueprints) {
    for (const kind of b.kinds) {
      const ops = KIND_OPERATIONS[kind];
      if (!ops) throw new Error(`blueprint ${b.name}: resource kind "${kind}" has no known API operations (preflight/requirements.ts)`);
      for (const op of ops) addOp(op, `${b.name} (${kind})`);
      // What the engine's own pre-apply check insists on, beyond the catalog (e.g. a flows-jobs
      // import creates the flow, so it needs architect:flow:add): doctor must not pass a client
      // that apply would then refuse.
      const declared = RESOURCES[kind as Kind]?.permissions;
      for (const p of declared ? Object.values(declared).flat() : [])
        add(`engine ${p}`, { type: 'ALL', permissions: [p] }, `${kind} (as the engine checks it)`, `${b.name} (${kind})`);
    }
    for (const role of b.roles ?? [])
      for (const p of role.permissions) add(`hand-out ${p}`, { type: 'ALL', permissions: [p] }, 'POST /api/v2/oauth/clients (roleDivisions)', `${b.name} (role "${role.name}")`);
  }
  for (const op of extra) addOp(op, 'setup');
  return [...byKey.values()];
}
