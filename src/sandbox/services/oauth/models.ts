import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { SandboxContext } from '../../core/context.js';
import type { Collection } from '../../core/store.js';
import type { DivisionGrant } from '../../core/permissions.js';
import { divisionGrantsOf, permissionsOfRoles } from '../authorization/models.js';

/** An OAuth client (OAuthClient). The secret itself is never stored: only its hash. */
export interface OAuthClientRecord {
  id: string;
  name: string;
  description?: string;
  authorizedGrantType: 'CODE' | 'TOKEN' | 'SAML2-BEARER' | 'PASSWORD' | 'CLIENT-CREDENTIALS';
  accessTokenValiditySeconds?: number;
  roleDivisions: Array<{ roleId: string; divisionId: string }>;
  registeredRedirectUri?: string[];
  scope?: string[];
  state: 'active' | 'disabled' | 'inactive';
  dateCreated: string;
  dateModified?: string;
  createdBy?: { id: string };
  secretHash: string;
}

/** An issued token, kept by its hash: the org file (`--data`) must not hold a usable bearer token. */
export interface TokenRecord {
  /** sha256 of the token. */
  id: string;
  clientId: string;
  expiresAt: number;
}

export const oauthClients = (ctx: SandboxContext): Collection<OAuthClientRecord> =>
  ctx.store.collection<OAuthClientRecord>('oauthClients', {
    summarize: (c) => ({ authorizedGrantType: c.authorizedGrantType, roleIds: c.roleDivisions.map((r) => r.roleId) }),
  });

/** Every login adds a token (a CLI run, a data action's login): past this many, the soonest to expire goes. */
const MAX_TOKENS = 10_000;

const tokens = (ctx: SandboxContext): Collection<TokenRecord> =>
  ctx.store.collection<TokenRecord>('tokens', { hidden: true, cap: { max: MAX_TOKENS, age: (t) => t.expiresAt } });

const hash = (s: string) => createHash('sha256').update(s).digest('hex');

export const newSecret = () => randomBytes(32).toString('base64url').slice(0, 43);

export function setSecret(client: OAuthClientRecord, secret: string): void {
  client.secretHash = hash(secret);
}

export function secretMatches(client: OAuthClientRecord, secret: string): boolean {
  const a = Buffer.from(client.secretHash, 'hex');
  const b = Buffer.from(hash(secret), 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Issues a bearer token for a client-credentials login; the lifetime follows the client's setting. */
export function issueToken(ctx: SandboxContext, client: OAuthClientRecord): { token: string; expiresIn: number } {
  const expiresIn = client.accessTokenValiditySeconds ?? ctx.options.defaultTokenSeconds;
  const token = randomBytes(36).toString('base64url');
  // Expired tokens are otherwise dropped only when presented again, which most never are.
  for (const t of tokens(ctx).filter((x) => x.expiresAt <= ctx.clock.now())) tokens(ctx).delete(t.id);
  tokens(ctx).insert({ id: hash(token), clientId: client.id, expiresAt: ctx.clock.now() + expiresIn * 1000 });
  return { token, expiresIn };
}

export type TokenCheck =
  | { ok: true; client: OAuthClientRecord; permissions: string[]; grants: DivisionGrant[] }
  | { ok: false; reason: 'unknown' | 'expired' };

export function resolveToken(ctx: SandboxContext, token: string): TokenCheck {
  const t = tokens(ctx).get(hash(token));
  if (!t) return { ok: false, reason: 'unknown' };
  if (t.expiresAt <= ctx.clock.now()) {
    tokens(ctx).delete(t.id);
    return { ok: false, reason: 'expired' };
  }
  const client = oauthClients(ctx).get(t.clientId);
  if (!client || client.state !== 'active') return { ok: false, reason: 'unknown' };
  return {
    ok: true,
    client,
    permissions: permissionsOfRoles(ctx, client.roleDivisions.map((r) => r.roleId)),
    grants: divisionGrantsOf(ctx, client.roleDivisions),
  };
}

/** Deleting a client revokes its tokens, as in Genesys. */
export function revokeTokensOf(ctx: SandboxContext, clientId: string): void {
  for (const t of tokens(ctx).filter((x) => x.clientId === clientId)) tokens(ctx).delete(t.id);
}
