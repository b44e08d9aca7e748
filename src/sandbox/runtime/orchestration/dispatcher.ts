import type { BusEvent } from '../../core/bus.js';
import type { SandboxContext } from '../../core/context.js';
import { publishedWorkflow } from '../../services/architect/models.js';
import { triggers, type Trigger } from '../../services/processautomation/models.js';
import { isWorkflowDefinition } from '../archy/definition.js';
import { startWorkflow } from '../workflows.js';
import { criteriaMatch, topicMatches } from './match.js';

/**
 * Event Orchestration: every event on the bus is checked against the enabled triggers on its
 * topic. A stale event (older than `eventTTLSeconds`) is dropped; a delayed trigger starts its
 * workflow `delayBySeconds` later on the sandbox clock; otherwise the trigger's published
 * workflow starts now, with the event as top-level inputs or as `Flow.jsonData`.
 */
export function matchingTriggers(ctx: SandboxContext, event: Pick<BusEvent, 'topic' | 'topicName' | 'body'>): Trigger[] {
  return triggers(ctx)
    .filter((t) => t.enabled && topicMatches(t.topicName, event) && criteriaMatch(event.body, t.matchCriteria))
    .sort((a, b) => a.dateCreated.localeCompare(b.dateCreated));
}

/**
 * A trigger whose target carries no `workflowTargetSettings` hands its event over as top-level
 * primitives, as Genesys does (the original blueprints' Postman bodies set none and their flows
 * read `Flow.userId`, `Flow.conversationId`…).
 */
export const DEFAULT_DATA_FORMAT = 'TopLevelPrimitives';
const dataFormatOf = (t: Trigger) => t.target.workflowTargetSettings?.dataFormat ?? DEFAULT_DATA_FORMAT;

/** The workflow inputs a trigger hands over, given the flow's declared inputs. */
export function workflowInputs(t: Trigger, body: Record<string, unknown>, declared: Array<{ name: string; type: string }>): Record<string, unknown> {
  const inputs: Record<string, unknown> = {};
  const byName = new Map(declared.map((d) => [d.name.toLowerCase(), d]));
  if (dataFormatOf(t) === 'Json') {
    const d = byName.get('flow.jsondata');
    if (d) inputs[d.name] = body;
    return inputs;
  }
  for (const [k, v] of Object.entries(body)) {
    if (v === null || typeof v === 'object') continue;
    const d = byName.get(`flow.${k.toLowerCase()}`);
    if (d) inputs[d.name] = v;
  }
  return inputs;
}

function eventTime(event: BusEvent): number {
  const t = event.body.eventTime;
  if (typeof t === 'number') return t;
  if (typeof t === 'string' && !Number.isNaN(Date.parse(t))) return Date.parse(t);
  return Date.parse(event.publishedAt);
}

function invoke(ctx: SandboxContext, t: Trigger, event: BusEvent): Promise<void> {
  const target = publishedWorkflow(ctx, t.target.id);
  const declared = target && isWorkflowDefinition(target.version.definition) ? target.version.inputs : [];
  const run = startWorkflow(ctx, {
    flowId: t.target.id,
    inputs: workflowInputs(t, event.body, declared),
    trigger: { id: t.id, name: t.name, topicName: t.topicName, topic: event.topic, dataFormat: dataFormatOf(t) },
  });
  return run.started;
}

export async function onEvent(ctx: SandboxContext, event: BusEvent): Promise<void> {
  const started: Array<Promise<void>> = [];
  for (const t of matchingTriggers(ctx, event)) {
    if (t.eventTTLSeconds && ctx.clock.now() - eventTime(event) > t.eventTTLSeconds * 1000) continue;
    if (t.delayBySeconds) {
      ctx.clock.after(t.delayBySeconds * 1000, () => invoke(ctx, t, event));
      continue;
    }
    started.push(invoke(ctx, t, event));
  }
  await Promise.all(started);
}

/**
 * Each event reaches Event Orchestration when the profile says: at once and once (default), or
 * late, sometimes twice, each delivery on its own clock timer so two events can swap (production).
 */
export const startOrchestration = (ctx: SandboxContext): (() => void) =>
  ctx.bus.subscribe((event) => {
    const deliveries = ctx.profile.eventDeliveries();
    if (deliveries.length === 1 && deliveries[0] === 0) return onEvent(ctx, event);
    for (const ms of deliveries) ctx.clock.after(ms, () => onEvent(ctx, event));
  });
