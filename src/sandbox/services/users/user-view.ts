import type { SandboxContext } from '../../core/context.js';
import { divisions } from '../authorization/models.js';
import { getUserPresence } from '../presence/models.js';
import type { UserRecord } from './models.js';
import { getRoutingStatus } from './routing-status.js';
import { conversations } from '../conversations/models.js';

/**
 * UserConversationSummary: the user's active calls, ACD (contactCenter) and not (enterprise). The
 * sandbox has calls only; every other media type is always 0.
 */
function conversationSummaryOf(ctx: SandboxContext, userId: string) {
  const active = conversations(ctx).filter((c) => c.userId === userId && !c.endTime);
  const none = { contactCenter: { active: 0, acw: 0 }, enterprise: { active: 0, acw: 0 } };
  return {
    userId,
    call: { contactCenter: { active: active.filter((c) => c.queueId).length, acw: 0 }, enterprise: { active: active.filter((c) => !c.queueId).length, acw: 0 } },
    callback: none,
    email: none,
    message: none,
    chat: none,
    socialExpression: none,
    video: none,
  };
}

/**
 * A user as `/api/v2/users` answers it (User), without the sandbox's own marks. `expand` may add
 * `presence` and `routingStatus`; other values are accepted and ignored (best effort, as in Genesys).
 */
export function userView(ctx: SandboxContext, u: UserRecord, expand: readonly string[] = []) {
  const division = divisions(ctx).get(u.divisionId);
  return {
    id: u.id,
    name: u.name,
    division: { id: u.divisionId, name: division?.name ?? 'Home', selfUri: `/api/v2/authorization/divisions/${u.divisionId}` },
    chat: { jabberId: `${u.id.replace(/-/g, '')}@sandbox.orgspan.com` },
    department: u.department,
    email: u.email,
    primaryContactInfo: [{ address: u.email, mediaType: 'EMAIL', type: 'PRIMARY' }],
    addresses: [],
    state: u.state,
    title: u.title,
    username: u.username,
    version: u.version,
    acdAutoAnswer: false,
    ...(expand.includes('presence') ? { presence: getUserPresence(ctx, u.id) } : {}),
    ...(expand.includes('routingStatus') ? { routingStatus: getRoutingStatus(ctx, u.id) } : {}),
    ...(expand.includes('conversationSummary') ? { conversationSummary: conversationSummaryOf(ctx, u.id) } : {}),
    selfUri: `/api/v2/users/${u.id}`,
  };
}
