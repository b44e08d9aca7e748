import { z } from 'zod';
import { fromDefinitionsApiSpelling, parseSystemPresence, SystemPresenceEnum, toDefinitionsApiSpelling, type SystemPresenceName } from '../model/presence.js';
import type { ResourceContext } from './context.js';
import { Diff } from './diff.js';
import { entityApi } from './entity-api.js';
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

const label = (d: PresenceDefinitionEntity) => d.languageLabels?.en_US ?? d.name ?? '';
const observe = (d: PresenceDefinitionEntity): Observed<PresenceDefinitionEntity> => ({ id: d.id, name: label(d), actual: d });

const api = entityApi<PresenceDefinitionEntity, PresenceDefinitionEntity>({
  key: 'presence-definition',
  noun: 'presence',
  path: '/api/v2/presence/definitions',
  // Genesys answers every definition at once (the listing has no paging).
  paging: 'none',
  // Named by its en_US label; a system presence is never ours to adopt. Labels are unique ignoring
  // case (a "pre-break" makes creating "Pre-Break" a 409): assumed, as the sandbox (presence/definitions.ts).
  named: (d, name) => label(d).toLowerCase() === name.toLowerCase() && d.type !== 'System',
  observe,
  inUseHint: 'move the users in it to another presence, then destroy again',
});

export const listPresenceDefinitions: (ctx: ResourceContext) => Promise<PresenceDefinitionEntity[]> = api.list;

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
  endpoints: {
    read: ['GET /api/v2/presence/definitions', 'GET /api/v2/presence/definitions/{definitionId}'],
    create: ['POST /api/v2/presence/definitions', 'GET /api/v2/presence/definitions'],
    update: ['PUT /api/v2/presence/definitions/{definitionId}'],
    delete: ['DELETE /api/v2/presence/definitions/{definitionId}'],
  },
  // No free-text field: a presence is presence-kit's when the marked pre-break job client names its id.
  listAll: api.listAll,
  async restore(ctx, current, before) {
    await api.put(ctx, current.id, { id: current.id, languageLabels: before.languageLabels ?? {}, systemPresence: before.systemPresence, deactivated: before.deactivated ?? false });
  },
  find: api.find,
  read: api.read,
  create: async (ctx, name, spec) => observe((await api.create(ctx, name, body(name, spec))).value),
  async update(ctx, current, name, spec) {
    const b = { ...body(name, spec), systemPresence: current.actual.systemPresence ?? toDefinitionsApiSpelling(spec.systemPresence) };
    const d = await api.put(ctx, current.id, { id: current.id, ...b });
    return observe(d?.id ? d : { ...current.actual, ...b });
  },
  delete: api.remove,
  diff(name, spec, current) {
    const a = current.actual;
    return new Diff()
      .check('name', name, current.name)
      .check('systemPresence', spec.systemPresence, a.systemPresence ? fromDefinitionsApiSpelling(a.systemPresence) : undefined, { replace: true })
      .check('languageLabels', spec.languageLabels, a.languageLabels ?? {})
      .check('deactivated', spec.deactivated, a.deactivated ?? false).changes;
  },
};
