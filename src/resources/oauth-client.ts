import { z } from 'zod';
import { contextOf, type ResourceContext } from './context.js';
import { Diff } from './diff.js';
import { entityApi } from './entity-api.js';
import { registerSecret } from '../genesys/redact.js';
import type { GenesysClient } from '../genesys/client.js';
import type { Created, Observed, ResourceModule } from './types.js';

/**
 * An OAuth client with the Client Credentials grant (`/api/v2/oauth/clients`), holding roles in
 * the home division. Genesys returns the secret only when the client is created or its secret is
 * regenerated: `create` hands it back once, in memory, and nothing here stores it.
 */
export const OAuthClientSpecSchema = z.strictObject({
  description: z.string().max(1000).optional(),
  /** Role ids (usually `${someRole.id}`), granted in the home division. */
  roles: z.array(z.string().min(1)).min(1, { error: 'an OAuth client for Client Credentials needs at least one role' }),
  accessTokenValiditySeconds: z.number().int().min(300).max(172_800).optional(),
});
export type OAuthClientSpec = z.infer<typeof OAuthClientSpecSchema>;

export interface OAuthClientEntity {
  id: string;
  name: string;
  description?: string;
  authorizedGrantType: string;
  roleDivisions?: Array<{ roleId: string; divisionId: string }>;
  accessTokenValiditySeconds?: number;
  state?: string;
  secret?: string;
}

const GRANT = 'CLIENT-CREDENTIALS';

const observe = (c: OAuthClientEntity): Observed<OAuthClientEntity> => {
  // Never keep a secret inside an observed entity: observed entities end up in plans.
  const { secret: _s, ...rest } = c;
  return { id: c.id, name: c.name, actual: rest };
};

const api = entityApi<OAuthClientEntity, OAuthClientEntity>({
  key: 'oauth-client',
  noun: 'OAuth client',
  path: '/api/v2/oauth/clients',
  // Genesys answers every client at once (the listing has no paging).
  paging: 'none',
  observe,
  inUseHint: 'remove it from whatever still uses it, then destroy again',
});

async function body(ctx: ResourceContext, name: string, spec: OAuthClientSpec) {
  const divisionId = await ctx.homeDivisionId();
  return {
    name,
    description: spec.description ?? '',
    authorizedGrantType: GRANT,
    roleDivisions: spec.roles.map((roleId) => ({ roleId, divisionId })),
    ...(spec.accessTokenValiditySeconds ? { accessTokenValiditySeconds: spec.accessTokenValiditySeconds } : {}),
  };
}

/**
 * Issues a new secret (the old one stops working). The only way to learn a secret again after a
 * crash lost it, or after an ambiguous create.
 */
export async function regenerateSecret(c: ResourceContext | GenesysClient, clientId: string): Promise<string> {
  const ctx = contextOf(c);
  // Repeating a lost regenerate is harmless: only the last secret issued counts.
  for (let attempt = 1; ; attempt++) {
    try {
      const r = await ctx.client.request<OAuthClientEntity>('POST', `/api/v2/oauth/clients/${clientId}/secret`);
      if (!r?.secret) throw new Error(`Genesys returned no secret for OAuth client ${clientId}`);
      registerSecret(r.secret);
      return r.secret;
    } catch (e) {
      if (attempt >= 3 || !(e as { ambiguous?: boolean }).ambiguous) throw e;
    }
  }
}

export const oauthClient: ResourceModule<OAuthClientSpec, OAuthClientEntity> = {
  kind: 'oauth-client',
  label: 'OAuth client',
  schema: OAuthClientSpecSchema,
  permissions: {
    read: ['oauth:client:view'],
    create: ['oauth:client:add'],
    update: ['oauth:client:edit'],
    delete: ['oauth:client:delete'],
  },
  mark: { field: 'description', read: (c) => c.actual.description },
  listAll: api.listAll,
  // Name, description, grant and roles as they were; the secret is never touched (see --rotate-secret).
  async restore(ctx, current, before) {
    await api.put(ctx, current.id, {
      name: before.name,
      description: before.description ?? '',
      authorizedGrantType: before.authorizedGrantType,
      roleDivisions: before.roleDivisions ?? [],
      ...(before.accessTokenValiditySeconds ? { accessTokenValiditySeconds: before.accessTokenValiditySeconds } : {}),
    });
  },
  find: api.find,
  read: api.read,
  async create(ctx, name, spec): Promise<Created<OAuthClientEntity>> {
    const { value, recovered } = await api.create(ctx, name, await body(ctx, name, spec));
    // Registered at once so that no log line, error or output can ever show it.
    if (value.secret) registerSecret(value.secret);
    // A create whose answer was lost leaves a client whose secret nobody saw: issue a new one.
    const secret = recovered || !value.secret ? await regenerateSecret(ctx, value.id) : value.secret;
    return { ...observe(value), secret };
  },
  async update(ctx, current, name, spec) {
    const r = await api.put(ctx, current.id, await body(ctx, name, spec));
    return observe(r ?? { ...current.actual, name });
  },
  delete: api.remove,
  diff(name, spec, current) {
    const a = current.actual;
    return new Diff()
      .check('name', name, current.name)
      .check('authorizedGrantType', GRANT, a.authorizedGrantType, { replace: true })
      .check('description', spec.description, a.description ?? '')
      .set('roles', spec.roles, (a.roleDivisions ?? []).map((r) => r.roleId))
      .check('accessTokenValiditySeconds', spec.accessTokenValiditySeconds, a.accessTokenValiditySeconds).changes;
  },
};
