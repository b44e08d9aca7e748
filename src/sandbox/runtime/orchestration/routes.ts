import type { SandboxContext } from '../../core/context.js';
import { badRequest } from '../../core/errors.js';
import type { Router } from '../../core/router.js';
import { publishedWorkflow } from '../../services/architect/models.js';
import { TOPICS, triggers } from '../../services/processautomation/models.js';
import { getTrigger } from '../../services/processautomation/trigger.js';
import { evaluateCriterion, topicMatches } from './match.js';

/**
 * Trigger test mode: `POST /api/v2/processautomation/triggers/{triggerId}/test` (would this
 * trigger fire for this event body?) and `…/triggers/topics/{topicName}/test` (which triggers on
 * the topic would). Nothing runs.
 */
function eventBody(raw: unknown): Record<string, unknown> {
  let v = raw;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      throw badRequest('The test body must be the event as JSON.');
    }
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw badRequest('The test body must be a JSON object (the event body).');
  return v as Record<string, unknown>;
}

const schemaValidation = (topicName: string) => {
  const known = TOPICS.includes(topicName);
  return { name: 'Event schema validation', step: 1, matches: known, details: known ? [] : [`Unknown topic ${topicName}`] };
};

export function registerTriggerTestRoutes(router: Router, ctx: SandboxContext): void {
  router.post('/api/v2/processautomation/triggers/{triggerId}/test', (req) => {
    const t = getTrigger(ctx, req.params.triggerId!);
    const body = eventBody(req.body);
    const target = publishedWorkflow(ctx, t.target.id);
    const results = t.matchCriteria.map((c) => {
      const r = evaluateCriterion(body, c);
      return { ...c, generatedJsonPathCondition: r.condition, jsonPathExtraction: r.extracted, match: r.match };
    });
    const matches = results.every((r) => r.match);
    return {
      schemaValidation: schemaValidation(t.topicName),
      targetValidation: { name: 'Target validation', step: 2, matches: !!target, details: target ? [] : [`Workflow ${t.target.id} is not an active, published workflow`] },
      jsonPathValidation: { name: 'Match criteria validation', step: 3, matches, details: results },
      triggerMatches: matches && !!target && t.enabled,
    };
  });
  router.post('/api/v2/processautomation/triggers/topics/{topicName}/test', (req) => {
    const topicName = req.params.topicName!;
    const body = eventBody(req.body);
    const onTopic = triggers(ctx).filter((t) => topicMatches(t.topicName, { topic: topicName, topicName }));
    const view = (t: (typeof onTopic)[number]) => ({ id: t.id, name: t.name, enabled: t.enabled, selfUri: `/api/v2/processautomation/triggers/${t.id}` });
    const matched = onTopic.filter((t) => t.enabled && t.matchCriteria.every((c) => evaluateCriterion(body, c).match));
    return {
      schemaValidation: schemaValidation(topicName),
      triggerMatchValidation: { name: 'Trigger match validation', step: 2, matchedTriggers: matched.map(view), unmatchedTriggers: onTopic.filter((t) => !matched.includes(t)).map(view) },
    };
  });
}
