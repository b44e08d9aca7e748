import { z } from 'zod';
import { ActionConfigSchema } from '../model/data-action.js';
import type { ResourceContext } from './context.js';
import { Diff } from './diff.js';
import { readActionExport, type ActionEntity } from './data-action.js';
import { allPages } from './paging.js';
import { isVersionMismatch, readOrUndefined, ResourceError } from './writes.js';
import { settleBadRequests } from './settle-bad-request.js';
import { GenesysError } from '../genesys/errors.js';
import { debug } from '../genesys/log.js';
import { isUnknown, type Observed, type ResourceModule } from './types.js';

/**
 * The authentication action of a Web Services Data Actions integration whose credential is
 * "User Defined (OAuth)". Genesys creates it with the integration's configuration (listed only
 * with `includeAuthActions=true`, id `customAuth_-_…`) and deletes it with the integration; we
 * only give it its request and response, from a `*.customAuth.json` export, through a draft that
 * is published — the admin UI's "edit the auth action", done by API.
 */
export const AuthActionSpecSchema = z.strictObject({
  integrationId: z.string().min(1),
  /** A `*.customAuth.json` export (path resolved by the manifest loader). */
  file: z.string().min(1),
});
export type AuthActionSpec = z.infer<typeof AuthActionSpecSchema>;

const PREFIX = 'customAuth_-_';
const observe = (a: ActionEntity): Observed<ActionEntity> => ({ id: a.id, name: a.name, actual: a });

function configOf(spec: AuthActionSpec) {
  const exported = readActionExport(spec.file);
  if (exported.actionType !== 'customAuth') throw new ResourceError(`${spec.file}: actionType is ${exported.actionType ?? 'missing'}, an auth action's export has actionType customAuth`);
  return ActionConfigSchema.parse(exported.config);
}

const read = (ctx: ResourceContext, id: string): Promise<ActionEntity | undefined> =>
  readOrUndefined(() => ctx.client.request<ActionEntity>('GET', `/api/v2/integrations/actions/${id}`, { query: { includeConfig: true } }));

/** Every auth action in the org (the listing with `includeAuthActions=true`, auth actions only), listed once per run. */
const listAuthActions = (ctx: ResourceContext): Promise<ActionEntity[]> =>
  ctx.list('auth-action', async () => (await allPages<ActionEntity>(ctx.client, '/api/v2/integrations/actions', { includeAuthActions: true })).filter((a) => a.id.startsWith(PREFIX)));

async function find(ctx: ResourceContext, integrationId: string): Promise<Observed<ActionEntity> | undefined> {
  const hit = (await listAuthActions(ctx)).find((a) => a.integrationId === integrationId);
  const full = hit && (await read(ctx, hit.id));
  return full && observe(full);
}

/** The published config is the export's: a sequence whose answers were lost may have done the work. */
const configured = (config: unknown, now: ActionEntity | undefined): boolean => !!now && new Diff().check('config', config, now.config).changes.length === 0;

// As creates (writes.ts): each attempt after the first follows a fresh look at the org.
const ATTEMPTS = 5;

/**
 * Draft from the published action, put the export's config in it, publish (versions are optimistic
 * locks). Three writes: when an answer is lost (a 5xx or a dropped connection after sending) or a
 * version moved on, the published action is read back — already configured means done — and the
 * sequence is otherwise repeated from a fresh draft, which is safe: a draft is only an edit buffer.
 */
async function configure(ctx: ResourceContext, current: Observed<ActionEntity>, config: NonNullable<ActionEntity['config']>): Promise<Observed<ActionEntity>> {
  const at = `/api/v2/integrations/actions/${current.id}`;
  for (let attempt = 1; ; attempt++) {
    try {
      const draft =
        (await readOrUndefined(() => ctx.client.request<ActionEntity>('GET', `${at}/draft`))) ?? (await ctx.client.request<ActionEntity>('POST', `${at}/draft`));
      const edited = await ctx.client.request<ActionEntity>('PATCH', `${at}/draft`, { body: { version: draft.version, config } });
      // A refused publish writes nothing: Genesys's transient 400s on it are waited out, as on a create.
      const published = await settleBadRequests(ctx, `publish authentication action "${current.name}"`, () =>
        ctx.client.request<ActionEntity>('POST', `${at}/draft/publish`, { body: { version: edited.version } }),
      );
      return observe({ ...current.actual, ...(published ?? {}), config });
    } catch (e) {
      const unsettled = (e instanceof GenesysError && e.ambiguous) || isVersionMismatch(e);
      if (!unsettled || attempt >= ATTEMPTS) throw e;
      debug(`configure auth action ${current.id}: ${(e as GenesysError).status || (e as GenesysError).code}; reading it back before trying again`);
      const now = await read(ctx, current.id);
      if (configured(config, now)) return observe({ ...current.actual, ...now, config });
    }
  }
}

export const authAction: ResourceModule<AuthActionSpec, ActionEntity> = {
  kind: 'auth-action',
  label: 'authentication action',
  schema: AuthActionSpecSchema,
  permissions: {
    read: ['integrations:action:view'],
    create: ['integrations:action:edit'],
    update: ['integrations:action:edit'],
    delete: [],
  },
  endpoints: {
    read: ['GET /api/v2/integrations/actions', 'GET /api/v2/integrations/actions/{actionId}'],
    // Genesys made it: "create" finds it, then configures it as an update does.
    create: [
      'GET /api/v2/integrations/actions',
      'GET /api/v2/integrations/actions/{actionId}',
      'GET /api/v2/integrations/actions/{actionId}/draft',
      'POST /api/v2/integrations/actions/{actionId}/draft',
      'PATCH /api/v2/integrations/actions/{actionId}/draft',
      'POST /api/v2/integrations/actions/{actionId}/draft/publish',
    ],
    update: [
      'GET /api/v2/integrations/actions/{actionId}/draft',
      'POST /api/v2/integrations/actions/{actionId}/draft',
      'PATCH /api/v2/integrations/actions/{actionId}/draft',
      'POST /api/v2/integrations/actions/{actionId}/draft/publish',
    ],
    // It goes with its integration.
    delete: [],
  },
  check: (_name, spec) => void configOf(spec),
  // No free-text field: Genesys derives it from its integration, whose mark makes it presence-kit's.
  listAll: async (ctx) => (await listAuthActions(ctx)).map(observe),
  find: async (ctx, _name, spec) => (isUnknown(spec.integrationId) ? undefined : find(ctx, spec.integrationId)),
  async read(ctx, id) {
    const a = await read(ctx, id);
    return a && observe(a);
  },
  // Genesys made it with the integration's configuration: "create" is finding and configuring it.
  async create(ctx, _name, spec) {
    // Genesys made it with the integration, after the plan listed the auth actions: look again.
    ctx.invalidate('auth-action');
    const found = await find(ctx, spec.integrationId);
    if (!found) throw new ResourceError(`integration ${spec.integrationId} has no authentication action: its credential must be of type userDefinedOAuth (User Defined (OAuth))`);
    return configure(ctx, found, configOf(spec));
  },
  update: (ctx, current, _name, spec) => configure(ctx, current, configOf(spec)),
  // Taken over, it is put back as the admin had it: the same draft and publish, with its config before adoption.
  async restore(ctx, current, before) {
    if (before.config) await configure(ctx, current, before.config);
  },
  // It goes with its integration; deleting it alone is not something Genesys offers.
  delete: async () => undefined,
  diff(_name, spec, current) {
    return new Diff().check('config', configOf(spec), current.actual.config).changes;
  },
};
