import type { SandboxContext } from '../../core/context.js';
import { badRequest, invalidValue, notFound } from '../../core/errors.js';
import { homeDivision } from '../authorization/models.js';
import { validPairs } from '../authorization/grants.js';
import { assertCanHandOut } from '../authorization/roles.js';
import { newSecret, oauthClients, revokeTokensOf, setSecret, type OAuthClientRecord } from './models.js';

export const GRANT_TYPES = ['CODE', 'TOKEN', 'SAML2-BEARER', 'PASSWORD', 'CLIENT-CREDENTIALS'] as const;
export const CLIENT_STATES = ['active', 'disabled', 'inactive'] as const;

/** Token lifetime bounds (OAuthClientRequest docs: between 5 minutes and 48 hours). */
export const MIN_TOKEN_SECONDS = 300;
export const MAX_TOKEN_SECONDS = 172_800;

/** What a caller may send for a client (OAuthClientRequest). */
export type ClientInput = Record<string, unknown>;

/** A client as Genesys answers it (OAuthClient). The secret only ever travels in `withSecret`. */
export function clientView(c: OAuthClientRecord) {
  return {
    id: c.id,
    name: c.name,
    ...(c.description !== undefined ? { description: c.description } : {}),
    ...(c.accessTokenValiditySeconds !== undefined ? { accessTokenValiditySeconds: c.accessTokenValiditySeconds } : {}),
    authorizedGrantType: c.authorizedGrantType,
    roleDivisions: c.roleDivisions.map((rd) => ({ ...rd })),
    roleIds: [...new Set(c.roleDivisions.map((rd) => rd.roleId))],
    registeredRedirectUri: c.registeredRedirectUri ?? [],
    scope: c.scope ?? [],
    state: c.state,
    dateCreated: c.dateCreated,
    ...(c.dateModified ? { dateModified: c.dateModified } : {}),
    ...(c.createdBy ? { createdBy: c.createdBy } : {}),
    selfUri: `/api/v2/oauth/clients/${c.id}`,
  };
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strList = (v: unknown, field: string): string[] | undefined => {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw badRequest(`${field} must be a list of strings.`);
  return v as string[];
};

/** Validates a request body into the fields a client stores (roles checked against the caller). */
function validate(ctx: SandboxContext, input: ClientInput, callerPermissions: readonly string[]) {
  const name = str(input.name)?.trim();
  if (!name) throw badRequest('The OAuth client name is required.');
  const grant = input.authorizedGrantType;
  if (grant === undefined || grant === null || grant === '') throw badRequest('authorizedGrantType is required.');
  if (typeof grant !== 'string' || !(GRANT_TYPES as readonly string[]).includes(grant)) throw invalidValue(String(grant), 'authorizedGrantType', GRANT_TYPES);
  const state = input.state ?? 'active';
  if (typeof state !== 'string' || !(CLIENT_STATES as readonly string[]).includes(state)) throw invalidValue(String(state), 'state', CLIENT_STATES);
  const seconds = input.accessTokenValiditySeconds;
  if (seconds !== undefined && seconds !== null && (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < MIN_TOKEN_SECONDS || seconds > MAX_TOKEN_SECONDS))
    throw badRequest(`accessTokenValiditySeconds must be between ${MIN_TOKEN_SECONDS} and ${MAX_TOKEN_SECONDS}.`);
  // `roleIds` is deprecated; Genesys maps it onto the home division.
  const fromRoleIds = (strList(input.roleIds, 'roleIds') ?? []).map((roleId) => ({ roleId, divisionId: homeDivision(ctx).id }));
  const roleDivisions = input.roleDivisions !== undefined && input.roleDivisions !== null ? validPairs(ctx, input.roleDivisions, 'roleDivisions') : validPairs(ctx, fromRoleIds, 'roleIds');
  if (roleDivisions.length > 0 && grant !== 'CLIENT-CREDENTIALS') throw badRequest('roleDivisions only apply to clients using the CLIENT-CREDENTIALS grant.');
  assertCanHandOut(ctx, roleDivisions.map((rd) => rd.roleId), callerPermissions);
  const unique = roleDivisions.filter((rd, i) => roleDivisions.findIndex((x) => x.roleId === rd.roleId && x.divisionId === rd.divisionId) === i);
  return {
    name,
    description: str(input.description),
    authorizedGrantType: grant as OAuthClientRecord['authorizedGrantType'],
    accessTokenValiditySeconds: typeof seconds === 'number' ? seconds : undefined,
    roleDivisions: unique,
    registeredRedirectUri: strList(input.registeredRedirectUri, 'registeredRedirectUri'),
    scope: strList(input.scope, 'scope'),
    state: state as OAuthClientRecord['state'],
  };
}

const clean = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

export function getClient(ctx: SandboxContext, clientId: string): OAuthClientRecord {
  const c = oauthClients(ctx).get(clientId);
  if (!c) throw notFound(`OAuth client ${clientId} not found`);
  return c;
}

export const listClients = (ctx: SandboxContext): OAuthClientRecord[] =>
  oauthClients(ctx)
    .list()
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

/** Creates a client; the only moment (with `regenerateSecret`) its secret is known. */
export function createClient(ctx: SandboxContext, input: ClientInput, caller: { clientId: string; permissions: readonly string[] }) {
  const fields = validate(ctx, input, caller.permissions);
  const secret = newSecret();
  const c: OAuthClientRecord = clean({ id: ctx.rng.uuid(), ...fields, dateCreated: ctx.clock.nowIso(), createdBy: { id: caller.clientId }, secretHash: '' });
  setSecret(c, secret);
  oauthClients(ctx).insert(c);
  return { client: c, secret };
}

/** PUT replaces the request fields; a client that stops being active loses its tokens. */
export function updateClient(ctx: SandboxContext, clientId: string, input: ClientInput, callerPermissions: readonly string[]): OAuthClientRecord {
  const c = getClient(ctx, clientId);
  const fields = validate(ctx, input, callerPermissions);
  const next: OAuthClientRecord = clean({ ...c, ...fields, dateModified: ctx.clock.nowIso() });
  for (const k of ['description', 'accessTokenValiditySeconds', 'registeredRedirectUri', 'scope'] as const) if (fields[k] === undefined) delete next[k];
  oauthClients(ctx).put(next);
  if (next.state !== 'active') revokeTokensOf(ctx, clientId);
  return next;
}

/** Deleting a client revokes every token it issued. */
export function deleteClient(ctx: SandboxContext, clientId: string): void {
  getClient(ctx, clientId);
  revokeTokensOf(ctx, clientId);
  oauthClients(ctx).delete(clientId);
}

/** A new secret; the old one stops working at once (tokens already issued stay valid). */
export function regenerateSecret(ctx: SandboxContext, clientId: string) {
  const c = getClient(ctx, clientId);
  const secret = newSecret();
  const next = { ...c, dateModified: ctx.clock.nowIso() };
  setSecret(next, secret);
  oauthClients(ctx).put(next);
  return { client: next, secret };
}
