import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../core/context.js';
import { badRequest, invalidValue, notFound, versionMismatch } from '../../core/errors.js';
import { CreateTriggerRequestSchema, DATA_FORMATS, MATCH_OPERATORS, UpdateTriggerRequestSchema } from '../../../model/trigger.js';
import { parseBody } from '../../core/parse-body.js';
import { publishedWorkflow } from '../architect/models.js';
import { TOPICS, triggers, type Trigger } from './models.js';

/**
 * Trigger rules as Genesys enforces them: a known topic that never changes, a target that is a
 * published workflow, match criteria with exactly Genesys's operators and one of `value`/`values`,
 * `eventTTLSeconds` (≥ 10) or `delayBySeconds` (60–900) but not both, and `version` on update.
 */

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Enum and shape checks first, so the error names Genesys's allowed values rather than a zod message. */
function precheck(body: unknown): void {
  if (!isObj(body)) throw badRequest('The request body must be a JSON object');
  if (body.enabled === undefined) throw badRequest('enabled is required');
  const target = body.target;
  if (target === undefined) throw badRequest('target is required');
  if (isObj(target)) {
    if (target.type !== undefined && target.type !== 'Workflow') throw invalidValue(String(target.type), 'target.type', ['Workflow']);
    const settings = target.workflowTargetSettings;
    if (isObj(settings) && settings.dataFormat !== undefined && !(DATA_FORMATS as readonly unknown[]).includes(settings.dataFormat))
      throw invalidValue(String(settings.dataFormat), 'target.workflowTargetSettings.dataFormat', DATA_FORMATS);
  }
  const criteria = body.matchCriteria;
  if (Array.isArray(criteria))
    criteria.forEach((c, i) => {
      if (!isObj(c)) throw badRequest(`matchCriteria[${i}] must be an object`);
      if (c.operator === undefined) throw badRequest(`matchCriteria[${i}].operator is required`);
      if (!(MATCH_OPERATORS as readonly unknown[]).includes(c.operator)) throw invalidValue(String(c.operator), `matchCriteria[${i}].operator`, MATCH_OPERATORS);
      const hasValue = c.value !== undefined;
      const hasValues = c.values !== undefined;
      if (hasValue && hasValues) throw badRequest(`matchCriteria[${i}]: use only one of value and values`);
      if (!hasValue && !hasValues) throw badRequest(`matchCriteria[${i}]: one of value or values is required`);
      if (typeof c.jsonPath !== 'string' || !c.jsonPath) throw badRequest(`matchCriteria[${i}].jsonPath is required`);
    });
}

function checkRules(ctx: SandboxContext, t: { topicName: string; target: { id: string }; eventTTLSeconds?: number; delayBySeconds?: number }): void {
  if (!TOPICS.includes(t.topicName))
    throw badRequest(`topicName: '${t.topicName}' is not a valid topic; GET /api/v2/processautomation/triggers/topics lists the valid ones`);
  if (t.eventTTLSeconds !== undefined && t.delayBySeconds !== undefined) throw badRequest('Only one of eventTTLSeconds or delayBySeconds can be set');
  if (t.eventTTLSeconds !== undefined && t.eventTTLSeconds < 10) throw badRequest('eventTTLSeconds must be at least 10 seconds');
  if (t.delayBySeconds !== undefined && (t.delayBySeconds < 60 || t.delayBySeconds > 900)) throw badRequest('delayBySeconds must be in the range of 60 to 900 seconds');
  if (!publishedWorkflow(ctx, t.target.id))
    throw badRequest(`target.id: ${t.target.id} is not an active, published workflow; publish the workflow first`);
}

export function getTrigger(ctx: SandboxContext, id: string): Trigger {
  const t = triggers(ctx).get(id);
  if (!t) throw notFound(`Trigger ${id} not found`);
  return t;
}

export function createTrigger(ctx: SandboxContext, body: unknown): Trigger {
  precheck(body);
  const input = parseBody(CreateTriggerRequestSchema, body);
  checkRules(ctx, input);
  return triggers(ctx).insert({
    id: randomUUID(),
    name: input.name,
    topicName: input.topicName,
    target: input.target,
    version: 1,
    enabled: input.enabled,
    matchCriteria: input.matchCriteria ?? [],
    ...(input.eventTTLSeconds !== undefined ? { eventTTLSeconds: input.eventTTLSeconds } : {}),
    ...(input.delayBySeconds !== undefined ? { delayBySeconds: input.delayBySeconds } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    dateCreated: ctx.clock.nowIso(),
  });
}

export function updateTrigger(ctx: SandboxContext, id: string, body: unknown): Trigger {
  const current = getTrigger(ctx, id);
  if (isObj(body) && body.version === undefined) throw badRequest('version is required');
  precheck(body);
  const input = parseBody(UpdateTriggerRequestSchema, body);
  if (input.version !== current.version) throw versionMismatch('trigger');
  if (input.topicName !== current.topicName)
    throw badRequest(`topicName cannot be changed (it is '${current.topicName}'); create a new trigger for topic '${input.topicName}'`);
  checkRules(ctx, input);
  const { eventTTLSeconds: _t, delayBySeconds: _d, description: _s, ...base } = current;
  return triggers(ctx).put({
    ...base,
    name: input.name,
    target: input.target,
    enabled: input.enabled,
    matchCriteria: input.matchCriteria ?? [],
    ...(input.eventTTLSeconds !== undefined ? { eventTTLSeconds: input.eventTTLSeconds } : {}),
    ...(input.delayBySeconds !== undefined ? { delayBySeconds: input.delayBySeconds } : {}),
    ...(input.description !== undefined ? { description: input.description } : {}),
    version: current.version + 1,
  });
}

export function deleteTrigger(ctx: SandboxContext, id: string): void {
  getTrigger(ctx, id);
  triggers(ctx).delete(id);
}

export interface TriggerFilter {
  topicName?: string;
  enabled?: boolean;
  hasDelayBy?: boolean;
}

export function listTriggers(ctx: SandboxContext, f: TriggerFilter): Trigger[] {
  return triggers(ctx)
    .filter(
      (t) =>
        (f.topicName === undefined || t.topicName === f.topicName) &&
        (f.enabled === undefined || t.enabled === f.enabled) &&
        (f.hasDelayBy === undefined || (t.delayBySeconds !== undefined) === f.hasDelayBy),
    )
    .sort((a, b) => a.dateCreated.localeCompare(b.dateCreated) || a.id.localeCompare(b.id));
}

export function triggerView(t: Trigger) {
  const { dateCreated: _c, ...rest } = t;
  return { ...rest, selfUri: `/api/v2/processautomation/triggers/${t.id}` };
}
