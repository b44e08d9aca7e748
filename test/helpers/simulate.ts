import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GenesysClient } from '../../src/genesys/client.js';
import { inputFromExport, readActionExport } from '../../src/resources/data-action.js';
import { sandboxControl, type SandboxControl } from '../../src/simulate/control.js';
import type { Execution } from '../../src/simulate/types.js';
import { SANDBOX_ONLY, type TestTarget } from './target.js';

/**
 * Building blocks for tests that run a solution in the sandbox: create what an admin creates
 * (roles, OAuth client, Genesys Cloud Data Actions integration, data actions, tables, workflows,
 * triggers) through the API, then drive calls and events and read what ran. Reusable for the
 * original blueprints and for ours.
 */
export const FIXTURES = fileURLToPath(new URL('../../../shared/fixtures/blueprints/', import.meta.url));
export const COMMUNICATE = `${FIXTURES}update-gc-presence-on-communicate-call-activity-blueprint/`;
export const TEAMS = `${FIXTURES}gc-presence-update-from-ms-teams/`;

export const PRESENCE = {
  Available: '6a3af858-942f-489d-9700-5f9bcdcdae9b',
  Busy: '31fe3bac-dea6-44b7-bed7-47f91660a1a0',
  Away: '5e5c5c66-ea97-4e7f-ac41-6424784829f2',
  'On Queue': 'e08eaf1b-ee47-4fa9-a231-1200e284798f',
  Offline: 'ccf3c10a-aa2c-4845-8e8d-f59fa48c58e5',
} as const;

export function controlOf(t: TestTarget): SandboxControl {
  if (!t.sandbox) throw new Error(SANDBOX_ONLY);
  return sandboxControl(t.sandbox.url);
}

/** `{{key}}` substitution, as Terraform's `genesyscloud_flow.substitutions` does it. */
export const substitute = (text: string, values: Record<string, string>) =>
  text.replace(/\{\{\s*(\w+)\s*\}\}/g, (m, k: string) => values[k] ?? m);

export interface DataActionsIntegration {
  integrationId: string;
  roleId: string;
  clientId: string;
}

/**
 * A role with `permissionPolicies`, a client-credentials OAuth client holding it, a credential
 * with its id and secret, and an ENABLED Genesys Cloud Data Actions integration using it.
 */
export async function createDataActionsIntegration(
  client: GenesysClient,
  name: string,
  policies: Array<{ domain: string; entityName: string; actionSet: string[] }>,
): Promise<DataActionsIntegration> {
  // All divisions: the sandbox org's users sit in several (test/e2e/divisions.test.ts covers Home only).
  const divisionId = '*';
  const role = await client.request<{ id: string }>('POST', '/api/v2/authorization/roles', { body: { name: `${name} role`, permissionPolicies: policies } });
  const oauth = await client.request<{ id: string; secret: string }>('POST', '/api/v2/oauth/clients', {
    body: { name: `${name} client`, authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: role.id, divisionId }] },
  });
  const cred = await client.request<{ id: string }>('POST', '/api/v2/integrations/credentials', {
    body: { name: `${name} credential`, type: { name: 'pureCloudOAuthClient' }, credentialFields: { clientId: oauth.id, clientSecret: oauth.secret } },
  });
  const integ = await client.request<{ id: string }>('POST', '/api/v2/integrations', { body: { integrationType: { id: 'purecloud-data-actions' } } });
  const current = await client.request<{ version: number }>('GET', `/api/v2/integrations/${integ.id}/config/current`);
  await client.request('PUT', `/api/v2/integrations/${integ.id}/config/current`, {
    body: { name, version: current.version, properties: {}, advanced: {}, notes: '', credentials: { pureCloudOAuthClient: { id: cred.id } } },
  });
  await client.request('PATCH', `/api/v2/integrations/${integ.id}`, { body: { intendedState: 'ENABLED' } });
  return { integrationId: integ.id, roleId: role.id, clientId: oauth.id };
}

/** Imports a data action export file into an integration, under `name` (default: the file's). */
export async function createActionFromExport(client: GenesysClient, file: string, target: { integrationId: string; category: string; name?: string }): Promise<string> {
  const body = inputFromExport(readActionExport(file), target);
  return (await client.request<{ id: string }>('POST', '/api/v2/integrations/actions', { body })).id;
}

export interface JobOutcome {
  status: string;
  flow?: { id: string; name: string };
  messages: Array<{ type: string; text: string }>;
}

/** The flows-jobs import, as Terraform drives it: register, PUT to the presigned URL, read the job. */
export async function importYaml(client: GenesysClient, yamlText: string): Promise<JobOutcome> {
  const job = await client.request<{ id: string; presignedUrl: string; headers: Record<string, string> }>('POST', '/api/v2/flows/jobs');
  const up = await client.fetchUrl(job.presignedUrl, { method: 'PUT', headers: job.headers, body: yamlText });
  if (up.status !== 200) throw new Error(`upload failed: ${up.status} ${up.text}`);
  for (let i = 0; i < 50; i++) {
    const s = await client.request<JobOutcome>('GET', `/api/v2/flows/jobs/${job.id}`, { query: { expand: 'messages' } });
    if (s.status === 'Success' || s.status === 'Failure') return { ...s, messages: s.messages ?? [] };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`flows job ${job.id} did not finish`);
}

export async function importWorkflowFile(client: GenesysClient, file: string, substitutions: Record<string, string> = {}): Promise<string> {
  const out = await importYaml(client, substitute(readFileSync(file, 'utf8'), substitutions));
  if (out.status !== 'Success' || !out.flow) throw new Error(`import of ${file} failed: ${out.messages.map((m) => m.text).join(' | ')}`);
  return out.flow.id;
}

export async function createTrigger(
  client: GenesysClient,
  t: { name: string; topicName: string; flowId: string; matchCriteria?: Array<Record<string, unknown>>; dataFormat?: 'TopLevelPrimitives' | 'Json'; eventTTLSeconds?: number; delayBySeconds?: number },
): Promise<string> {
  const body = {
    name: t.name,
    topicName: t.topicName,
    enabled: true,
    target: { type: 'Workflow', id: t.flowId, workflowTargetSettings: { dataFormat: t.dataFormat ?? 'TopLevelPrimitives' } },
    matchCriteria: t.matchCriteria ?? [],
    ...(t.eventTTLSeconds ? { eventTTLSeconds: t.eventTTLSeconds } : {}),
    ...(t.delayBySeconds ? { delayBySeconds: t.delayBySeconds } : {}),
  };
  return (await client.request<{ id: string }>('POST', '/api/v2/processautomation/triggers', { body })).id;
}

/** A data table from a `key,column…` CSV (strings), as the admin UI's import does. */
export async function createDataTableFromCsv(client: GenesysClient, name: string, csvText: string): Promise<string> {
  const [header, ...lines] = csvText.trim().split(/\r?\n/);
  const cols = header!.split(',').map((c) => c.trim());
  const properties: Record<string, unknown> = { key: { title: cols[0], type: 'string', $id: '/properties/key', displayOrder: 0 } };
  cols.slice(1).forEach((c, i) => (properties[c] = { title: c, type: 'string', $id: `/properties/${c}`, displayOrder: i + 1 }));
  const table = await client.request<{ id: string }>('POST', '/api/v2/flows/datatables', {
    body: { name, schema: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['key'], properties, additionalProperties: false } },
  });
  for (const line of lines) {
    const cells = line.split(',').map((c) => c.trim());
    const row: Record<string, string> = { key: cells[0]! };
    cols.slice(1).forEach((c, i) => (row[c] = cells[i + 1] ?? ''));
    await client.request('POST', `/api/v2/flows/datatables/${table.id}/rows`, { body: row });
  }
  return table.id;
}

export async function systemPresence(client: GenesysClient, userId: string): Promise<string> {
  return (await client.request<{ presenceDefinition: { systemPresence: string } }>('GET', `/api/v2/users/${userId}/presences/purecloud`)).presenceDefinition.systemPresence;
}

export async function setPresence(client: GenesysClient, userId: string, definitionId: string): Promise<void> {
  await client.request('PATCH', `/api/v2/users/${userId}/presences/purecloud`, { body: { presenceDefinition: { id: definitionId }, primary: true } });
}

/** Active users of the org, in listing order. */
export async function someUsers(client: GenesysClient, n: number): Promise<Array<{ id: string; name: string; email: string }>> {
  const page = await client.request<{ entities: Array<{ id: string; name: string; email: string }> }>('GET', '/api/v2/users', { query: { pageSize: Math.max(n, 25) } });
  if (page.entities.length < n) throw new Error(`the org has only ${page.entities.length} users`);
  return page.entities.slice(0, n);
}

export async function executions(ctl: SandboxControl, query: Record<string, string | undefined> = {}): Promise<Execution[]> {
  return (await ctl.get<{ entities: Execution[] }>('executions', query)).entities;
}

/** Every data action a run called, by name, with its outcome. */
export const dataActionCalls = (e: Execution) =>
  e.steps.filter((s) => s.action === 'callData').map((s) => ({ dataAction: String(s.detail?.dataAction ?? ''), outcome: String(s.detail?.outcome ?? '') }));

/**
 * The original Communicate-call blueprint as its guide sets it up, with the actions under the names
 * its flows call. `beforeRenames` runs once the actions exist under their JSON files' names only
 * (as the guide leaves them), before the two the Busy flow calls by another name are added.
 */
export async function setupOriginalCommunicateCall(
  client: GenesysClient,
  beforeRenames?: () => Promise<unknown>,
): Promise<{ busyFlowId: string; availableFlowId: string; presenceApi: DataActionsIntegration; conversationApi: DataActionsIntegration }> {
  const presenceApi = await createDataActionsIntegration(client, 'Update Genesys Cloud User Presence', [{ domain: 'presence', entityName: '*', actionSet: ['*'] }]);
  const conversationApi = await createDataActionsIntegration(client, 'GetConversationDetailsPublicAPI', [
    { domain: 'analytics', entityName: 'conversationDetail', actionSet: ['view'] },
    { domain: 'conversation', entityName: 'communication', actionSet: ['view'] },
  ]);
  const presenceCat = { integrationId: presenceApi.integrationId, category: 'Update Genesys Cloud User Presence' };
  const convCat = { integrationId: conversationApi.integrationId, category: 'GetConversationDetailsPublicAPI' };
  await createActionFromExport(client, `${COMMUNICATE}GC-User-Presence-Update.custom.json`, presenceCat);
  await createActionFromExport(client, `${COMMUNICATE}Get-Genesys-Cloud-User-Presence.custom.json`, presenceCat);
  await createActionFromExport(client, `${COMMUNICATE}GetInboundConversationCallsCheckForUserPickUp.custom.json`, convCat);
  await beforeRenames?.();
  // blueprints.md §1.4: the Busy flow calls these two with a " (ConversationDirect)" suffix.
  await createActionFromExport(client, `${COMMUNICATE}GetInboundConversationDetailsForPickUp-Includes-Group-Check.custom.json`, {
    ...convCat,
    name: 'GetInboundConversationDetailsForPickUp (Includes Group Check) (ConversationDirect)',
  });
  await createActionFromExport(client, `${COMMUNICATE}GetOutboundConversationDetailsForPickUp.custom.json`, { ...convCat, name: 'GetOutboundConversationDetailsForPickUp (ConversationDirect)' });
  const busyFlowId = await importWorkflowFile(client, `${COMMUNICATE}Set GC User to Busy.yaml`);
  const availableFlowId = await importWorkflowFile(client, `${COMMUNICATE}Set GC User to Available.yaml`);
  const nonAcd = [{ jsonPath: 'queueId', operator: 'Exists', value: false }];
  await createTrigger(client, { name: 'Agent joins conversation', topicName: 'v2.detail.events.conversation.{id}.user.start', flowId: busyFlowId, matchCriteria: nonAcd });
  await createTrigger(client, { name: 'Agent leaves conversation', topicName: 'v2.detail.events.conversation.{id}.user.end', flowId: availableFlowId, matchCriteria: nonAcd });
  return { busyFlowId, availableFlowId, presenceApi, conversationApi };
}

/**
 * The original Teams → Genesys Cloud presence blueprint as its Terraform deploys it: the Archy
 * template with its substitutions, the two data actions, the MsTeamsPresenceMappings table from the
 * CSV, and a `v2.users.{id}.integrationpresence` trigger on `source == MICROSOFTTEAMS`.
 */
export async function setupOriginalTeams(client: GenesysClient): Promise<{ flowId: string }> {
  const category = 'Update Genesys Cloud User Presence Action';
  const integ = await createDataActionsIntegration(client, category, [{ domain: 'presence', entityName: '*', actionSet: ['*'] }]);
  await createActionFromExport(client, `${TEAMS}GC-User-Presence-Update.custom.json`, { integrationId: integ.integrationId, category });
  await createActionFromExport(client, `${TEAMS}Get-Genesys-Cloud-User-Presence.custom.json`, { integrationId: integ.integrationId, category });
  await createDataTableFromCsv(client, 'MsTeamsPresenceMappings', readFileSync(`${TEAMS}MsTeamsPresenceMappings.csv`, 'utf8'));
  const flowId = await importWorkflowFile(client, `${TEAMS}ms-teams-integrations-presence-trigger.yaml`, {
    flow_name: 'Microsoft Teams Integration Presence Trigger',
    division: 'Home',
    default_language: 'en-us',
    data_action_category: category,
    data_action_name_1: 'GC User Presence Update',
    data_action_name_2: 'Get Genesys Cloud User Presence',
    data_table: 'MsTeamsPresenceMappings',
  });
  await createTrigger(client, {
    name: 'MS Teams presence',
    topicName: 'v2.users.{id}.integrationpresence',
    flowId,
    matchCriteria: [{ jsonPath: 'source', operator: 'Equal', value: 'MICROSOFTTEAMS' }],
  });
  return { flowId };
}

/** The smallest workflow the import takes: one state that ends at once, with the given variables block (YAML lines). */
export const echoFlowYaml = (name: string, inputs = '', description?: string) => `workflow:
  name: ${name}
${description ? `  description: ${description}\n` : ''}  division: Home
  startUpRef: "/workflow/states/state[S_1]"
  variables:
${inputs}  states:
    - state:
        name: S
        refId: S_1
        actions:
          - endWorkflow:
              name: End
`;

/**
 * The presence policy's parts that our workflows need next to the presence actions, as an admin
 * adds them by hand (apply makes them from the manifests): the presence integration's extra
 * permissions, the four actions, and the call-memory data table; `set` are the placeholders.
 */
export const POLICY_PERMISSIONS = [
  { domain: 'presence', entityName: 'presenceDefinition', actionSet: ['view'] },
  { domain: 'architect', entityName: 'datatableRow', actionSet: ['add', 'edit', 'delete'] },
];
export const POLICY_ACTION_FILES = ['get-presence-definition.custom.json', 'add-presence-memory-row.custom.json', 'update-presence-memory-row.custom.json', 'delete-presence-memory-row.custom.json'];

export async function createCallMemoryTable(client: GenesysClient): Promise<{ protectedPresences: string; callMemoryTableName: string; callMemoryTableId: string }> {
  const name = 'Communicate Call Presence Memory';
  const table = await client.request<{ id: string }>('POST', '/api/v2/flows/datatables', {
    body: {
      name,
      schema: { type: 'object', required: ['key'], properties: { key: { type: 'string', title: 'UserId' }, PresenceId: { type: 'string' }, ActiveCalls: { type: 'integer' }, ConversationIds: { type: 'string' } }, additionalProperties: false },
    },
  });
  return { protectedPresences: ',On Queue,Break,Meal,Training,Pre-Break,Offline,', callMemoryTableName: name, callMemoryTableId: table.id };
}
