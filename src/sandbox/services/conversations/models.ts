import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../core/context.js';
import { badRequest, notFound } from '../../core/errors.js';
import type { Collection } from '../../core/store.js';
import { getUser } from '../users/models.js';

/**
 * A minimal model of Communicate (voice) calls: who takes part (purposes `customer`/`external`,
 * `user`, `group`, `acd`, `agent`), each participant's call state and segments (Alert, Dialing,
 * Contacting, Interact), and the detail events Genesys publishes as a call starts and ends. The
 * views (views.ts, analytics) shape this as the Platform API does.
 */
export type Purpose = 'customer' | 'external' | 'user' | 'agent' | 'acd' | 'group';
export type CallState = 'alerting' | 'contacting' | 'dialing' | 'connected' | 'disconnected';
export type SegmentType = 'Alert' | 'Contacting' | 'Dialing' | 'Interact' | 'System';
export type Direction = 'inbound' | 'outbound';

export interface SegmentRecord {
  type: SegmentType;
  startTime: string;
  endTime?: string;
  howEnded?: string;
  disconnectType?: string;
}

export interface ParticipantRecord {
  id: string;
  purpose: Purpose;
  name: string;
  userId?: string;
  queueId?: string;
  groupId?: string;
  address: string;
  ani: string;
  dnis: string;
  direction: Direction;
  state: CallState;
  startTime: string;
  connectedTime?: string;
  endTime?: string;
  disconnectType?: string;
  callId: string;
  sessionId: string;
  segments: SegmentRecord[];
  attributes: Record<string, string>;
}

export interface ConversationRecord {
  id: string;
  name?: string;
  /** Who the call is for (the sandbox's own bookkeeping; every view derives from participants). */
  userId: string;
  direction: Direction;
  queueId?: string;
  groupId?: string;
  divisionId: string;
  ani: string;
  dnis: string;
  startTime: string;
  answeredTime?: string;
  endTime?: string;
  participants: ParticipantRecord[];
}

export const conversations = (ctx: SandboxContext): Collection<ConversationRecord> =>
  ctx.store.collection<ConversationRecord>('conversations', {
    summarize: (c) => ({ userId: c.userId, direction: c.direction, queueId: c.queueId, state: c.endTime ? 'disconnected' : c.answeredTime ? 'connected' : 'alerting' }),
    // Every simulated call is kept for analytics and data actions to read; past this many, the oldest ended ones go.
    cap: { max: 2000, age: (c) => c.startTime, evictable: (c) => c.endTime !== undefined },
  });

export function getConversation(ctx: SandboxContext, id: string): ConversationRecord {
  const c = conversations(ctx).get(id);
  if (!c) throw notFound(`Conversation ${id} not found`);
  return c;
}

export interface StartCallInput {
  userId: string;
  direction?: Direction;
  /** A ring-group call: the user is reached through a group participant. */
  groupId?: string;
  /** An ACD call routed from this queue: the user takes it as an agent. */
  queueId?: string;
  /** The remote party's number (E.164). */
  remoteNumber?: string;
}

const tel = (n: string) => (n.startsWith('tel:') ? n : `tel:${n}`);

/** The participant the call is for: `user` for direct and group calls, `agent` for ACD calls. */
export const userParticipant = (c: ConversationRecord): ParticipantRecord => c.participants.find((p) => (p.purpose === 'user' || p.purpose === 'agent') && p.userId === c.userId)!;
const remoteParticipant = (c: ConversationRecord): ParticipantRecord | undefined => c.participants.find((p) => p.purpose === 'customer' || p.purpose === 'external');

function participant(ctx: SandboxContext, p: Omit<ParticipantRecord, 'id' | 'callId' | 'sessionId' | 'startTime' | 'attributes' | 'segments'> & { segments?: SegmentRecord[] }): ParticipantRecord {
  return { id: randomUUID(), callId: randomUUID(), sessionId: randomUUID(), startTime: ctx.clock.nowIso(), attributes: {}, segments: [], ...p };
}

export function startCall(ctx: SandboxContext, input: StartCallInput): ConversationRecord {
  const user = getUser(ctx, input.userId);
  if (!user) throw badRequest(`User ${input.userId} not found`);
  if (user.state !== 'active') throw badRequest(`User ${user.name} is ${user.state} and cannot take calls`);
  const direction = input.direction ?? 'inbound';
  if (direction === 'outbound' && (input.queueId || input.groupId)) throw badRequest('An outbound call is placed by the user: it has no queue or group.');
  if (input.queueId && input.groupId) throw badRequest('A call comes either through a queue (ACD) or a group, not both.');
  const now = ctx.clock.nowIso();
  const remote = tel(input.remoteNumber ?? `+1317555${String(ctx.rng.int(0, 10_000)).padStart(4, '0')}`);
  const userAddr = tel(`+1317222${String(ctx.rng.int(0, 10_000)).padStart(4, '0')}`);
  const [ani, dnis] = direction === 'inbound' ? [remote, userAddr] : [userAddr, remote];
  const participants: ParticipantRecord[] = [];
  if (direction === 'inbound') {
    participants.push(participant(ctx, { purpose: 'customer', name: 'Sandbox Caller', address: remote, ani, dnis, direction, state: 'connected', connectedTime: now, segments: [{ type: 'Interact', startTime: now }] }));
    if (input.queueId)
      participants.push(participant(ctx, { purpose: 'acd', name: 'Queue', queueId: input.queueId, address: dnis, ani, dnis, direction, state: 'connected', connectedTime: now, segments: [{ type: 'Interact', startTime: now }] }));
    if (input.groupId)
      participants.push(participant(ctx, { purpose: 'group', name: 'Ring group', groupId: input.groupId, address: dnis, ani, dnis, direction, state: 'connected', connectedTime: now, segments: [{ type: 'Interact', startTime: now }] }));
    participants.push(
      participant(ctx, {
        purpose: input.queueId ? 'agent' : 'user',
        name: user.name,
        userId: user.id,
        ...(input.queueId ? { queueId: input.queueId } : {}),
        ...(input.groupId ? { groupId: input.groupId } : {}),
        address: userAddr,
        ani,
        dnis,
        direction,
        state: 'alerting',
        segments: [{ type: 'Alert', startTime: now }],
      }),
    );
  } else {
    participants.push(participant(ctx, { purpose: 'user', name: user.name, userId: user.id, address: userAddr, ani, dnis, direction, state: 'contacting', segments: [{ type: 'Contacting', startTime: now }] }));
    participants.push(participant(ctx, { purpose: 'external', name: 'Sandbox Callee', address: remote, ani, dnis, direction, state: 'alerting', segments: [{ type: 'Alert', startTime: now }] }));
  }
  const conv: ConversationRecord = {
    id: randomUUID(),
    userId: user.id,
    direction,
    ...(input.queueId ? { queueId: input.queueId } : {}),
    ...(input.groupId ? { groupId: input.groupId } : {}),
    divisionId: user.divisionId,
    ani,
    dnis,
    startTime: now,
    participants,
  };
  conversations(ctx).insert(conv);
  const cust = remoteParticipant(conv);
  if (cust && cust.purpose === 'customer') publishDetail(ctx, conv, cust, 'customer.start');
  const acd = conv.participants.find((p) => p.purpose === 'acd');
  if (acd) publishDetail(ctx, conv, acd, 'acd.start');
  publishDetail(ctx, conv, userParticipant(conv), 'user.start');
  return conv;
}

function closeSegment(p: ParticipantRecord, at: string, howEnded: string, disconnectType?: string): void {
  const open = p.segments.find((s) => !s.endTime);
  if (open) {
    open.endTime = at;
    open.howEnded = howEnded;
    if (disconnectType) open.disconnectType = disconnectType;
  }
}

/** The user picks up (inbound) or the far end answers (outbound): both sides interact. */
export function answerCall(ctx: SandboxContext, id: string): ConversationRecord {
  const conv = getConversation(ctx, id);
  if (conv.endTime) throw badRequest(`Conversation ${id} has ended`);
  if (conv.answeredTime) throw badRequest(`Conversation ${id} is already connected`);
  const now = ctx.clock.nowIso();
  conv.answeredTime = now;
  for (const p of conv.participants) {
    if (p.state === 'alerting' || p.state === 'contacting' || p.state === 'dialing') {
      closeSegment(p, now, 'Interact');
      p.state = 'connected';
      p.connectedTime = now;
      p.segments.push({ type: 'Interact', startTime: now });
    }
  }
  const acd = conv.participants.find((p) => p.purpose === 'acd');
  if (acd && acd.state === 'connected') {
    // The queue hands the call to the agent: its leg ends.
    closeSegment(acd, now, 'Transfer', 'transfer');
    acd.state = 'disconnected';
    acd.endTime = now;
    acd.disconnectType = 'transfer';
    publishDetail(ctx, conv, acd, 'acd.end');
  }
  conversations(ctx).put(conv);
  return conv;
}

/** Either side hangs up (an unanswered call ends as a missed call). */
export function endCall(ctx: SandboxContext, id: string, disconnectType: 'endpoint' | 'peer' = 'peer'): ConversationRecord {
  const conv = getConversation(ctx, id);
  if (conv.endTime) throw badRequest(`Conversation ${id} has already ended`);
  const now = ctx.clock.nowIso();
  conv.endTime = now;
  for (const p of conv.participants) {
    if (p.state === 'disconnected') continue;
    closeSegment(p, now, 'Disconnect', disconnectType);
    p.state = 'disconnected';
    p.endTime = now;
    p.disconnectType = disconnectType;
  }
  conversations(ctx).put(conv);
  const acd = conv.participants.find((p) => p.purpose === 'acd');
  if (acd && acd.endTime === now) publishDetail(ctx, conv, acd, 'acd.end');
  publishDetail(ctx, conv, userParticipant(conv), 'user.end');
  const cust = remoteParticipant(conv);
  if (cust && cust.purpose === 'customer') publishDetail(ctx, conv, cust, 'customer.end');
  return conv;
}

/** Set Conversation Data / participant attributes: on the named participant, else the remote party. */
export function setParticipantAttributes(ctx: SandboxContext, conversationId: string, participantId: string | null, attributes: Record<string, string>): ParticipantRecord {
  const conv = getConversation(ctx, conversationId);
  const p = participantId ? conv.participants.find((x) => x.id === participantId) : remoteParticipant(conv);
  if (!p) throw notFound(`Participant ${participantId} not found in conversation ${conversationId}`);
  Object.assign(p.attributes, attributes);
  conversations(ctx).put(conv);
  return p;
}

const msBetween = (a?: string, b?: string) => (a && b ? Math.max(0, new Date(b).getTime() - new Date(a).getTime()) : undefined);
const durationOf = (p: ParticipantRecord, type: SegmentType) =>
  p.segments.filter((s) => s.type === type).reduce<number | undefined>((sum, s) => (msBetween(s.startTime, s.endTime) ?? 0) + (sum ?? 0), undefined);

type DetailKind = 'user.start' | 'user.end' | 'customer.start' | 'customer.end' | 'acd.start' | 'acd.end';

/**
 * The duration fields each end event's model has (UserEnd…, CustomerEnd…, AcdEndDetailEventTopic…):
 * a voice call's segments give them; a call without such a segment says 0.
 */
const END_DURATIONS: Partial<Record<DetailKind, Record<string, SegmentType | 'Hold' | 'Callback' | 'Connected'>>> = {
  'user.end': {
    alertingDurationMs: 'Alert',
    contactingDurationMs: 'Contacting',
    dialingDurationMs: 'Dialing',
    interactingDurationMs: 'Interact',
    heldDurationMs: 'Hold',
    callbackDurationMs: 'Callback',
  },
  'customer.end': { interactingDurationMs: 'Interact' },
  'acd.end': { connectedDurationMs: 'Connected' },
};

/**
 * `v2.detail.events.conversation.{id}.<kind>` with every field of the SDK's *DetailEventTopic*
 * models. Fields a voice call has no value for carry the empty value Genesys serialises
 * (`messageType: UNKNOWN`, `""`, `[]`, `0`) — except `queueId`, which only an ACD leg has: the
 * blueprints' triggers tell a Communicate call by `queueId Exists false`.
 */
function publishDetail(ctx: SandboxContext, conv: ConversationRecord, p: ParticipantRecord, kind: DetailKind): void {
  const end = kind.endsWith('.end');
  const body: Record<string, unknown> = {
    eventTime: ctx.clock.now(),
    conversationId: conv.id,
    participantId: p.id,
    sessionId: p.callId,
    mediaType: 'VOICE',
    provider: 'Edge',
    direction: conv.direction.toUpperCase(),
    ani: conv.ani,
    dnis: conv.dnis,
    addressTo: conv.dnis,
    addressFrom: conv.ani,
    callbackUserName: '',
    callbackNumbers: [],
    callbackScheduledTime: 0,
    subject: '',
    messageType: 'UNKNOWN',
    utilizationLabel: '',
    divisionId: conv.divisionId,
    conversationExternalContactIds: [],
    conversationExternalOrganizationIds: [],
  };
  if (kind.startsWith('user.')) body.userId = p.userId;
  // Only ACD legs carry a queue: a direct or group call's user events have no queueId at all.
  if ((kind.startsWith('user.') || kind.startsWith('acd.')) && p.queueId) body.queueId = p.queueId;
  if (end) {
    body.disconnectType = (p.disconnectType ?? 'endpoint').toUpperCase();
    for (const [field, segment] of Object.entries(END_DURATIONS[kind] ?? {}))
      body[field] = segment === 'Connected' ? (msBetween(p.connectedTime ?? p.startTime, p.endTime) ?? 0) : segment === 'Hold' || segment === 'Callback' ? 0 : (durationOf(p, segment) ?? 0);
  }
  ctx.bus.publish({
    topic: `v2.detail.events.conversation.${conv.id}.${kind}`,
    topicName: `v2.detail.events.conversation.{id}.${kind}`,
    body,
    publishedAt: ctx.clock.nowIso(),
  });
}
