import type { SandboxContext } from '../../core/context.js';
import { getUser } from '../users/models.js';
import type { ConversationRecord, ParticipantRecord } from './models.js';

/**
 * The Platform API's shapes of a call: `Conversation` (GET /conversations/{id}: participants with
 * `calls[]` and their `segments[]`) and `CallConversation` (GET /conversations/calls/{id}: one
 * flat record per participant with `state`, `direction`, `user`). The blueprint data actions
 * read exactly these fields with JSONPath.
 */
const ref = (kind: string, id: string | undefined, name?: string) => (id ? { id, ...(name ? { name } : {}), selfUri: `/api/v2/${kind}/${id}` } : undefined);

function callOf(p: ParticipantRecord, conv: ConversationRecord) {
  const other = p.purpose === 'customer' || p.purpose === 'external' ? conv.participants.find((x) => x.userId === conv.userId) : conv.participants.find((x) => x.purpose === 'customer' || x.purpose === 'external');
  return {
    state: p.state,
    id: p.callId,
    direction: p.direction,
    recording: false,
    recordingState: 'none',
    muted: false,
    confined: false,
    held: false,
    securePause: false,
    ...(p.disconnectType ? { disconnectType: p.disconnectType } : {}),
    ...(p.segments.some((s) => s.type === 'Alert') ? { startAlertingTime: p.startTime } : {}),
    ...(p.connectedTime ? { connectedTime: p.connectedTime } : {}),
    ...(p.endTime ? { disconnectedTime: p.endTime } : {}),
    provider: 'Edge',
    self: { addressNormalized: p.address, addressRaw: p.address, addressDisplayable: p.address.replace(/^tel:/, '') },
    ...(other ? { other: { nameRaw: other.name, addressNormalized: other.address, addressRaw: other.address, addressDisplayable: other.address.replace(/^tel:/, '') } } : {}),
    segments: p.segments.map((s) => ({
      startTime: s.startTime,
      ...(s.endTime ? { endTime: s.endTime } : {}),
      type: s.type,
      ...(s.howEnded ? { howEnded: s.howEnded } : {}),
      ...(s.disconnectType ? { disconnectType: s.disconnectType } : {}),
    })),
  };
}

export function conversationView(ctx: SandboxContext, conv: ConversationRecord) {
  return {
    id: conv.id,
    startTime: conv.startTime,
    ...(conv.endTime ? { endTime: conv.endTime } : {}),
    address: conv.dnis,
    participants: conv.participants.map((p) => ({
      id: p.id,
      startTime: p.startTime,
      ...(p.endTime ? { endTime: p.endTime } : {}),
      ...(p.connectedTime ? { connectedTime: p.connectedTime } : {}),
      name: p.name,
      ...(p.userId ? { userId: p.userId, userUri: `/api/v2/users/${p.userId}` } : {}),
      ...(p.queueId ? { queueId: p.queueId } : {}),
      ...(p.groupId ? { groupId: p.groupId } : {}),
      purpose: p.purpose,
      address: p.address,
      ani: p.ani,
      dnis: p.dnis,
      wrapupRequired: false,
      attributes: { ...p.attributes },
      calls: [callOf(p, conv)],
      callbacks: [],
      chats: [],
      cobrowsesessions: [],
      emails: [],
      messages: [],
      screenshares: [],
      socialExpressions: [],
      videos: [],
      evaluations: [],
    })),
    recordingState: 'none',
    divisions: [{ division: { id: conv.divisionId, selfUri: `/api/v2/authorization/divisions/${conv.divisionId}` }, entities: [] }],
    selfUri: `/api/v2/conversations/${conv.id}`,
  };
}

export function callConversationView(ctx: SandboxContext, conv: ConversationRecord) {
  return {
    id: conv.id,
    participants: conv.participants.map((p) => ({
      id: p.id,
      name: p.name,
      address: p.address,
      startTime: p.startTime,
      ...(p.connectedTime ? { connectedTime: p.connectedTime } : {}),
      ...(p.endTime ? { endTime: p.endTime } : {}),
      purpose: p.purpose,
      state: p.state,
      direction: p.direction,
      ...(p.disconnectType ? { disconnectType: p.disconnectType } : {}),
      held: false,
      wrapupRequired: false,
      ...(p.userId ? { user: ref('users', p.userId, getUser(ctx, p.userId)?.name) } : {}),
      ...(p.queueId ? { queue: ref('routing/queues', p.queueId) } : {}),
      ...(p.groupId ? { group: ref('groups', p.groupId) } : {}),
      attributes: { ...p.attributes },
      provider: 'Edge',
      muted: false,
      confined: false,
      recording: false,
      recordingState: 'none',
      ani: p.ani,
      dnis: p.dnis,
    })),
    otherMediaUris: [],
    recordingState: 'none',
    selfUri: `/api/v2/conversations/calls/${conv.id}`,
  };
}
