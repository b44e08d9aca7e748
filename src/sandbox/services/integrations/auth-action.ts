import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../core/context.js';
import { actions, credentialOf, type ActionRecord, type IntegrationRecord } from './models.js';

/**
 * A Web Services Data Actions integration whose credential is "User Defined (OAuth)" gets one
 * authentication action, created by Genesys, not by the API: it is listed only with
 * `includeAuthActions=true`, never run directly, and edited like any action (draft, publish). The
 * runtime runs it to get `authResponse` for the integration's other actions.
 */
export const AUTH_ACTION_PREFIX = 'customAuth_-_';
export const isAuthAction = (a: Pick<ActionRecord, 'id'>): boolean => a.id.startsWith(AUTH_ACTION_PREFIX);

export const authActionOf = (ctx: SandboxContext, integrationId: string): ActionRecord | undefined =>
  actions(ctx).find((a) => a.integrationId === integrationId && isAuthAction(a));

/** After a configuration change: the integration has its auth action exactly when its credential is userDefinedOAuth. */
export function ensureAuthAction(ctx: SandboxContext, i: IntegrationRecord): void {
  if (i.integrationType.id !== 'custom-rest-actions') return;
  if (credentialOf(ctx, i)?.type.name !== 'userDefinedOAuth' || authActionOf(ctx, i.id)) return;
  const now = ctx.clock.nowIso();
  actions(ctx).insert({
    id: `${AUTH_ACTION_PREFIX}${randomUUID()}`,
    name: `${i.name} (Auth)`,
    category: i.name,
    integrationId: i.id,
    secure: false,
    version: 1,
    // Genesys's starting template is a placeholder the admin replaces with the token request.
    config: {
      request: { requestUrlTemplate: 'https://example.com/oauth/token', requestType: 'POST', headers: {}, requestTemplate: '' },
      response: { translationMap: {}, translationMapDefaults: {}, successTemplate: '${rawResult}' },
    },
    contract: { input: { inputSchema: { type: 'object', properties: {} } }, output: { successSchema: { type: 'object', properties: {}, additionalProperties: true } } },
    dateCreated: now,
    dateModified: now,
  });
}
