import type { SandboxService } from '../../core/context.js';
import { getConversation } from '../conversations/models.js';
import { conversationDetails } from './conversation-details.js';
import { queryUserDetails, recordUserHistory } from './user-details.js';

const stopRecording = new WeakMap<object, () => void>();

/** `/api/v2/analytics/…`: conversation details for the sandbox's calls, user details from the presence history it records. */
export const analyticsService: SandboxService = {
  name: 'analytics',
  register(router, ctx) {
    router.get('/api/v2/analytics/conversations/{conversationId}/details', (req) => conversationDetails(ctx, getConversation(ctx, req.params.conversationId!)));
    router.post('/api/v2/analytics/users/details/query', (req) => queryUserDetails(ctx, req.body));
  },
  start(ctx) {
    stopRecording.set(ctx, recordUserHistory(ctx));
  },
  stop(ctx) {
    stopRecording.get(ctx)?.();
  },
};
