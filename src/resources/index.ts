import { authAction } from './auth-action.js';
import { credential } from './credential.js';
import { credentialsFile } from './credentials-file.js';
import { dataAction } from './data-action.js';
import { dataTable } from './data-table.js';
import { integration } from './integration.js';
import { oauthClient } from './oauth-client.js';
import { presenceDefinition } from './presence-definition.js';
import { role } from './role.js';
import { trigger } from './trigger.js';
import { workflow } from './workflow.js';
import type { Kind, ResourceModule } from './types.js';

/** Every resource kind, by the name manifests use. */
export const RESOURCES: Record<Kind, ResourceModule> = {
  role,
  'oauth-client': oauthClient,
  credential,
  integration,
  'data-action': dataAction,
  'auth-action': authAction,
  'data-table': dataTable,
  workflow,
  trigger,
  'presence-definition': presenceDefinition,
  'credentials-file': credentialsFile,
};

export { ResourceContext, contextOf } from './context.js';
export { InUseError, ResourceError } from './writes.js';
export type { Change, Created, Kind, Observed, ResourceModule } from './types.js';
