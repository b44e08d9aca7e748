import type { SandboxService } from '../../core/context.js';
import { badRequest } from '../../core/errors.js';
import { conversations, endCall, getConversation, setParticipantAttributes } from './models.js';
import { callConversationView, conversationView } from './views.js';

/** `/api/v2/conversations/…` for Communicate calls (starting and answering calls: `/sandbox/v1/calls`). */
export const conversationsService: SandboxService = {
  name: 'conversations',
  register(router, ctx) {
    conversations(ctx);
    router.get('/api/v2/conversations/{conversationId}', (req) => conversationView(ctx, getConversation(ctx, req.params.conversationId!)));
    router.get('/api/v2/conversations/calls/{conversationId}', (req) => callConversationView(ctx, getConversation(ctx, req.params.conversationId!)));
    router.post('/api/v2/conversations/{conversationId}/disconnect', (req) => {
      const conv = getConversation(ctx, req.params.conversationId!);
      if (!conv.endTime) endCall(ctx, conv.id, 'endpoint');
      return { id: conv.id, selfUri: `/api/v2/conversations/${conv.id}` };
    });
    router.patch('/api/v2/conversations/{conversationId}/participants/{participantId}/attributes', (req) => {
      const body = (req.body ?? {}) as { attributes?: Record<string, unknown> };
      if (!body.attributes || typeof body.attributes !== 'object') throw badRequest('attributes is required');
      const attrs = Object.fromEntries(Object.entries(body.attributes).map(([k, v]) => [k, String(v)]));
      setParticipantAttributes(ctx, req.params.conversationId!, req.params.participantId!, attrs);
      return undefined;
    });
  },
};
