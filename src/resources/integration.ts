import { z } from 'zod';
import type { ResourceContext } from './context.js';
import { Diff } from './diff.js';
import { entityApi } from './entity-api.js';
import { readOrUndefined, withVersionRetry, writeSettled } from './writes.js';
import type { Change, Observed, ResourceModule } from './types.js';

/**
 * An integration (`/api/v2/integrations`), typically "Genesys Cloud Data Actions"
 * (`purecloud-data-actions`): created, then configured through `config/current` (name, notes,
 * credentials — optimistic locking on `version`), then set ENABLED (PATCH `intendedState`), as
 * Terraform's provider does.
 */
export const IntegrationSpecSchema = z.strictObject({
  integrationType: z.string().min(1).default('purecloud-data-actions'),
  notes: z.string().optional(),
  enabled: z.boolean().default(true),
  /** Credential key from the integration type (`pureCloudOAuthClient`) → credential id. */
  credentials: z.record(z.string(), z.string().min(1)).default({}),
  properties: z.record(z.string(), z.unknown()).optional(),
  advanced: z.record(z.string(), z.unknown()).optional(),
});
export type IntegrationSpec = z.infer<typeof IntegrationSpecSchema>;

export interface IntegrationEntity {
  id: string;
  name: string;
  integrationType?: { id: string };
  intendedState?: string;
  notes?: string;
}

export interface IntegrationConfiguration {
  name: string;
  version: number;
  notes?: string;
  properties?: Record<string, unknown>;
  advanced?: Record<string, unknown>;
  credentials?: Record<string, { id: string; name?: string }>;
}

export interface ObservedIntegration {
  integration: IntegrationEntity;
  config?: IntegrationConfiguration;
}

const readConfig = (ctx: ResourceContext, id: string) =>
  readOrUndefined(() => ctx.client.request<IntegrationConfiguration>('GET', `/api/v2/integrations/${id}/config/current`));

async function observe(i: IntegrationEntity, ctx: ResourceContext): Promise<Observed<ObservedIntegration>> {
  return { id: i.id, name: i.name, actual: { integration: i, config: await readConfig(ctx, i.id) } };
}

const api = entityApi<IntegrationEntity, ObservedIntegration>({
  key: 'integration',
  noun: 'integration',
  path: '/api/v2/integrations',
  observe,
  inUseHint: 'delete the data actions and flows that use it, then destroy again',
});

export const listIntegrations: (ctx: ResourceContext) => Promise<IntegrationEntity[]> = api.list;

const configBody = (name: string, spec: IntegrationSpec, version: number) => ({
  name,
  version,
  notes: spec.notes ?? '',
  properties: spec.properties ?? {},
  advanced: spec.advanced ?? {},
  credentials: Object.fromEntries(Object.entries(spec.credentials).map(([k, id]) => [k, { id }])),
});

function configChanges(name: string, spec: IntegrationSpec, config: IntegrationConfiguration | undefined): Change[] {
  const creds = Object.fromEntries(Object.entries(config?.credentials ?? {}).map(([k, v]) => [k, v.id]));
  return new Diff()
    .check('config.name', name, config?.name)
    .check('config.notes', spec.notes, config?.notes ?? '')
    .check('config.credentials', spec.credentials, creds)
    .check('config.properties', spec.properties, config?.properties ?? {})
    .check('config.advanced', spec.advanced, config?.advanced ?? {}).changes.concat(
      // `covers` ignores extra keys; a credential key the spec drops must still count.
      Object.keys(creds).some((k) => !(k in spec.credentials)) ? [{ field: 'config.credentials', from: creds, to: spec.credentials }] : [],
    );
}

async function configure(ctx: ResourceContext, id: string, name: string, spec: IntegrationSpec, known?: IntegrationConfiguration): Promise<void> {
  let version = known?.version ?? (await readConfig(ctx, id))?.version ?? 1;
  let settled = false;
  // PUT is idempotent (the client retries it). A version conflict means someone wrote since the
  // version was read — often our own PUT whose answer was lost and was then retried: read back,
  // and if the config already says what we want, it is done; otherwise try once more.
  await withVersionRetry(
    () => (settled ? Promise.resolve(undefined) : ctx.client.request('PUT', `/api/v2/integrations/${id}/config/current`, { body: configBody(name, spec, version) })),
    async () => {
      const now = await readConfig(ctx, id);
      version = now?.version ?? version;
      settled = configChanges(name, spec, now).length === 0;
    },
  );
}

/** An integration's config and state as they were (restoring an adopted one). */
async function putBack(ctx: ResourceContext, current: Observed<ObservedIntegration>, before: ObservedIntegration): Promise<void> {
  const c = before.config;
  if (c) {
    const spec: IntegrationSpec = {
      integrationType: before.integration.integrationType?.id ?? 'purecloud-data-actions',
      notes: c.notes ?? '',
      enabled: before.integration.intendedState === 'ENABLED',
      credentials: Object.fromEntries(Object.entries(c.credentials ?? {}).map(([k, v]) => [k, v.id])),
      properties: c.properties ?? {},
      advanced: c.advanced ?? {},
    };
    await configure(ctx, current.id, c.name, spec);
  }
  await setState(ctx, current.id, before.integration.intendedState === 'ENABLED');
  api.invalidate(ctx);
}

async function setState(ctx: ResourceContext, id: string, enabled: boolean): Promise<void> {
  const intendedState = enabled ? 'ENABLED' : 'DISABLED';
  await writeSettled(
    `set integration ${id} ${intendedState}`,
    () => ctx.client.request('PATCH', `/api/v2/integrations/${id}`, { body: { intendedState } }),
    async () => (await ctx.client.request<IntegrationEntity>('GET', `/api/v2/integrations/${id}`))?.intendedState === intendedState,
  );
}

export const integration: ResourceModule<IntegrationSpec, ObservedIntegration> = {
  kind: 'integration',
  label: 'integration',
  schema: IntegrationSpecSchema,
  permissions: {
    read: ['integrations:integration:view'],
    create: ['integrations:integration:add', 'integrations:integration:edit'],
    update: ['integrations:integration:edit'],
    delete: ['integrations:integration:delete'],
  },
  endpoints: {
    read: ['GET /api/v2/integrations', 'GET /api/v2/integrations/{integrationId}', 'GET /api/v2/integrations/{integrationId}/config/current'],
    create: [
      'POST /api/v2/integrations',
      'GET /api/v2/integrations',
      'GET /api/v2/integrations/{integrationId}/config/current',
      'PUT /api/v2/integrations/{integrationId}/config/current',
      'PATCH /api/v2/integrations/{integrationId}',
      'GET /api/v2/integrations/{integrationId}',
    ],
    update: [
      'GET /api/v2/integrations/{integrationId}/config/current',
      'PUT /api/v2/integrations/{integrationId}/config/current',
      'PATCH /api/v2/integrations/{integrationId}',
      'GET /api/v2/integrations/{integrationId}',
    ],
    delete: ['DELETE /api/v2/integrations/{integrationId}'],
  },
  mark: {
    field: 'notes',
    read: (c) => c.actual.config?.notes ?? c.actual.integration.notes,
    write: (a, notes) => ({ ...a, integration: { ...a.integration, notes }, ...(a.config ? { config: { ...a.config, notes } } : {}) }),
  },
  listAll: api.listAll,
  restore: putBack,
  find: api.find,
  read: api.read,
  async create(ctx, name, spec) {
    // The notes (with the ownership mark) go with the first call: an integration whose config PUT
    // then fails is still recognisably presence-kit's.
    const { value } = await api.create(ctx, name, { name, integrationType: { id: spec.integrationType }, notes: spec.notes ?? '' });
    await configure(ctx, value.id, name, spec);
    await setState(ctx, value.id, spec.enabled);
    return observe({ ...value, name, intendedState: spec.enabled ? 'ENABLED' : 'DISABLED' }, ctx);
  },
  async update(ctx, current, name, spec, changes) {
    const { integration: i, config } = current.actual;
    if (changes.some((c) => c.field.startsWith('config.') || c.field === 'name')) await configure(ctx, i.id, name, spec, config);
    if (changes.some((c) => c.field === 'intendedState')) await setState(ctx, i.id, spec.enabled);
    api.invalidate(ctx);
    return observe({ ...i, name, intendedState: spec.enabled ? 'ENABLED' : 'DISABLED' }, ctx);
  },
  delete: api.remove,
  diff(name, spec, current) {
    const { integration: i, config } = current.actual;
    const d = new Diff()
      .check('name', name, current.name)
      .check('integrationType', spec.integrationType, i.integrationType?.id, { replace: true })
      .check('intendedState', spec.enabled ? 'ENABLED' : 'DISABLED', i.intendedState);
    return [...d.changes, ...configChanges(name, spec, config)];
  },
};
