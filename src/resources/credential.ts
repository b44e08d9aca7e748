import { z } from 'zod';
import { allPages } from './paging.js';
import { contextOf, type ResourceContext } from './context.js';
import { Diff } from './diff.js';
import { createOnce, deleteGone, readOrUndefined } from './writes.js';
import type { GenesysClient } from '../genesys/client.js';
import type { Observed, ResourceModule } from './types.js';

/**
 * An integration credential (`/api/v2/integrations/credentials`), e.g. `pureCloudOAuthClient`
 * with `clientId` + `clientSecret`. Genesys never returns the field values, so they are compared
 * through the state file (`opaque`), never read back.
 */
export const CredentialSpecSchema = z.strictObject({
  type: z.enum(['pureCloudOAuthClient', 'basicAuth', 'userDefined', 'userDefinedOAuth']).default('pureCloudOAuthClient'),
  fields: z.record(z.string(), z.string().min(1)),
});
export type CredentialSpec = z.infer<typeof CredentialSpecSchema>;

export interface CredentialEntity {
  id: string;
  name: string;
  type?: { name: string };
}

const LIST = 'credential';
const observe = (c: CredentialEntity): Observed<CredentialEntity> => ({ id: c.id, name: c.name, actual: { id: c.id, name: c.name, type: c.type } });

export const listCredentials = (ctx: ResourceContext): Promise<CredentialEntity[]> =>
  ctx.list(LIST, () => allPages<CredentialEntity>(ctx.client, '/api/v2/integrations/credentials'));

async function find(c: ResourceContext | GenesysClient, name: string): Promise<Observed<CredentialEntity> | undefined> {
  const r = (await listCredentials(contextOf(c))).find((x) => x.name === name);
  return r && observe(r);
}

const body = (name: string, spec: CredentialSpec) => ({ name, type: { name: spec.type }, credentialFields: spec.fields });

export const credential: ResourceModule<CredentialSpec, CredentialEntity> = {
  kind: 'credential',
  label: 'integration credential',
  schema: CredentialSpecSchema,
  permissions: {
    read: ['integrations:integration:view'],
    create: ['integrations:integration:add'],
    update: ['integrations:integration:edit'],
    delete: ['integrations:integration:delete'],
  },
  opaque: ['fields'],
  find: (ctx, name) => find(ctx, name),
  async read(ctx, id) {
    const listed = (await listCredentials(ctx)).find((x) => x.id === id);
    if (listed) return observe(listed);
    const r = await readOrUndefined(() => ctx.client.request<CredentialEntity>('GET', `/api/v2/integrations/credentials/${id}`));
    return r && observe(r);
  },
  async create(ctx, name, spec) {
    const { value } = await createOnce(
      `credential "${name}"`,
      () => ctx.client.request<CredentialEntity>('POST', '/api/v2/integrations/credentials', { body: body(name, spec) }),
      async () => {
        ctx.invalidate(LIST);
        return (await find(ctx, name))?.actual;
      },
    );
    ctx.invalidate(LIST);
    return observe(value);
  },
  async update(ctx, current, name, spec) {
    const r = await ctx.client.request<CredentialEntity>('PUT', `/api/v2/integrations/credentials/${current.id}`, { body: body(name, spec) });
    ctx.invalidate(LIST);
    return observe(r?.id ? r : { ...current.actual, name });
  },
  async delete(ctx, current) {
    await deleteGone('credential', current.name, () => ctx.client.request('DELETE', `/api/v2/integrations/credentials/${current.id}`), 'remove it from the integration configurations that use it, then destroy again');
    ctx.invalidate(LIST);
  },
  diff(name, spec, current) {
    return new Diff().check('name', name, current.name).check('type', spec.type, current.actual.type?.name, { replace: true }).changes;
  },
};
