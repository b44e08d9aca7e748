import type { GenesysClient } from '../genesys/client.js';
import { Channel, ChannelTopicListing, MAX_TOPICS_PER_CHANNEL } from '../model/notification.js';

/** A notification channel and its topics (`/api/v2/notifications/channels…`, no permission needed). */
export async function createChannel(client: GenesysClient): Promise<Channel> {
  return Channel.parse(await client.request('POST', '/api/v2/notifications/channels'));
}

/**
 * Subscribes a channel to topics (at most MAX_TOPICS_PER_CHANNEL): the first request replaces
 * whatever the channel held, so a re-subscription after a reconnect never doubles topics.
 */
export async function subscribeChannel(client: GenesysClient, channelId: string, topics: readonly string[]): Promise<{ permitted: string[]; rejected: Array<{ id: string; reason: string }> }> {
  if (topics.length > MAX_TOPICS_PER_CHANNEL) throw new Error(`a channel takes at most ${MAX_TOPICS_PER_CHANNEL} topics (${topics.length} asked)`);
  const res = ChannelTopicListing.parse(
    await client.request('PUT', `/api/v2/notifications/channels/${channelId}/subscriptions`, { body: topics.map((id) => ({ id })), query: { ignoreErrors: true } }),
  );
  return {
    permitted: res.entities.filter((t) => t.state !== 'Rejected').map((t) => t.id),
    rejected: res.entities.filter((t) => t.state === 'Rejected').map((t) => ({ id: t.id, reason: t.rejectionReason ?? 'rejected' })),
  };
}
