import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { SandboxOptions } from '../../src/sandbox/server.js';
import { live } from './duplicates.js';
import { inventory, openTestTarget, type TestTarget } from './target.js';
import { importAction } from '../../src/engine/import/import-action.js';
import { allPages } from '../../src/resources/paging.js';
import { importWorkflowFile } from '../../src/engine/import/import-workflow.js';
import { createDataActionsIntegration, createTrigger, FIXTURES, setupOriginalCommunicateCall, setupOriginalTeams } from './simulate.js';

export const REVERSE = join(FIXTURES, 'update-ms-teams-presence-from-inbound-interaction-trigger-blueprint');

/** An integration as an admin makes one in Admin > Integrations: type, name, active. */
async function integration(client: GenesysClient, name: string, type: string, credentials: Record<string, { id: string }> = {}): Promise<string> {
  const made = await client.request<{ id: string }>('POST', '/api/v2/integrations', { body: { integrationType: { id: type } } });
  const current = await client.request<{ version: number }>('GET', `/api/v2/integrations/${made.id}/config/current`);
  await client.request('PUT', `/api/v2/integrations/${made.id}/config/current`, { body: { name, version: current.version, properties: {}, advanced: {}, notes: '', credentials } });
  await client.request('PATCH', `/api/v2/integrations/${made.id}`, { body: { intendedState: 'ENABLED' } });
  return made.id;
}

/** The Entra app registration an admin makes for the original Graph integration (the sandbox's: `graph/app`). */
export interface GraphApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

/**
 * The original "Update MS Teams presence from an inbound interaction" blueprint as its guide leaves
 * an org: the two integrations its flows call ("Get MS Teams User ID", the Graph one), its two
 * exported actions imported into them, both exported flows imported, and the two triggers its
 * Postman collection makes (no match criteria: every user.start / user.end). With `graph` (the
 * Entra app the admin registered) the install works as the guide's does: its "User Defined
 * (OAuth)" credential holds the app's tenant, id, secret, scope and grant type, and the Graph
 * integration's auth action is edited to the guide's "Office 365 (Auth)" export, and the
 * "Get MS Teams User ID" integration runs as an OAuth client of its own; without it, the
 * credentials hold placeholders (enough for tests that only recognise the install).
 */
export async function setupOriginalTeamsOutbound(client: GenesysClient, graph?: GraphApp): Promise<{ dndFlowId: string; availableFlowId: string }> {
  // The SCIM read runs as an OAuth client the guide has the admin make (its role: the read asks for no permission).
  if (graph) await createDataActionsIntegration(client, 'Get MS Teams User ID', []);
  else await integration(client, 'Get MS Teams User ID', 'purecloud-data-actions');
  const credentialFields = graph
    ? { tenant_id: graph.tenantId, client_id: graph.clientId, client_secret: graph.clientSecret, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' }
    : { tenant_id: 't', client_id: 'c', client_secret: 's' };
  const cred = await client.request<{ id: string }>('POST', '/api/v2/integrations/credentials', { body: { name: 'Office 365 Graph', type: { name: 'userDefinedOAuth' }, credentialFields } });
  const graphIntegration = await integration(client, 'MS Teams Graph Authentication (Presence Update)', 'custom-rest-actions', { basicAuth: { id: cred.id } });
  if (graph) await editAuthAction(client, graphIntegration, join(REVERSE, 'Office-365-Auth.customAuth.json'));
  await importAction(client, { file: join(REVERSE, 'Find-Teams-User-Id.custom.json'), integration: 'Get MS Teams User ID' });
  await importAction(client, { file: join(REVERSE, 'Update-Teams-User-Presence.custom.json'), integration: 'MS Teams Graph Authentication (Presence Update)' });
  const dnd = await importWorkflowFile(client, { file: join(REVERSE, 'GC User Set MS Teams to DoNotDisturb_v8-0.i3WorkFlow') });
  const available = await importWorkflowFile(client, { file: join(REVERSE, 'GC User Set MS Teams to Available_v4-0.i3WorkFlow') });
  const dndFlowId = dnd.flow!.id;
  const availableFlowId = available.flow!.id;
  await createTrigger(client, { name: 'Agent joins conversation', topicName: 'v2.detail.events.conversation.{id}.user.start', flowId: dndFlowId });
  await createTrigger(client, { name: 'Agent leaves conversation', topicName: 'v2.detail.events.conversation.{id}.user.end', flowId: availableFlowId });
  return { dndFlowId, availableFlowId };
}

/**
 * The guide's "edit the auth action" step: Genesys made the integration's auth action with its
 * configuration; its request and response become the export's, through a draft that is published.
 */
async function editAuthAction(client: GenesysClient, integrationId: string, file: string): Promise<void> {
  const { config } = JSON.parse(readFileSync(file, 'utf8')) as { config: unknown };
  const listed = await client.request<{ entities: Array<{ id: string; integrationId: string }> }>('GET', '/api/v2/integrations/actions', { query: { includeAuthActions: true, pageSize: 100 } });
  const auth = listed.entities.find((a) => a.integrationId === integrationId && a.id.startsWith('customAuth_-_'));
  if (!auth) throw new Error(`no auth action in integration ${integrationId}`);
  const at = `/api/v2/integrations/actions/${auth.id}/draft`;
  const draft = await client.request<{ version: number }>('POST', at);
  const edited = await client.request<{ version: number }>('PATCH', at, { body: { version: draft.version, config } });
  await client.request('POST', `${at}/publish`, { body: { version: edited.version } });
}

/** The three original presence blueprints, each as its guide or Terraform leaves the org. */
export async function setupThreeOriginals(client: GenesysClient): Promise<void> {
  await setupOriginalCommunicateCall(client);
  await setupOriginalTeams(client);
  await setupOriginalTeamsOutbound(client);
}

/** What the server writes on every change (versions, modification times): left out of snapshots. */
const SERVER_WRITTEN = /^(version|dateModified|modifiedDate|dateUpdated)$/;
/** What an event leaves behind by itself (its conversation, presences, workflow runs): not the install's. */
const TRACES = ['conversations', 'users', 'executions', 'presenceHistory', 'routingHistory'];
const comparable = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(comparable) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => !SERVER_WRITTEN.test(k)).map(([k, x]) => [k, comparable(x)])) : v;

/**
 * Every entity's JSON in the sandbox org, server-written fields and an event's own traces aside. A
 * kind with no entity is left out: the sandbox lists some only once something read them (a schedule
 * search makes the empty list of schedule edits), which is no change to the org.
 */
export async function orgSnapshot(t: TestTarget): Promise<Record<string, unknown>> {
  return Object.fromEntries(
    Object.entries(comparable(live(await inventory(t))) as Record<string, unknown>).filter(([k, v]) => !TRACES.includes(k) && !(Array.isArray(v) && v.length === 0)),
  );
}

export interface Brownfield {
  t: TestTarget;
  admin: GenesysClient;
  /** The working directory the CLI runs in (a fresh temporary one). */
  dir: string;
}

/**
 * A sandbox org set up as `setup` leaves it (an original guide's install), and the test's CLI runs
 * in a fresh directory; closed and left after the suite. Values are filled in `beforeAll`.
 */
export function useBrownfield(prefix: string, options: Partial<SandboxOptions> = {}, setup?: (admin: GenesysClient) => Promise<unknown>): Brownfield {
  const b = {} as Brownfield;
  const cwd = process.cwd();
  beforeAll(async () => {
    b.t = await openTestTarget(options);
    b.admin = await b.t.client();
    await setup?.(b.admin);
    b.dir = mkdtempSync(join(tmpdir(), prefix));
    process.chdir(b.dir);
  });
  afterAll(async () => {
    process.chdir(cwd);
    await b.t?.close();
  });
  return b;
}

/** The permissions the original pre-break Lambda's calls need: the users listing, the MU schedule search, the bulk presence write. */
const PRE_BREAK_LAMBDA_POLICIES = [
  { domain: 'presence', entityName: 'userPresence', actionSet: ['edit'] },
  { domain: 'wfm', entityName: 'agentSchedule', actionSet: ['view'] },
  { domain: 'wfm', entityName: 'publishedSchedule', actionSet: ['view'] },
];

/**
 * The original "Agent Presence Automation" (pre-break) blueprint as its guide leaves an org: the
 * "Pre-Break" presence it has the admin make by hand (a custom presence under Break), and the
 * client-credentials OAuth client whose id and secret its Terraform / CloudFormation hand the
 * Lambda (the guide names neither the client nor its role, and documents no permission: named here
 * for the blueprint, holding what the Lambda's three calls need). Everything else it makes is AWS's.
 */
export async function setupOriginalPreBreak(client: GenesysClient): Promise<{ presenceId: string; clientId: string }> {
  const presence = await client.request<{ id: string }>('POST', '/api/v2/presencedefinitions', { body: { languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'Break' } });
  const role = await client.request<{ id: string }>('POST', '/api/v2/authorization/roles', { body: { name: 'Agent Presence Automation', permissionPolicies: PRE_BREAK_LAMBDA_POLICIES } });
  const oauth = await client.request<{ id: string }>('POST', '/api/v2/oauth/clients', {
    body: { name: 'Agent Presence Automation', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: role.id, divisionId: '*' }] },
  });
  return { presenceId: presence.id, clientId: oauth.id };
}

/**
 * Fields Genesys writes itself on every change (versions, modification times and who made them,
 * an integration's reportedState.lastUpdated), and an OAuth client's secret: left out of `orgJson`. Credentials' fields (secrets) are not in it
 * either: Genesys never returns them, so what a credential holds cannot be compared, only its name
 * and type.
 */
const WRITTEN_BY_GENESYS = /^(version|dateModified|modifiedDate|dateUpdated|modifiedBy|lastUpdated|secret)$/;
const withoutWritten = (v: unknown): unknown =>
  Array.isArray(v)
    ? v.map(withoutWritten)
    : v && typeof v === 'object'
      ? Object.fromEntries(Object.entries(v).filter(([k]) => !WRITTEN_BY_GENESYS.test(k)).map(([k, x]) => [k, withoutWritten(x)]))
      : v;

/**
 * Every entity of the kinds an install is made of, as the API returns it in full — roles, OAuth
 * clients, integrations with their current configuration, credentials, data actions and auth
 * actions with their configuration and contract, data tables with their rows, workflows, triggers,
 * presence definitions — less `WRITTEN_BY_GENESYS`. Read as the admin, through the API (not the
 * sandbox's own summary), so it holds what an admin could see changed.
 */
export async function orgJson(client: GenesysClient): Promise<Record<string, unknown>> {
  const byName = <T extends { id: string; name?: string }>(xs: T[]) => [...xs].sort((a, b) => String(a.name).localeCompare(String(b.name)) || a.id.localeCompare(b.id));
  const get = <T>(path: string, query: Record<string, unknown> = {}) => client.request<T>('GET', path, { query });
  const list = (path: string, query: Record<string, unknown> = {}) => allPages<{ id: string; name?: string }>(client, path, query);
  const integrations = await allPages<{ id: string; name: string }>(client, '/api/v2/integrations');
  const actions = await allPages<{ id: string; name: string }>(client, '/api/v2/integrations/actions', { includeAuthActions: true });
  const tables = await allPages<{ id: string; name: string }>(client, '/api/v2/flows/datatables', { expand: 'schema' });
  const json = {
    roles: byName(await list('/api/v2/authorization/roles')),
    oauthClients: byName(await list('/api/v2/oauth/clients')),
    integrations: await Promise.all(byName(integrations).map(async (i) => ({ ...i, config: await get(`/api/v2/integrations/${i.id}/config/current`) }))),
    credentials: byName(await list('/api/v2/integrations/credentials')),
    actions: await Promise.all(byName(actions).map((a) => get(`/api/v2/integrations/actions/${a.id}`, { includeConfig: true }))),
    datatables: await Promise.all(byName(tables).map(async (d) => ({ ...d, rows: await allPages(client, `/api/v2/flows/datatables/${d.id}/rows`, { showbrief: false }) }))),
    workflows: byName(await list('/api/v2/flows', { type: 'workflow' })),
    triggers: byName(await list('/api/v2/processautomation/triggers')),
    presenceDefinitions: byName(await list('/api/v2/presencedefinitions')),
  };
  return withoutWritten(json) as Record<string, unknown>;
}

/** The org as a takeover test compares it before and after: the sandbox's inventory and every entity's JSON through the API. */
export async function orgState(t: TestTarget): Promise<{ inventory: Record<string, unknown>; json: Record<string, unknown> }> {
  return { inventory: await orgSnapshot(t), json: await orgJson(await t.client()) };
}
