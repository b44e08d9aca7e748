import type { SandboxContext } from '../../core/context.js';
import type { Collection } from '../../core/store.js';

/**
 * State of the integrations API family: integrations, their current configuration, credentials
 * and data actions (published + drafts). Field names follow the Platform API models
 * (Integration, IntegrationConfiguration, Credential, Action).
 */

export type IntendedState = 'ENABLED' | 'DISABLED' | 'DELETED' | 'RESTORED';
export const INTENDED_STATES: readonly IntendedState[] = ['ENABLED', 'DISABLED', 'DELETED', 'RESTORED'];

export interface IntegrationConfigurationRecord {
  name: string;
  version: number;
  properties: Record<string, unknown>;
  advanced: Record<string, unknown>;
  notes: string;
  /** Credential key (from the type's `credentials`) → `{id}` of a stored credential. */
  credentials: Record<string, { id: string; name?: string }>;
}

export interface IntegrationRecord {
  id: string;
  name: string;
  integrationType: { id: string };
  notes: string;
  intendedState: IntendedState;
  reportedState: { code: 'ACTIVE' | 'ACTIVATING' | 'INACTIVE' | 'DEACTIVATING' | 'ERROR'; effective: string; lastUpdated: string };
  attributes: Record<string, string>;
  config: IntegrationConfigurationRecord;
  dateCreated: string;
}

/**
 * A credential. Genesys keeps the field values (the data-action executor uses them to log in);
 * the API never returns them. The runtime reads `credentialFields` from here.
 */
export interface CredentialRecord {
  id: string;
  name: string;
  type: { name: string };
  credentialFields: Record<string, string>;
  createdDate: string;
  modifiedDate: string;
}

export interface RequestConfig {
  requestUrlTemplate: string;
  requestType: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE';
  headers?: Record<string, string>;
  requestTemplate?: string;
}

export interface ResponseConfig {
  translationMap?: Record<string, string>;
  translationMapDefaults?: Record<string, string>;
  successTemplate?: string;
}

export interface ActionConfigRecord {
  timeoutSeconds?: number;
  request: RequestConfig;
  response: ResponseConfig;
}

export interface ActionContractRecord {
  input: { inputSchema: Record<string, unknown> };
  output: { successSchema: Record<string, unknown> };
}

/** A data action, published or draft (same id for both, as in Genesys). */
export interface ActionRecord {
  id: string;
  name: string;
  category: string;
  integrationId: string;
  secure: boolean;
  version: number;
  config: ActionConfigRecord;
  contract: ActionContractRecord;
  dateCreated: string;
  dateModified: string;
}

export const integrations = (ctx: SandboxContext): Collection<IntegrationRecord> =>
  ctx.store.collection<IntegrationRecord>('integrations', {
    summarize: (i) => ({ integrationType: i.integrationType.id, intendedState: i.intendedState, credentials: i.config.credentials }),
  });

export const credentials = (ctx: SandboxContext): Collection<CredentialRecord> =>
  // Summary shows the type only: field values are secrets.
  ctx.store.collection<CredentialRecord>('credentials', { summarize: (c) => ({ type: c.type.name }) });

/** Published data actions. */
export const actions = (ctx: SandboxContext): Collection<ActionRecord> =>
  ctx.store.collection<ActionRecord>('actions', { summarize: (a) => ({ category: a.category, integrationId: a.integrationId, version: a.version }) });

/** Draft data actions (keyed by the same id as the published action, when there is one). */
export const actionDrafts = (ctx: SandboxContext): Collection<ActionRecord> =>
  ctx.store.collection<ActionRecord>('actionDrafts', { summarize: (a) => ({ category: a.category, integrationId: a.integrationId, version: a.version }) });

/** Exact (category, name) lookup among published actions: how Archy resolves `callData`. */
export function findPublishedAction(ctx: SandboxContext, category: string, name: string): ActionRecord | undefined {
  // An authentication action is run by its integration only (ids `customAuth_-_…`, auth-action.ts).
  return actions(ctx).find((a) => a.category === category && a.name === name && !a.id.startsWith('customAuth_-_'));
}

/** The credential an integration's configuration points at, if any (the runtime logs in with it). */
export function credentialOf(ctx: SandboxContext, integration: IntegrationRecord): CredentialRecord | undefined {
  const ref = Object.values(integration.config.credentials)[0];
  return ref ? credentials(ctx).get(ref.id) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Integration types and credential types
// ---------------------------------------------------------------------------------------------

export interface IntegrationTypeRecord {
  id: string;
  name: string;
  description: string;
  provider: string;
  category: string;
  /** Credential key → what it accepts (IntegrationType.credentials). */
  credentials: Record<string, { title: string; required: boolean; credentialTypes: string[] }>;
  maxInstances?: number;
  /** Whether data actions can be attached to integrations of this type. */
  dataActions: boolean;
}

/**
 * The integration types the sandbox offers. Ids are Genesys's: `purecloud-data-actions` (Genesys
 * Cloud Data Actions, credential key `pureCloudOAuthClient`), `custom-rest-actions` (Web Services
 * Data Actions, as CX as Code's tests use it). The Microsoft Teams id is our best reading of the
 * admin UI card and is unverified against a live org.
 */
export const INTEGRATION_TYPES: readonly IntegrationTypeRecord[] = [
  {
    id: 'purecloud-data-actions',
    name: 'Genesys Cloud Data Actions',
    description: 'Enables the use of Genesys Cloud public API requests in data actions.',
    provider: 'clientapps',
    category: 'Data Actions',
    credentials: { pureCloudOAuthClient: { title: 'Client Credentials', required: true, credentialTypes: ['pureCloudOAuthClient'] } },
    dataActions: true,
  },
  {
    id: 'custom-rest-actions',
    name: 'Web Services Data Actions',
    description: 'Enables the use of web services in data actions.',
    provider: 'clientapps',
    category: 'Data Actions',
    credentials: { basicAuth: { title: 'Credentials', required: false, credentialTypes: ['basicAuth', 'userDefined', 'userDefinedOAuth'] } },
    dataActions: true,
  },
  {
    id: 'microsoft-teams',
    name: 'Microsoft Teams',
    description: 'Presence sync, directory search and click-to-call with Microsoft Teams.',
    provider: 'microsoft',
    category: 'Unified Communications',
    credentials: {},
    maxInstances: 1,
    dataActions: false,
  },
];

export const integrationType = (id: string) => INTEGRATION_TYPES.find((t) => t.id === id);

export interface CredentialTypeRecord {
  id: string;
  name: string;
  /** Field names, required first. */
  displayOrder: string[];
  required: string[];
  properties: Record<string, { type: 'string'; title: string; sensitive?: boolean }>;
}

export const CREDENTIAL_TYPES: readonly CredentialTypeRecord[] = [
  {
    id: 'pureCloudOAuthClient',
    name: 'pureCloudOAuthClient',
    displayOrder: ['clientId', 'clientSecret'],
    required: ['clientId', 'clientSecret'],
    properties: { clientId: { type: 'string', title: 'Client ID' }, clientSecret: { type: 'string', title: 'Client Secret', sensitive: true } },
  },
  {
    id: 'basicAuth',
    name: 'basicAuth',
    displayOrder: ['userName', 'password'],
    required: ['userName', 'password'],
    properties: { userName: { type: 'string', title: 'User Name' }, password: { type: 'string', title: 'Password', sensitive: true } },
  },
  { id: 'userDefined', name: 'userDefined', displayOrder: [], required: [], properties: {} },
  { id: 'userDefinedOAuth', name: 'userDefinedOAuth', displayOrder: [], required: [], properties: {} },
];

export const credentialType = (name: string) => CREDENTIAL_TYPES.find((t) => t.name === name);
