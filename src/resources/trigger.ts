import { z } from 'zod';
import { DATA_FORMATS, MatchCriteriaSchema, TRIGGER_DESCRIPTION_MAX, type CreateTriggerRequest } from '../model/trigger.js';
import type { ResourceContext } from './context.js';
import { Diff } from './diff.js';
import { entityApi } from './entity-api.js';
import { withVersionRetry } from './writes.js';
import type { Observed, ResourceModule } from './types.js';

/**
 * An Event Orchestration trigger (`/api/v2/processautomation/triggers`) that runs a published
 * workflow. Genesys cannot change a trigger's topic: a new topic means a new trigger.
 */
export const TriggerSpecSchema = z
  .strictObject({
    topicName: z.string().min(1),
    enabled: z.boolean().default(true),
    /** The published workflow's id (usually `${someWorkflow.id}`). */
    workflowId: z.string().min(1),
    dataFormat: z.enum(DATA_FORMATS).default('TopLevelPrimitives'),
    matchCriteria: z.array(MatchCriteriaSchema.strict()).default([]),
    eventTTLSeconds: z.number().int().min(10).optional(),
    delayBySeconds: z.number().int().min(60).max(900).optional(),
    description: z.string().max(TRIGGER_DESCRIPTION_MAX).optional(),
  })
  .refine((s) => !(s.eventTTLSeconds && s.delayBySeconds), { error: 'use eventTTLSeconds or delayBySeconds, not both (Genesys refuses both)' })
  .refine((s) => s.matchCriteria.every((m) => !(m.value !== undefined && m.values !== undefined)), { error: 'a match criterion takes value or values, not both' });
export type TriggerSpec = z.infer<typeof TriggerSpecSchema>;

export interface TriggerEntity extends CreateTriggerRequest {
  id: string;
  version: number;
}

const observe = (t: TriggerEntity): Observed<TriggerEntity> => ({ id: t.id, name: t.name, actual: t });

const api = entityApi<TriggerEntity, TriggerEntity>({
  key: 'trigger',
  noun: 'trigger',
  path: '/api/v2/processautomation/triggers',
  paging: 'cursor',
  observe,
  inUseHint: 'try again later',
});

export const listTriggers: (ctx: ResourceContext) => Promise<TriggerEntity[]> = api.list;

/** What a PUT takes of a trigger (UpdateTriggerRequest), `version` aside. */
const PUT_FIELDS = ['name', 'topicName', 'enabled', 'target', 'matchCriteria', 'eventTTLSeconds', 'delayBySeconds', 'description'] as const;
type TriggerFields = Pick<TriggerEntity, (typeof PUT_FIELDS)[number]>;
const putFields = (t: Partial<TriggerFields>) => Object.fromEntries(PUT_FIELDS.filter((k) => t[k] !== undefined).map((k) => [k, t[k]]));

/**
 * PUTs a trigger as `next` makes it from what Genesys shows (the whole body, `version` included:
 * a PUT replaces it — a field `next` leaves undefined is gone), re-reading once on a version conflict.
 */
export async function rewriteTrigger(ctx: ResourceContext, id: string, next: (current: TriggerEntity) => TriggerFields): Promise<void> {
  let t = await ctx.client.request<TriggerEntity>('GET', api.at(id));
  await withVersionRetry(
    () => api.put(ctx, id, { ...putFields(next(t)), version: t.version }),
    async () => {
      t = await ctx.client.request<TriggerEntity>('GET', api.at(id));
    },
  );
}

export function triggerRequest(name: string, spec: TriggerSpec): CreateTriggerRequest {
  return {
    name,
    topicName: spec.topicName,
    enabled: spec.enabled,
    target: { type: 'Workflow', id: spec.workflowId, workflowTargetSettings: { dataFormat: spec.dataFormat } },
    matchCriteria: spec.matchCriteria,
    ...(spec.eventTTLSeconds !== undefined ? { eventTTLSeconds: spec.eventTTLSeconds } : {}),
    ...(spec.delayBySeconds !== undefined ? { delayBySeconds: spec.delayBySeconds } : {}),
    ...(spec.description !== undefined ? { description: spec.description } : {}),
  };
}

const create = async (ctx: ResourceContext, name: string, spec: TriggerSpec): Promise<Observed<TriggerEntity>> =>
  observe((await api.create(ctx, name, triggerRequest(name, spec))).value);

export const trigger: ResourceModule<TriggerSpec, TriggerEntity> = {
  kind: 'trigger',
  label: 'trigger',
  schema: TriggerSpecSchema,
  permissions: {
    read: ['processautomation:trigger:view'],
    create: ['processautomation:trigger:add'],
    update: ['processautomation:trigger:edit'],
    delete: ['processautomation:trigger:delete'],
  },
  endpoints: {
    read: ['GET /api/v2/processautomation/triggers', 'GET /api/v2/processautomation/triggers/{triggerId}'],
    create: ['POST /api/v2/processautomation/triggers', 'GET /api/v2/processautomation/triggers'],
    update: ['PUT /api/v2/processautomation/triggers/{triggerId}', 'GET /api/v2/processautomation/triggers/{triggerId}'],
    delete: ['DELETE /api/v2/processautomation/triggers/{triggerId}'],
  },
  mark: { field: 'description', read: (c) => c.actual.description, write: (a, description) => ({ ...a, description }) },
  listAll: api.listAll,
  async restore(ctx, current, before) {
    await rewriteTrigger(ctx, current.id, () => before);
  },
  find: api.find,
  read: api.read,
  create,
  async update(ctx, current, name, spec, changes) {
    if (changes.some((c) => c.replace)) {
      await api.remove(ctx, current);
      return create(ctx, name, spec);
    }
    let version = current.actual.version;
    const t = await withVersionRetry(
      () => api.put(ctx, current.id, { ...triggerRequest(name, spec), version }),
      async () => {
        version = (await ctx.client.request<TriggerEntity>('GET', api.at(current.id))).version;
      },
    );
    return observe(t?.id ? t : { ...current.actual, ...triggerRequest(name, spec), version: version + 1 });
  },
  delete: api.remove,
  diff(name, spec, current) {
    const want = triggerRequest(name, spec);
    const a = current.actual;
    return new Diff()
      .check('name', name, current.name)
      .check('topicName', want.topicName, a.topicName, { replace: true })
      .check('enabled', want.enabled, a.enabled)
      .check('target', want.target, a.target)
      .check('matchCriteria', want.matchCriteria, a.matchCriteria ?? [])
      .check('eventTTLSeconds', spec.eventTTLSeconds, a.eventTTLSeconds)
      .check('delayBySeconds', spec.delayBySeconds, a.delayBySeconds)
      .check('description', spec.description, a.description ?? '').changes;
  },
};
