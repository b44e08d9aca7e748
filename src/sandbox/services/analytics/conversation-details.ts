import type { SandboxContext } from '../../core/context.js';
import type { ConversationRecord } from '../conversations/models.js';
import { getUser } from '../users/models.js';

/**
 * `AnalyticsConversationWithoutAttributes` for a call: the analytics shape (lower-case
 * `segmentType`, `sessions[]`, `originatingDirection`) that the blueprint's older data actions
 * read before they moved to `/api/v2/conversations/{id}`.
 */
export function conversationDetails(ctx: SandboxContext, conv: ConversationRecord) {
  return {
    conversationId: conv.id,
    conversationStart: conv.startTime,
    ...(conv.endTime ? { conversationEnd: conv.endTime } : {}),
    originatingDirection: conv.direction,
    divisionIds: [conv.divisionId],
    participants: conv.participants.map((p) => ({
      participantId: p.id,
      participantName: p.userId ? (getUser(ctx, p.userId)?.name ?? p.name) : p.name,
      purpose: p.purpose,
      ...(p.userId ? { userId: p.userId } : {}),
      sessions: [
        {
          sessionId: p.callId,
          mediaType: 'voice',
          direction: p.direction,
          ani: p.ani,
          dnis: p.dnis,
          addressFrom: conv.ani,
          addressTo: conv.dnis,
          provider: 'Edge',
          segments: p.segments.map((s) => ({
            segmentStart: s.startTime,
            ...(s.endTime ? { segmentEnd: s.endTime } : {}),
            segmentType: s.type.toLowerCase(),
            ...(p.queueId ? { queueId: p.queueId } : {}),
            ...(p.groupId ? { groupId: p.groupId } : {}),
            ...(s.disconnectType ? { disconnectType: s.disconnectType } : {}),
            conference: false,
          })),
        },
      ],
    })),
  };
}
