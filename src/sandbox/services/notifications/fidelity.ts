import type { FidelityEntry } from '../../core/fidelity.js';

const CH = 'POST /api/v2/notifications/channels';
const SUB_PUT = 'PUT /api/v2/notifications/channels/{channelId}/subscriptions';
const SUB_POST = 'POST /api/v2/notifications/channels/{channelId}/subscriptions';

export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'Creating a channel answers Channel {connectUri, id, expires}; connectUri is a WebSocket URL (ws:// on the sandbox, wss://streaming.<region> in an org) and expires is 24 hours ahead; no permission is needed',
    endpoints: [CH, 'GET /api/v2/notifications/channels', 'HEAD /api/v2/notifications/channels/{channelId}'],
    sources: [
      { kind: 'sdk-model', ref: 'Channel, ChannelEntityListing' },
      { kind: 'catalog', ref: 'postNotificationsChannels (permissions NONE)' },
      { kind: 'doc', ref: 'https://developer.genesys.cloud/notificationsalerts/notifications/', note: 'channel lifetime 24 h; resubscribing keeps it' },
    ],
  },
  {
    behaviour: 'PUT replaces and POST adds topics [{id}] and answer ChannelTopicEntityListing with state Permitted; an unknown topic or user fails the request with 400 unless ignoreErrors=true, which lists it as Rejected with its reason',
    endpoints: [SUB_PUT, SUB_POST, 'GET /api/v2/notifications/channels/{channelId}/subscriptions', 'DELETE /api/v2/notifications/channels/{channelId}/subscriptions'],
    sources: [
      { kind: 'sdk-model', ref: 'ChannelTopic (state Permitted|Rejected, rejectionReason, missingPermissions), postNotificationsChannelSubscriptions ignoreErrors' },
      { kind: 'assumed', confirm: 'the error code and status Genesys answers for an unknown topic without ignoreErrors' },
    ],
  },
  {
    behaviour: 'A channel holds at most 1,000 topics (a request past it is a 400 notification.subscription.limit); a client has at most 20 channels and the 21st replaces the oldest channel that has no active connection (the oldest of all when every one is connected)',
    endpoints: [CH, SUB_PUT, SUB_POST],
    sources: [
      { kind: 'doc', ref: 'https://developer.genesys.cloud/notificationsalerts/notifications/', note: 'limits as restated in ../shared/reference/genesys-api.md §13; "replaces the oldest channel that has no active connection" (quoted on developer forum t/10312)' },
      { kind: 'assumed', confirm: 'the error code of a subscription past 1,000 topics, and which channel goes when all 20 are connected' },
    ],
  },
  {
    behaviour: 'The socket carries {topicName, version, eventBody, metadata}; every 30 s a heartbeat {topicName: "channel.metadata", eventBody: {message: "WebSocket Heartbeat"}}; a client {"message":"ping"} is answered pong on channel.metadata; before the service closes a socket (expiry, maintenance) it sends v2.system.socket_closing',
    endpoints: [],
    sources: [
      { kind: 'doc', ref: 'https://developer.genesys.cloud/notificationsalerts/notifications/' },
      { kind: 'assumed', confirm: 'the socket_closing body text and the close code Genesys uses' },
    ],
  },
  {
    behaviour: 'v2.users.{id}.presence carries PresenceEventUserPresence {source, presenceDefinition{id, systemPresence}, primary, message, modifiedDate}; v2.users.{id}.routingStatus carries {id, routingStatus{status, startTime}}; events are delivered only while the socket is connected (nothing is replayed)',
    endpoints: [],
    sources: [
      { kind: 'sdk-model', ref: 'PresenceEventUserPresence, UserRoutingStatusUserRoutingStatus' },
      { kind: 'doc', ref: 'https://developer.genesys.cloud/notificationsalerts/notifications/available-topics' },
    ],
  },
];
