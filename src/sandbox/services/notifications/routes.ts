import type { SandboxService } from '../../core/context.js';
import { badRequest } from '../../core/errors.js';
import { qBool, type SandboxRequest } from '../../core/router.js';
import { acceptSocket, closeChannel, createChannel, deliverEvents, dropSocket, listChannels, ownChannel, state, stopService, subscribe, subscriptions, unsubscribeAll } from './models.js';

const clientOf = (req: SandboxRequest) => req.caller!.clientId;

/** `/api/v2/notifications/channels…` and the channels' WebSockets (`/channels/{id}`); sandbox controls to drop or close them. */
export const notificationsService: SandboxService = {
  name: 'notifications',
  register(router, ctx) {
    router.post('/api/v2/notifications/channels', (req) => createChannel(ctx, clientOf(req)));
    router.get('/api/v2/notifications/channels', (req) => listChannels(ctx, clientOf(req)));
    router.add('HEAD', '/api/v2/notifications/channels/{channelId}', (req) => {
      ownChannel(ctx, clientOf(req), req.params.channelId!);
    });
    const sub = '/api/v2/notifications/channels/{channelId}/subscriptions';
    router.get(sub, (req) => subscriptions(ownChannel(ctx, clientOf(req), req.params.channelId!)));
    router.put(sub, (req) => subscribe(ctx, ownChannel(ctx, clientOf(req), req.params.channelId!), req.body, 'replace', qBool(req.query, 'ignoreErrors') === true));
    router.post(sub, (req) => subscribe(ctx, ownChannel(ctx, clientOf(req), req.params.channelId!), req.body, 'add', qBool(req.query, 'ignoreErrors') === true));
    router.delete(sub, (req) => {
      unsubscribeAll(ownChannel(ctx, clientOf(req), req.params.channelId!));
    });

    const open = { auth: 'none' as const };
    router.get(
      '/sandbox/v1/notifications/channels',
      () => ({
        entities: [...state(ctx).channels.values()].map((c) => ({ id: c.id, clientId: c.clientId, connected: c.socket !== undefined, topics: c.topics.size, expires: new Date(c.expires).toISOString() })),
      }),
      open,
    );
    /**
     * Forces what a client must survive: `{"mode": "drop"}` (default) cuts the socket with no
     * message, as a network failure does; `{"mode": "close"}` sends v2.system.socket_closing and
     * removes the channel, as expiry or service maintenance do. Without `channelId`, every channel.
     */
    router.post(
      '/sandbox/v1/notifications/drop',
      (req) => {
        const body = (req.body ?? {}) as { mode?: string; channelId?: string };
        const mode = body.mode ?? 'drop';
        if (mode !== 'drop' && mode !== 'close') throw badRequest('mode: use "drop" (cut the socket) or "close" (socket_closing, channel removed)');
        const targets = [...state(ctx).channels.values()].filter((c) => !body.channelId || c.id === body.channelId);
        let affected = 0;
        for (const c of targets) {
          if (mode === 'drop') affected += dropSocket(c) ? 1 : 0;
          else {
            closeChannel(ctx, c, 'The channel was closed by the service.');
            affected++;
          }
        }
        return { mode, affected };
      },
      open,
    );
  },
  start(ctx) {
    deliverEvents(ctx);
  },
  stop(ctx) {
    stopService(ctx);
  },
  upgrade(ctx, req, socket, head) {
    return acceptSocket(ctx, req, socket, head);
  },
};
