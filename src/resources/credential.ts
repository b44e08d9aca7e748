import { z } from 'zod';
import { Diff } from './diff.js';
import { entityApi } from './entity-api.js';
import type { Observed, ResourceModule } from './types.js';
import { ResourceError } from './writes.js';

/**
 * An integration credential (`/api/v2/integrations/credentials`), e.g. `pureCloudOAuthClient`
 * with `clientId` + `clientSecret`. Genesys never returns the field values, so they are compared
 * through the state file (`opaque`), never read back.
 */
export const CredentialSpecSchema = z.strictObject({
  type: z.enum(['pureCloudOAuthClient', 'basicAuth', 'userDefined', 'userDefinedOAuth']).default('pureCloudOAuthClient'),
  fields: z.record(z.string(), z.string().min(1)),
  /**
   * Fields whose value is a secret presence-kit did not make (a Microsoft Entra app's client
   * secret: teams-presence-outbound reads PRESENCE_KIT_GRAPH_CLIENT_SECRET): field → the
   * environment variable holding it, read at apply time only, so the value is never in a
   * manifest, a plan or the state.
   */
  fieldsFromEnv: z.record(z.string(), z.string().regex(/^[A-Z][A-Z0-9_]*$/, { error: 'an environment variable name (A-Z, 0-9, _)' })).default({}),
});
export type CredentialSpec = z.infer<typeof CredentialSpecSchema>;

export interface CredentialEntity {
  id: string;
  name: string;
  type?: { name: string };
}

const observe = (c: CredentialEntity): Observed<CredentialEntity> => ({ id: c.id, name: c.name, actual: { id: c.id, name: c.name, type: c.type } });

const api = entityApi<CredentialEntity, CredentialEntity>({
  key: 'credential',
  noun: 'credential',
  path: '/api/v2/integrations/credentials',
  observe,
  inUseHint: 'remove it from the integration configurations that use it, then destroy again',
});

/** The values of `fieldsFromEnv`; a missing one is one line naming the variable. */
export function envFields(spec: Pick<CredentialSpec, 'fieldsFromEnv'>, env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(spec.fieldsFromEnv ?? {}).map(([field, name]) => {
      const v = env[name];
      if (!v) throw new ResourceError(`credential field ${field} comes from the environment: set ${name}`);
      return [field, v];
    }),
  );
}

const body = (name: string, spec: CredentialSpec) => ({ name, type: { name: spec.type }, credentialFields: { ...spec.fields, ...envFields(spec) } });

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
  endpoints: {
    read: ['GET /api/v2/integrations/credentials', 'GET /api/v2/integrations/credentials/{credentialId}'],
    create: ['POST /api/v2/integrations/credentials', 'GET /api/v2/integrations/credentials'],
    update: ['PUT /api/v2/integrations/credentials/{credentialId}'],
    delete: ['DELETE /api/v2/integrations/credentials/{credentialId}'],
  },
  opaque: ['fields', 'fieldsFromEnv'],
  // No free-text field: a credential is presence-kit's when one of its marked integrations uses it.
  listAll: api.listAll,
  cannotRestore: 'Genesys never shows a credential\'s fields, so what they held before cannot be put back',
  // A secret the admin must provide is checked by the plan that would send it, not when its step comes.
  checkSecrets: (_name, spec) => void envFields(spec),
  find: api.find,
  read: api.read,
  create: async (ctx, name, spec) => observe((await api.create(ctx, name, body(name, spec))).value),
  async update(ctx, current, name, spec) {
    const r = await api.put(ctx, current.id, body(name, spec));
    return observe(r?.id ? r : { ...current.actual, name });
  },
  delete: api.remove,
  diff(name, spec, current) {
    return new Diff().check('name', name, current.name).check('type', spec.type, current.actual.type?.name, { replace: true }).changes;
  },
};
