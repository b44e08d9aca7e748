import type { SandboxService } from '../../core/context.js';
import { getConversation } from '../conversations/models.js';
import { conversationDetails } from './conversation-details.js';

/** `/api/v2/analytics/conversations/{conversationId}/details` for the sandbox's calls. */
export const analyticsService: SandboxService = {
  name: 'analytics',
  register(router, ctx) {
    router.get('/api/v2/analytics/conversations/{conversationId}/details', (req) => conversationDetails(ctx, getConversation(ctx, req.params.conversationId!)));
  },
};
