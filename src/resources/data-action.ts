import { z } from 'zod';
import { ActionConfigSchema, ActionContractSchema, PostActionInputSchema, type PostActionInput } from '../model/data-action.js';
import { contextOf, type ResourceContext } from './context.js';
import { covers, Diff } from './diff.js';
import { entityApi } from './entity-api.js';
import { ResourceError, withVersionRetry, writeSettled } from './writes.js';
import { settleBadRequests } from './settle-bad-request.js';
import type { GenesysClient } from '../genesys/client.js';
import { isUnknown, type Observed, type ResourceModule } from './types.js';
import { readJsonFile } from '../util/json-file.js';

/**
 * A data action (`/api/v2/integrations/actions`), created published. Its definition comes inline
 * or from a file in Genesys's export format (`*.custom.json`); `category` is the integration's
 * name, which is how Architect flows find it. Genesys cannot change a published action's contract
 * or `secure` flag: such a change deletes and re-creates the action (as Terraform does).
 */
export const DataActionSpecSchema = z
  .strictObject({
    integrationId: z.string().min(1),
    /** By convention the integration's name: Architect finds actions by category + name. */
    category: z.string().min(1).max(256),
    /** A `*.custom.json` export (path resolved by the manifest loader). */
    file: z.string().min(1).optional(),
    secure: z.boolean().optional(),
    config: ActionConfigSchema.optional(),
    contract: ActionContractSchema.optional(),
  })
  .refine((s) => s.file || (s.config && s.contract), { error: 'give either file (a *.custom.json export) or both config and contract' });
export type DataActionSpec = z.infer<typeof DataActionSpecSchema>;

export interface ActionEntity {
  id: string;
  name: string;
  category?: string;
  integrationId?: string;
  secure?: boolean;
  version?: number;
  config?: Record<string, unknown>;
  contract?: Record<string, unknown>;
}

/** The export format the admin UI writes and imports (`*.custom.json`). */
export const ActionExportSchema = z.looseObject({
  name: z.string().min(1),
  integrationType: z.string().optional(),
  actionType: z.string().optional(),
  secure: z.boolean().optional(),
  config: ActionConfigSchema,
  contract: ActionContractSchema,
});
export type ActionExport = z.infer<typeof ActionExportSchema>;

/** An export (`*.custom.json`) → the body `POST /api/v2/integrations/actions` takes. */
export function inputFromExport(exported: ActionExport, target: { integrationId: string; category: string; name?: string }): PostActionInput {
  return PostActionInputSchema.parse({
    name: target.name ?? exported.name,
    category: target.category,
    integrationId: target.integrationId,
    secure: exported.secure ?? false,
    config: exported.config,
    contract: exported.contract,
  });
}

/** Reads and validates an export file; a bad file is one line naming it and the field. */
export function readActionExport(file: string): ActionExport {
  const r = readJsonFile(file, ActionExportSchema);
  if (r.ok) return r.data;
  if (r.problem === 'invalid')
    throw new ResourceError(`${file}: ${r.path || '(top level)'}: ${r.message} — a data action export has name, config.request, config.response and contract.input/output`);
  throw new ResourceError(`${file}: ${{ missing: 'file not found', unreadable: `cannot be read (${r.detail})`, 'not-json': `not valid JSON (${r.detail})` }[r.problem]}`);
}

/** What the spec means as an action body (reading its file, if any). */
export function actionInput(name: string, spec: DataActionSpec): PostActionInput {
  const fromFile = spec.file ? readActionExport(spec.file) : undefined;
  return PostActionInputSchema.parse({
    name,
    category: spec.category,
    integrationId: spec.integrationId,
    secure: spec.secure ?? fromFile?.secure ?? false,
    config: spec.config ?? fromFile?.config,
    contract: spec.contract ?? fromFile?.contract,
  });
}

const observe = (a: ActionEntity): Observed<ActionEntity> => ({ id: a.id, name: a.name, actual: a });

const api = entityApi<ActionEntity, ActionEntity>({
  key: 'data-action',
  noun: 'data action',
  path: '/api/v2/integrations/actions',
  // The listing leaves out config and contract, which the diff needs: an action is always read by id.
  readQuery: { expand: 'contract', includeConfig: true },
  observe,
  inUseHint: 'remove it from the flows that call it, then destroy again',
});

export const listActions: (ctx: ResourceContext) => Promise<ActionEntity[]> = api.list;
const readFull = api.get;
/** One action with its contract and config (`GET /api/v2/integrations/actions/{actionId}?expand=contract&includeConfig=true`). */
export const readAction = (ctx: ResourceContext, id: string): Promise<ActionEntity | undefined> => readFull(ctx, id);

/** Exact name, under the given integration (the same name under another integration is another action). */
async function find(c: ResourceContext | GenesysClient, name: string, integrationId?: string): Promise<Observed<ActionEntity> | undefined> {
  const ctx = contextOf(c);
  const listed = (await listActions(ctx)).filter((a) => a.name === name && (!integrationId || !a.integrationId || a.integrationId === integrationId));
  const hit = listed[0];
  if (!hit) return undefined;
  const full = await readFull(ctx, hit.id);
  return full && observe(full);
}

/** Created published; Genesys's transient 400s on a create are waited out (settle-bad-request.ts), so `apply` and `import action` both settle them. */
async function create(ctx: ResourceContext, input: PostActionInput): Promise<Observed<ActionEntity>> {
  const { value } = await settleBadRequests(ctx, `create data action "${input.name}"`, () =>
    api.create(ctx, input.name, input, async () => (await find(ctx, input.name, input.integrationId))?.actual),
  );
  return observe({ ...input, ...value });
}

export const dataAction: ResourceModule<DataActionSpec, ActionEntity> = {
  kind: 'data-action',
  label: 'data action',
  schema: DataActionSpecSchema,
  permissions: {
    read: ['integrations:action:view'],
    create: ['integrations:action:add'],
    // Replacing the action (a changed contract) deletes and creates it.
    update: ['integrations:action:edit', 'integrations:action:add', 'integrations:action:delete'],
    delete: ['integrations:action:delete'],
  },
  endpoints: {
    read: ['GET /api/v2/integrations/actions', 'GET /api/v2/integrations/actions/{actionId}'],
    create: ['POST /api/v2/integrations/actions', 'GET /api/v2/integrations/actions', 'GET /api/v2/integrations/actions/{actionId}'],
    // A changed contract or integration replaces the action: delete, then create.
    update: ['PATCH /api/v2/integrations/actions/{actionId}', 'GET /api/v2/integrations/actions/{actionId}', 'DELETE /api/v2/integrations/actions/{actionId}', 'POST /api/v2/integrations/actions', 'GET /api/v2/integrations/actions'],
    delete: ['DELETE /api/v2/integrations/actions/{actionId}'],
  },
  // No free-text field: an action is presence-kit's when its integration is.
  listAll: async (ctx) => (await listActions(ctx)).map(observe),
  async restore(ctx, current, before) {
    let version = current.actual.version ?? 1;
    await withVersionRetry(
      () => ctx.client.request('PATCH', api.at(current.id), { body: { version, name: before.name, category: before.category, config: before.config } }),
      async () => {
        version = (await readFull(ctx, current.id))?.version ?? version;
      },
    );
    api.invalidate(ctx);
  },
  // The export file must read and validate before the first call, not when its step comes.
  check: (name, spec) => void actionInput(name, spec),
  // Under an integration still to be created, the action cannot exist yet.
  find: async (ctx, name, spec) => (isUnknown(spec.integrationId) ? undefined : find(ctx, name, spec.integrationId)),
  async read(ctx, id) {
    const r = await readFull(ctx, id);
    return r && observe(r);
  },
  create: (ctx, name, spec) => create(ctx, actionInput(name, spec)),
  async update(ctx, current, name, spec, changes) {
    const input = actionInput(name, spec);
    if (changes.some((c) => c.replace)) {
      await api.remove(ctx, current);
      return create(ctx, input);
    }
    let version = current.actual.version ?? 1;
    const patch = () =>
      writeSettled(
        `update data action "${name}"`,
        () => ctx.client.request<ActionEntity>('PATCH', api.at(current.id), { body: { version, name, category: input.category, config: input.config } }),
        async () => {
          const now = await readFull(ctx, current.id);
          return !!now && now.name === name && now.category === input.category && covers(input.config, now.config);
        },
      );
    const r = await withVersionRetry(patch, async () => {
      version = (await readFull(ctx, current.id))?.version ?? version;
    });
    api.invalidate(ctx);
    return observe({ ...current.actual, ...input, ...(r ?? {}) });
  },
  delete: api.remove,
  diff(name, spec, current) {
    const input = actionInput(name, spec);
    const a = current.actual;
    return new Diff()
      .check('name', name, current.name)
      .check('category', input.category, a.category)
      .check('integrationId', input.integrationId, a.integrationId, { replace: true })
      .check('secure', input.secure ?? false, a.secure ?? false, { replace: true })
      .check('config', input.config, a.config)
      .check('contract', input.contract, a.contract, { replace: true }).changes;
  },
};
