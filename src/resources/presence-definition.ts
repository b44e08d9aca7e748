import { z } from 'zod';
import { fromDefinitionsApiSpelling, parseSystemPresence, SystemPresenceEnum, toDefinitionsApiSpelling, type SystemPresenceName } from '../model/presence.js';
import { contextOf, type ResourceContext } from './context.js';
import { Diff } from './diff.js';
import { createOnce, deleteGone, readOrUndefined } from './writes.js';
import type { GenesysClient } from '../genesys/client.js';
import type { Observed, ResourceModule } from './types.js';

/**
 * A custom (secondary) presence definition (`/api/v2/presence/definitions`), such as "Pre-Break"
 * under Break. Its name is its en_US label, as the admin UI shows it. The parent system presence
 * cannot change once created.
 */
export const PresenceDefinitionSpecSchema = z.strictObject({
  /** The parent system presence, in any spelling ("Break", "On Queue", "OnQueue"). */
  systemPresence: z.string().transform((s, ctx) => {
    const p = parseSystemPresence(s);
    if (!p) ctx.addIssue({ code: 'custom', message: `"${s}" is not a system presence; use one of Available, Away, Busy, Break, Meal, Meeting, Training, Idle, Offline` });
    return p as SystemPresenceName;
  }),
  /** More labels by locale (`fr_FR`…); en_US is the name. */
  languageLabels: z.record(z.string(), z.string()).optional(),
  deactivated: z.boolean().default(false),
});
export type PresenceDefinitionSpec = z.infer<typeof PresenceDefinitionSpecSchema>;

export interface PresenceDefinitionEntity {
  id: string;
  name?: string;
  type?: 'System' | 'User';
  systemPresence?: z.infer<typeof SystemPresenceEnum>;
  languageLabels?: Record<string, string>;
  divisionId?: string;
  deactivated?: boolean;
}

const LIST = 'presence-definition';
const label = (d: PresenceDefinitionEntity) => d.languageLabels?.en_US ?? d.name ?? '';
const observe = (d: PresenceDefinitionEntity): Observed<PresenceDefinitionEntity> => ({ id: d.id, name: label(d), actual: d });

export const listPresenceDefinitions = (ctx: ResourceContext): Promise<PresenceDefinitionEntity[]> =>
  ctx.list(LIST, async () => (await ctx.client.request<{ entities?: PresenceDefinitionEntity[] }>('GET', '/api/v2/presence/definitions'))?.entities ?? []);

async function find(c: ResourceContext | GenesysClient, name: string): Promise<Observed<PresenceDefinitionEntity> | undefined> {
  const d = (await listPresenceDefinitions(contextOf(c))).find((x) => label(x) === name && x.type !== 'System');
  return d && observe(d);
}

const body = (name: string, spec: PresenceDefinitionSpec) => ({
  languageLabels: { ...(spec.languageLabels ?? {}), en_US: name },
  systemPresence: toDefinitionsApiSpelling(spec.systemPresence),
  deactivated: spec.deactivated,
});

export const presenceDefinition: ResourceModule<PresenceDefinitionSpec, PresenceDefinitionEntity> = {
  kind: 'presence-definition',
  label: 'presence',
  schema: PresenceDefinitionSpecSchema,
  permissions: {
    read: ['presence:presenceDefinition:view'],
    create: ['presence:presenceDefinition:add'],
    update: ['presence:presenceDefinition:edit'],
    delete: ['presence:presenceDefinition:delete'],
  },
  find: (ctx, name) => find(ctx, name),
  async read(ctx, id) {
    const listed = (await listPresenceDefinitions(ctx)).find((x) => x.id === id);
    if (listed) return observe(listed);
    const d = await readOrUndefined(() => ctx.client.request<PresenceDefinitionEntity>('GET', `/api/v2/presence/definitions/${id}`));
    return d && observe(d);
  },
  async create(ctx, name, spec) {
    const { value } = await createOnce(
      `presence "${name}"`,
      () => ctx.client.request<PresenceDefinitionEntity>('POST', '/api/v2/presence/definitions', { body: body(name, spec) }),
      async () => {
        ctx.invalidate(LIST);
        return (await find(ctx, name))?.actual;
      },
    );
    ctx.invalidate(LIST);
    return observe(value);
  },
  async update(ctx, current, name, spec) {
    const b = { ...body(name, spec), systemPresence: current.actual.systemPresence ?? toDefinitionsApiSpelling(spec.systemPresence) };
    const d = await ctx.client.request<PresenceDefinitionEntity>('PUT', `/api/v2/presence/definitions/${current.id}`, { body: { id: current.id, ...b } });
    ctx.invalidate(LIST);
    return observe(d?.id ? d : { ...current.actual, ...b });
  },
  async delete(ctx, current) {
    await deleteGone('presence', current.name, () => ctx.client.request('DELETE', `/api/v2/presence/definitions/${current.id}`), 'move the users in it to another presence, then destroy again');
    ctx.invalidate(LIST);
  },
  diff(name, spec, current) {
    const a = current.actual;
    return new Diff()
      .check('name', name, current.name)
      .check('systemPresence', spec.systemPresence, a.systemPresence ? fromDefinitionsApiSpelling(a.systemPresence) : undefined, { replace: true })
      .check('languageLabels', spec.languageLabels, a.languageLabels ?? {})
      .check('deactivated', spec.deactivated, a.deactivated ?? false).changes;
  },
};
