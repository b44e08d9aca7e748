import type { Kind } from '../../resources/types.js';
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
import type { KindSteps } from './types.js';

/** Every resource kind's requests, by the name manifests use (the same table as `RESOURCES`). */
export const KIND_STEPS: Record<Kind, KindSteps> = {
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

export type { KindSteps } from './types.js';
export { credentialsFileVariables } from './credentials-file.js';
