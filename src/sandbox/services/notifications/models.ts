import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, WebSocket } from 'ws';
import { CHANNEL_LIFETIME_MS, HEARTBEAT_MESSAGE, HEARTBEAT_TOPIC, MAX_CHANNELS, MAX_TOPICS_PER_CHANNEL, SOCKET_CLOSING_TOPIC } from '../../../model/notification.js';
import type { BusEvent } from '../../core/bus.js';
import type { SandboxContext } from '../../core/context.js';
import { ApiError, badRequest, notFound } from '../../core/errors.js';
import { getUser } from '../users/models.js';

/**
 * The notification service: channels (one WebSocket each), their topic subscriptions, heartbeats,
 * expiry, and delivery of the bus's events to subscribed sockets. Channels live in memory only:
 * like Genesys's, they do not survive the service (a restarted sandbox has none).
 */
export interface ChannelState {
  id: string;
  /** The OAuth client that made it: channels are per client, and only it may use them. */
  clientId: string;
  createdAt: number;
  expires: number;
  topics: Set<string>;
  socket?: WebSocket;
  heartbeat?: NodeJS.Timeout;
}

/** The user topics the sandbox publishes and delivers (others are refused as unknown). */
const USER_TOPIC = /^v2\.users\.([^.]+)\.(presence|routingStatus|integrationpresence|activity)$/;

export const DEFAULT_HEARTBEAT_MS = 30_000;

interface ServiceState {
  channels: Map<string, ChannelState>;
  wss: WebSocketServer;
  unsubscribe?: () => void;
}

const states = new WeakMap<SandboxContext, ServiceState>();

export function state(ctx: SandboxContext): ServiceState {
  let s = states.get(ctx);
  if (!s) {
    s = { channels: new Map(), wss: new WebSocketServer({ noServer: true }) };
    states.set(ctx, s);
  }
  return s;
}

const channelView = (ctx: SandboxContext, c: ChannelState) => ({
  connectUri: `${ctx.baseUrl().replace(/^http/, 'ws')}/channels/${c.id}`,
  id: c.id,
  expires: new Date(c.expires).toISOString(),
});

function send(c: ChannelState, message: Record<string, unknown>): void {
  if (c.socket?.readyState === WebSocket.OPEN) c.socket.send(JSON.stringify(message));
}

/** Ends a channel: tells its socket first (v2.system.socket_closing), then closes it. */
export function closeChannel(ctx: SandboxContext, c: ChannelState, reason: string): void {
  send(c, { topicName: SOCKET_CLOSING_TOPIC, eventBody: { message: reason } });
  if (c.heartbeat) clearInterval(c.heartbeat);
  c.socket?.close(1000, reason.slice(0, 100));
  state(ctx).channels.delete(c.id);
}

/** Cuts a channel's socket without a word, as a network failure would; the channel itself stays. */
export function dropSocket(c: ChannelState): boolean {
  if (!c.socket) return false;
  if (c.heartbeat) clearInterval(c.heartbeat);
  c.socket.terminate();
  c.socket = undefined;
  return true;
}

function scheduleExpiry(ctx: SandboxContext, c: ChannelState): void {
  ctx.clock.schedule(c.expires, () => {
    const now = state(ctx).channels.get(c.id);
    if (now && ctx.clock.now() >= now.expires) closeChannel(ctx, now, 'The channel has expired.');
  });
}

export function createChannel(ctx: SandboxContext, clientId: string) {
  const all = state(ctx).channels;
  const mine = [...all.values()].filter((c) => c.clientId === clientId).sort((a, b) => a.createdAt - b.createdAt);
  // Genesys: the 21st channel of a client replaces its oldest channel that has no active
  // connection; with every channel connected, its oldest (an assumption: the docs do not say).
  if (mine.length >= MAX_CHANNELS) {
    const idle = mine.find((c) => c.socket?.readyState !== WebSocket.OPEN);
    closeChannel(ctx, idle ?? mine[0]!, `Channel limit reached: the oldest channel${idle ? ' without an active connection' : ''} was removed.`);
  }
  const now = ctx.clock.now();
  const c: ChannelState = { id: randomUUID(), clientId, createdAt: now, expires: now + CHANNEL_LIFETIME_MS, topics: new Set() };
  all.set(c.id, c);
  scheduleExpiry(ctx, c);
  return channelView(ctx, c);
}

export function listChannels(ctx: SandboxContext, clientId: string) {
  return { entities: [...state(ctx).channels.values()].filter((c) => c.clientId === clientId).map((c) => channelView(ctx, c)) };
}

export function ownChannel(ctx: SandboxContext, clientId: string, id: string): ChannelState {
  const c = state(ctx).channels.get(id);
  if (!c || c.clientId !== clientId) throw notFound(`Channel ${id} not found`);
  return c;
}

const topicsView = (c: ChannelState) => ({ entities: [...c.topics].map((id) => ({ id, state: 'Permitted' })) });

const TopicList = (body: unknown): string[] => {
  if (!Array.isArray(body) || body.some((t) => typeof t !== 'object' || t === null || typeof (t as { id?: unknown }).id !== 'string'))
    throw badRequest('The body must be a list of topics: [{"id": "v2.users.{id}.presence"}, …]');
  return (body as Array<{ id: string }>).map((t) => t.id);
};

/** An asynchronous WFM schedule search's completion, on the searching client's own topic (see workforcemanagement/schedule-search.ts). */
const SEARCH_TOPIC = /^v2\.workforcemanagement\.users\.([^.]+)\.schedules\.search$/;

function rejection(ctx: SandboxContext, c: ChannelState, topic: string): string | undefined {
  const search = SEARCH_TOPIC.exec(topic);
  if (search) return search[1] === c.clientId ? undefined : `Topic ${topic} belongs to another user`;
  const m = USER_TOPIC.exec(topic);
  if (!m) return `Topic ${topic} is not a topic the notification service offers`;
  if (!getUser(ctx, m[1]!)) return `User ${m[1]} not found`;
  return undefined;
}

/** PUT (replace) or POST (add) subscriptions. A bad topic fails the request unless ignoreErrors. */
export function subscribe(ctx: SandboxContext, c: ChannelState, body: unknown, mode: 'replace' | 'add', ignoreErrors: boolean) {
  const asked = TopicList(body);
  const rejected = asked.map((t) => ({ id: t, reason: rejection(ctx, c, t) })).filter((r) => r.reason);
  if (rejected.length && !ignoreErrors) throw badRequest(rejected[0]!.reason!, { entityId: rejected[0]!.id });
  const accepted = asked.filter((t) => !rejected.some((r) => r.id === t));
  const next = new Set(mode === 'replace' ? accepted : [...c.topics, ...accepted]);
  if (next.size > MAX_TOPICS_PER_CHANNEL)
    throw new ApiError(400, 'notification.subscription.limit', `A channel holds at most ${MAX_TOPICS_PER_CHANNEL} topics; this request would make it ${next.size}.`, {
      limit: { key: 'topics.per.channel', namespace: 'notifications', value: MAX_TOPICS_PER_CHANNEL },
    });
  c.topics = next;
  // Subscribing keeps a channel alive for another 24 hours.
  c.expires = ctx.clock.now() + CHANNEL_LIFETIME_MS;
  scheduleExpiry(ctx, c);
  return {
    entities: [
      ...[...c.topics].map((id) => ({ id, state: 'Permitted' })),
      ...rejected.map((r) => ({ id: r.id, state: 'Rejected', rejectionReason: r.reason })),
    ],
  };
}

export const subscriptions = (c: ChannelState) => topicsView(c);

export function unsubscribeAll(c: ChannelState): void {
  c.topics.clear();
}

/** Takes `/channels/{id}` upgrades: one socket per channel (a second connection replaces the first). */
export function acceptSocket(ctx: SandboxContext, req: IncomingMessage, socket: Duplex, head: Buffer): boolean {
  const m = /^\/channels\/([^/?]+)/.exec(req.url ?? '');
  if (!m) return false;
  const c = state(ctx).channels.get(decodeURIComponent(m[1]!));
  if (!c) {
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    return true;
  }
  state(ctx).wss.handleUpgrade(req, socket, head, (ws) => {
    if (c.socket) dropSocket(c);
    c.socket = ws;
    const every = ctx.options.notificationHeartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    c.heartbeat = setInterval(() => send(c, { topicName: HEARTBEAT_TOPIC, eventBody: { message: HEARTBEAT_MESSAGE } }), every);
    c.heartbeat.unref();
    ws.on('message', (data) => {
      // The client may ping; Genesys answers pong on channel.metadata.
      try {
        if ((JSON.parse(String(data)) as { message?: string }).message === 'ping') send(c, { topicName: HEARTBEAT_TOPIC, eventBody: { message: 'pong' } });
      } catch {
        // Anything else a client sends is ignored.
      }
    });
    ws.on('close', () => {
      if (c.socket === ws) {
        if (c.heartbeat) clearInterval(c.heartbeat);
        c.socket = undefined;
      }
    });
  });
  return true;
}

/** Delivers each bus event to every connected channel subscribed to its topic. */
export function deliverEvents(ctx: SandboxContext): void {
  const s = state(ctx);
  s.unsubscribe = ctx.bus.subscribe((e: BusEvent) => {
    for (const c of s.channels.values())
      if (c.topics.has(e.topic)) send(c, { topicName: e.topic, version: '2', eventBody: e.body, metadata: { CorrelationId: randomUUID() } });
  });
}

export function stopService(ctx: SandboxContext): void {
  const s = states.get(ctx);
  if (!s) return;
  s.unsubscribe?.();
  for (const c of s.channels.values()) {
    if (c.heartbeat) clearInterval(c.heartbeat);
    c.socket?.terminate();
  }
  s.channels.clear();
  s.wss.close();
}
