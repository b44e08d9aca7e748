import { z } from 'zod';
import type { SandboxContext } from '../core/context.js';
import { badRequest, notFound } from '../core/errors.js';
import { parseBody } from '../core/parse-body.js';
import { q1, reply, type Router } from '../core/router.js';
import { answerCall, endCall, startCall, type ConversationRecord } from '../services/conversations/models.js';
import { users } from '../services/users/models.js';
import { executions, listExecutions } from './executions.js';
import { matchingTriggers } from './orchestration/dispatcher.js';
import { startWorkflow } from './workflows.js';

/**
 * The sandbox's simulation controls (not Genesys API; no token): place, answer and end calls,
 * publish any notification event, run a workflow directly, and read what every run did. Each
 * call answers once the workflows it started have settled (finished or waiting on the clock).
 */
const open = { auth: 'none' as const };

const CallBody = z.object({
  userId: z.string().min(1).optional(),
  /** A user id, email or exact name (what `simulate --user` accepts). */
  user: z.string().min(1).optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  group: z.boolean().optional(),
  groupId: z.string().min(1).optional(),
  queueId: z.string().min(1).optional(),
  remoteNumber: z.string().min(1).optional(),
});

const EventBody = z.object({
  topicName: z.string().min(1),
  /** The entity id that replaces `{id}`; defaults to the body's userId / conversationId / id. */
  id: z.string().min(1).optional(),
  body: z.record(z.string(), z.unknown()),
});

const RunBody = z.object({ inputs: z.record(z.string(), z.unknown()).default({}) });

export function resolveUser(ctx: SandboxContext, ref: string) {
  const all = users(ctx).list().filter((u) => u.state !== 'deleted');
  const lower = ref.toLowerCase();
  const hit = all.find((u) => u.id === ref) ?? all.find((u) => u.email.toLowerCase() === lower) ?? all.filter((u) => u.name.toLowerCase() === lower);
  if (Array.isArray(hit)) {
    if (hit.length === 1) return hit[0]!;
    if (hit.length > 1) throw badRequest(`More than one user is named '${ref}': give the id or email.`);
    throw notFound(`No user with id, email or name '${ref}'.`);
  }
  return hit;
}

const callView = (c: ConversationRecord) => ({
  conversationId: c.id,
  userId: c.userId,
  direction: c.direction,
  ...(c.queueId ? { queueId: c.queueId } : {}),
  ...(c.groupId ? { groupId: c.groupId } : {}),
  state: c.endTime ? 'disconnected' : c.answeredTime ? 'connected' : 'alerting',
  startTime: c.startTime,
  ...(c.answeredTime ? { answeredTime: c.answeredTime } : {}),
  ...(c.endTime ? { endTime: c.endTime } : {}),
  participants: c.participants.map((p) => ({ id: p.id, purpose: p.purpose, state: p.state, ...(p.userId ? { userId: p.userId } : {}) })),
  selfUri: `/api/v2/conversations/${c.id}`,
});

export function registerControlRoutes(router: Router, ctx: SandboxContext): void {
  router.post(
    '/sandbox/v1/calls',
    async (req) => {
      const b = parseBody(CallBody, req.body);
      const ref = b.userId ?? b.user;
      if (!ref) throw badRequest('userId: give the user the call is for (userId, or user = id, email or name)');
      const user = resolveUser(ctx, ref);
      const conv = startCall(ctx, {
        userId: user.id,
        direction: b.direction,
        groupId: b.groupId ?? (b.group ? ctx.rng.uuid() : undefined),
        queueId: b.queueId,
        remoteNumber: b.remoteNumber,
      });
      await ctx.bus.idle();
      return reply(201, callView(conv));
    },
    open,
  );
  router.post(
    '/sandbox/v1/calls/{conversationId}/answer',
    async (req) => {
      const conv = answerCall(ctx, req.params.conversationId!);
      await ctx.bus.idle();
      return callView(conv);
    },
    open,
  );
  router.post(
    '/sandbox/v1/calls/{conversationId}/end',
    async (req) => {
      const conv = endCall(ctx, req.params.conversationId!);
      await ctx.bus.idle();
      return callView(conv);
    },
    open,
  );

  router.post(
    '/sandbox/v1/events',
    async (req) => {
      const b = parseBody(EventBody, req.body);
      const idSource = b.id ?? [b.body.userId, b.body.conversationId, b.body.id].find((x) => typeof x === 'string');
      if (b.topicName.includes('{id}') && typeof idSource !== 'string') throw badRequest(`id: ${b.topicName} names an entity: give "id" (or a userId / conversationId in the body)`);
      const topic = b.topicName.replace('{id}', String(idSource));
      const publishedAt = ctx.clock.nowIso();
      const matched = matchingTriggers(ctx, { topic, topicName: b.topicName, body: b.body });
      const before = new Set(executions(ctx).list().map((e) => e.id));
      ctx.bus.publish({ topic, topicName: b.topicName, body: b.body, publishedAt });
      await ctx.bus.idle();
      const started = listExecutions(ctx).filter((e) => !before.has(e.id) && e.trigger?.topic === topic);
      return reply(202, { topic, topicName: b.topicName, publishedAt, matchedTriggers: matched.map((t) => ({ id: t.id, name: t.name })), executions: started.map((e) => ({ id: e.id, name: e.name, status: e.status })) });
    },
    open,
  );
  router.get(
    '/sandbox/v1/events',
    (req) => {
      const topicName = q1(req.query, 'topicName');
      const topic = q1(req.query, 'topic');
      const since = q1(req.query, 'since');
      return { entities: ctx.bus.history.filter((e) => (!topicName || e.topicName === topicName) && (!topic || e.topic === topic) && (!since || e.publishedAt >= since)) };
    },
    open,
  );

  router.get(
    '/sandbox/v1/executions',
    (req) => ({
      entities: listExecutions(ctx, {
        flowId: q1(req.query, 'flowId'),
        flowName: q1(req.query, 'flowName'),
        triggerId: q1(req.query, 'triggerId'),
        status: q1(req.query, 'status'),
        since: q1(req.query, 'since'),
        userId: q1(req.query, 'userId'),
      }),
    }),
    open,
  );
  router.get(
    '/sandbox/v1/executions/{executionId}',
    (req) => {
      const e = executions(ctx).get(req.params.executionId!);
      if (!e) throw notFound(`Execution ${req.params.executionId} not found`);
      return e;
    },
    open,
  );
  router.delete(
    '/sandbox/v1/executions',
    () => {
      executions(ctx).clear();
    },
    open,
  );
  router.post(
    '/sandbox/v1/workflows/{flowId}/run',
    async (req) => {
      const b = parseBody(RunBody, req.body);
      const run = startWorkflow(ctx, { flowId: req.params.flowId!, inputs: b.inputs });
      await run.started;
      await ctx.bus.idle();
      return reply(202, run.execution);
    },
    open,
  );
}
