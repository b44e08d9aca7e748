import type { SandboxContext } from '../../core/context.js';
import type { Collection } from '../../core/store.js';
import type { MatchCriteria, TriggerTarget } from '../../../model/trigger.js';

/**
 * Event Orchestration triggers (Trigger model). The runtime matches bus events against
 * `topicName` + `matchCriteria` of enabled triggers and invokes `target` (a published workflow).
 */
export interface Trigger {
  id: string;
  name: string;
  topicName: string;
  target: TriggerTarget;
  version: number;
  enabled: boolean;
  matchCriteria: MatchCriteria[];
  eventTTLSeconds?: number;
  delayBySeconds?: number;
  description?: string;
  /** Creation order; cursor listings page in this order. */
  dateCreated: string;
}

/**
 * Topics a trigger may name (`GET /api/v2/processautomation/triggers/topics`). The list follows
 * the Resource Center's "Overview of triggers"; the ones presence-kit uses come first.
 */
export const TOPICS: readonly string[] = [
  'v2.detail.events.conversation.{id}.user.start',
  'v2.detail.events.conversation.{id}.user.end',
  'v2.detail.events.conversation.{id}.customer.start',
  'v2.detail.events.conversation.{id}.customer.end',
  'v2.detail.events.conversation.{id}.acd.start',
  'v2.detail.events.conversation.{id}.acd.end',
  'v2.detail.events.conversation.{id}.acw',
  'v2.detail.events.conversation.{id}.wrapup',
  'v2.detail.events.conversation.{id}.attributes',
  'v2.detail.events.conversation.{id}.outbound',
  'v2.detail.events.conversation.{id}.voicemail.start',
  'v2.detail.events.conversation.{id}.voicemail.end',
  'v2.users.{id}.activity',
  'v2.users.{id}.integrationpresence',
  'v2.users.{id}.presence',
  'v2.users.{id}.workforcemanagement.schedules',
  'v2.users.{id}.workforcemanagement.adherence',
  'v2.quality.evaluations',
  'v2.operations.events.{id}',
  'v2.taskmanagement.workitems.{id}',
];

export const triggers = (ctx: SandboxContext): Collection<Trigger> =>
  ctx.store.collection<Trigger>('triggers', {
    summarize: (t) => ({ topicName: t.topicName, enabled: t.enabled, targetId: t.target.id, version: t.version }),
  });

/** Triggers that target a flow (architect refuses to delete such a flow). */
export const triggersTargeting = (ctx: SandboxContext, flowId: string): Trigger[] => triggers(ctx).filter((t) => t.target.id === flowId);
