import { z } from 'zod';
import { contextOf, type ResourceContext } from './context.js';
import { Diff, sameSet } from './diff.js';
import { entityApi } from './entity-api.js';
import { registerSecret } from '../genesys/redact.js';
import type { GenesysClient } from '../genesys/client.js';
import type { Change, Created, Observed, ResourceModule } from './types.js';
import { splitCommaList } from '../util/comma-list.js';
import { ResourceError } from './writes.js';
import { boundedList } from '../util/bounded-list.js';

/** Genesys's "every division, present and future" in a role grant. */
export const ALL_DIVISIONS = '*';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DivisionListSchema = z.object({ entities: z.array(z.object({ id: z.string(), name: z.string() })).default([]) });

/**
 * An OAuth client with the Client Credentials grant (`/api/v2/oauth/clients`), holding its roles in
 * the divisions the solution needs: every division (`*`) unless the admin names some, since agents
 * and management units may sit in any division and a role granted on Home alone does not reach
 * them. Genesys returns the secret only when the client is created or its secret is
 * regenerated: `create` hands it back once, in memory, and nothing here stores it.
 */
export const OAuthClientSpecSchema = z.strictObject({
  description: z.string().max(1000).optional(),
  /** Role ids (usually `${someRole.id}`), granted in the home division. */
  roles: z.array(z.string().min(1)).min(1, { error: 'an OAuth client for Client Credentials needs at least one role' }),
  accessTokenValiditySeconds: z.number().int().min(300).max(172_800).optional(),
  /**
   * Where the roles are granted: `*` (all divisions, the default), `home`, or division ids or
   * names — a list, or one comma-separated text (the `roleDivisions` blueprint variable).
   */
  divisions: z
    .union([z.string(), z.array(z.string())])
    .transform((v) => (Array.isArray(v) ? v.flatMap(splitCommaList) : splitCommaList(v)))
    .pipe(z.array(z.string().min(1)).min(1, { error: 'name at least one division (or * for all of them)' }))
    .default([ALL_DIVISIONS]),
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

/** `*`, `home`, ids and names → division ids (names looked up once: `GET /api/v2/authorization/divisions`). */
async function divisionIds(ctx: ResourceContext, wanted: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  let named: Array<{ id: string; name: string }> | undefined;
  for (const w of wanted) {
    if (w === ALL_DIVISIONS || UUID.test(w)) out.push(w);
    else if (w.toLowerCase() === 'home') out.push(await ctx.homeDivisionId());
    else {
      named ??= DivisionListSchema.parse(await ctx.client.request('GET', '/api/v2/authorization/divisions?pageSize=100')).entities;
      const d = named.find((x) => x.name.toLowerCase() === w.toLowerCase());
      if (!d) {
        throw new ResourceError(`no division named "${w}" in this org (divisions: ${boundedList(named.map((x) => x.name))}) — set roleDivisions to *, home, or existing division names`);
      }
      out.push(d.id);
    }
  }
  // `*` already covers every division: granting more beside it changes nothing.
  return out.includes(ALL_DIVISIONS) ? [ALL_DIVISIONS] : [...new Set(out)];
}

async function body(ctx: ResourceContext, name: string, spec: OAuthClientSpec) {
  const divisions = await divisionIds(ctx, spec.divisions);
  return {
    name,
    description: spec.description ?? '',
    authorizedGrantType: GRANT,
    roleDivisions: spec.roles.flatMap((roleId) => divisions.map((divisionId) => ({ roleId, divisionId }))),
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

/**
 * `*` and ids compare as they are. `home` and names need the org to resolve (diff reads nothing):
 * they compare only as "all divisions or not", so moving between `*` and a choice is seen.
 */
function divisionChange(desired: readonly string[], actual: readonly string[]): Change[] {
  const want = desired.includes(ALL_DIVISIONS) ? [ALL_DIVISIONS] : desired;
  const have = [...new Set(actual)];
  const comparable = want.every((x) => x === ALL_DIVISIONS || UUID.test(x));
  const differs = comparable ? !sameSet(want, have) : have.includes(ALL_DIVISIONS);
  return differs ? [{ field: 'divisions', from: have.sort(), to: [...want].sort() }] : [];
}

export const oauthClient: ResourceModule<OAuthClientSpec, OAuthClientEntity> = {
  kind: 'oauth-client',
  label: 'OAuth client',
  schema: OAuthClientSpecSchema,
  permissions: {
    read: ['oauth:client:view'],
    // A create whose answer was lost regenerates the secret (POST …/secret: edit).
    create: ['oauth:client:add', 'oauth:client:edit'],
    update: ['oauth:client:edit'],
    delete: ['oauth:client:delete'],
  },
  endpoints: {
    read: ['GET /api/v2/oauth/clients', 'GET /api/v2/oauth/clients/{clientId}'],
    // Divisions by name (roleDivisions), the home division for `home`; a lost secret is regenerated.
    create: ['POST /api/v2/oauth/clients', 'GET /api/v2/oauth/clients', 'POST /api/v2/oauth/clients/{clientId}/secret', 'GET /api/v2/authorization/divisions/home', 'GET /api/v2/authorization/divisions'],
    update: ['PUT /api/v2/oauth/clients/{clientId}', 'GET /api/v2/authorization/divisions/home', 'GET /api/v2/authorization/divisions'],
    delete: ['DELETE /api/v2/oauth/clients/{clientId}'],
  },
  // Division names must exist before anything is written (a typo would stop apply half-way).
  checkOrg: async (ctx, _name, spec) => void (await divisionIds(ctx, spec.divisions)),
  mark: { field: 'description', read: (c) => c.actual.description, write: (a, description) => ({ ...a, description }) },
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
    const d = new Diff()
      .check('name', name, current.name)
      .check('authorizedGrantType', GRANT, a.authorizedGrantType, { replace: true })
      .check('description', spec.description, a.description ?? '')
      .set('roles', spec.roles, [...new Set((a.roleDivisions ?? []).map((r) => r.roleId))])
      .check('accessTokenValiditySeconds', spec.accessTokenValiditySeconds, a.accessTokenValiditySeconds);
    for (const c of divisionChange(spec.divisions, (a.roleDivisions ?? []).map((r) => r.divisionId))) d.add(c);
    return d.changes;
  },
};
