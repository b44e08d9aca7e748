import { z } from 'zod';

/**
 * The notification service (`/api/v2/notifications/channels…` and its WebSocket), shared by the
 * sandbox that serves it and the `watch` command.
 */
export const Channel = z.object({ id: z.string(), connectUri: z.string(), expires: z.string().optional() });
export type Channel = z.infer<typeof Channel>;

export const ChannelTopic = z.object({
  id: z.string(),
  state: z.enum(['Permitted', 'Rejected']).optional(),
  rejectionReason: z.string().optional(),
  missingPermissions: z.array(z.string()).optional(),
});
export const ChannelTopicListing = z.object({ entities: z.array(ChannelTopic).default([]) });

/** A message on the socket: an event on a subscribed topic, or `channel.metadata` (heartbeat, pong). */
export const NotificationMessage = z.object({
  topicName: z.string(),
  version: z.string().optional(),
  eventBody: z.record(z.string(), z.unknown()).default({}),
  metadata: z.record(z.string(), z.unknown()).optional(),
});
export type NotificationMessage = z.infer<typeof NotificationMessage>;

export const HEARTBEAT_TOPIC = 'channel.metadata';
export const HEARTBEAT_MESSAGE = 'WebSocket Heartbeat';
/** Sent before the service closes a socket (maintenance, expiry); the client should reconnect on a new channel. */
export const SOCKET_CLOSING_TOPIC = 'v2.system.socket_closing';

/** Genesys: at most 1,000 topics per channel and 20 channels per user/client (the 21st evicts the oldest). */
export const MAX_TOPICS_PER_CHANNEL = 1000;
export const MAX_CHANNELS = 20;
/** A channel lives 24 hours unless it is used. */
export const CHANNEL_LIFETIME_MS = 24 * 3_600_000;

/** PresenceEventUserPresence (v2.users.{id}.presence). */
export const PresenceEvent = z.object({
  source: z.string().optional(),
  presenceDefinition: z.object({ id: z.string(), systemPresence: z.string().optional() }),
  primary: z.boolean().optional(),
  message: z.string().optional(),
  modifiedDate: z.string().optional(),
});
/** v2.users.{id}.routingStatus. */
export const RoutingStatusEvent = z.object({ id: z.string().optional(), routingStatus: z.object({ status: z.string(), startTime: z.string().optional() }) });
