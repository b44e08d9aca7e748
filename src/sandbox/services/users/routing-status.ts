import type { RoutingStatusValue } from '../../../model/presence.js';
import type { SandboxContext } from '../../core/context.js';
import type { Collection } from '../../core/store.js';

/** One agent's ACD routing status, keyed by user id. */
export interface RoutingStatusRecord {
  id: string;
  status: RoutingStatusValue;
  startTime: string;
}

export const routingStatuses = (ctx: SandboxContext): Collection<RoutingStatusRecord> =>
  ctx.store.collection<RoutingStatusRecord>('routingStatuses', { hidden: true });

/** `RoutingStatus` as Genesys answers it. A user never set is OFF_QUEUE (the model's own doc says so). */
export function getRoutingStatus(ctx: SandboxContext, userId: string): { userId: string; status: RoutingStatusValue; startTime: string } {
  const r = routingStatuses(ctx).get(userId);
  return { userId, status: r?.status ?? 'OFF_QUEUE', startTime: r?.startTime ?? ctx.clock.nowIso() };
}

/**
 * Records a routing status (no rules: presence decides when an agent goes IDLE or OFF_QUEUE, the
 * conversation model when INTERACTING). A change publishes `v2.users.{id}.routingStatus`.
 */
export function recordRoutingStatus(ctx: SandboxContext, userId: string, status: RoutingStatusValue): void {
  const prev = routingStatuses(ctx).get(userId);
  if (prev?.status === status) return;
  const startTime = ctx.clock.nowIso();
  routingStatuses(ctx).put({ id: userId, status, startTime });
  ctx.bus.publish({
    topic: `v2.users.${userId}.routingStatus`,
    topicName: 'v2.users.{id}.routingStatus',
    body: { id: userId, routingStatus: { status, startTime } },
    publishedAt: startTime,
  });
}
