import { z } from 'zod';
import { DATA_FORMATS, MatchCriteriaSchema, type CreateTriggerRequest } from '../model/trigger.js';
import { allCursorPages } from './paging.js';
import { contextOf, type ResourceContext } from './context.js';
import { Diff } from './diff.js';
import { createOnce, deleteGone, readOrUndefined, withVersionRetry } from './writes.js';
import type { GenesysClient } from '../genesys/client.js';
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
    description: z.string().max(512).optional(),
  })
  .refine((s) => !(s.eventTTLSeconds && s.delayBySeconds), { error: 'use eventTTLSeconds or delayBySeconds, not both (Genesys refuses both)' })
  .refine((s) => s.matchCriteria.every((m) => !(m.value !== undefined && m.values !== undefined)), { error: 'a match criterion takes value or values, not both' });
export type TriggerSpec = z.infer<typeof TriggerSpecSchema>;

export interface TriggerEntity extends CreateTriggerRequest {
  id: string;
  version: number;
}

const LIST = 'trigger';

export const listTriggers = (ctx: ResourceContext): Promise<TriggerEntity[]> =>
  ctx.list(LIST, () => allCursorPages<TriggerEntity>(ctx.client, '/api/v2/processautomation/triggers'));

const observe = (t: TriggerEntity): Observed<TriggerEntity> => ({ id: t.id, name: t.name, actual: t });

async function find(c: ResourceContext | GenesysClient, name: string): Promise<Observed<TriggerEntity> | undefined> {
  const t = (await listTriggers(contextOf(c))).find((x) => x.name === name);
  return t && observe(t);
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

async function create(ctx: ResourceContext, name: string, spec: TriggerSpec): Promise<Observed<TriggerEntity>> {
  const { value } = await createOnce(
    `trigger "${name}"`,
    () => ctx.client.request<TriggerEntity>('POST', '/api/v2/processautomation/triggers', { body: triggerRequest(name, spec) }),
    async () => {
      ctx.invalidate(LIST);
      return (await find(ctx, name))?.actual;
    },
  );
  ctx.invalidate(LIST);
  return observe(value);
}

async function remove(ctx: ResourceContext, current: Observed<TriggerEntity>): Promise<void> {
  await deleteGone('trigger', current.name, () => ctx.client.request('DELETE', `/api/v2/processautomation/triggers/${current.id}`), 'try again later');
  ctx.invalidate(LIST);
}

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
  find: (ctx, name) => find(ctx, name),
  async read(ctx, id) {
    const listed = (await listTriggers(ctx)).find((x) => x.id === id);
    if (listed) return observe(listed);
    const t = await readOrUndefined(() => ctx.client.request<TriggerEntity>('GET', `/api/v2/processautomation/triggers/${id}`));
    return t && observe(t);
  },
  create: (ctx, name, spec) => create(ctx, name, spec),
  async update(ctx, current, name, spec, changes) {
    if (changes.some((c) => c.replace)) {
      await remove(ctx, current);
      return create(ctx, name, spec);
    }
    let version = current.actual.version;
    const t = await withVersionRetry(
      () => ctx.client.request<TriggerEntity>('PUT', `/api/v2/processautomation/triggers/${current.id}`, { body: { ...triggerRequest(name, spec), version } }),
      async () => {
        version = (await ctx.client.request<TriggerEntity>('GET', `/api/v2/processautomation/triggers/${current.id}`)).version;
      },
    );
    ctx.invalidate(LIST);
    return observe(t?.id ? t : { ...current.actual, ...triggerRequest(name, spec), version: version + 1 });
  },
  delete: remove,
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
