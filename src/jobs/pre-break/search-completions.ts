import type { GenesysClient } from '../../genesys/client.js';
import { debug } from '../../genesys/log.js';
import { createChannel, subscribeChannel } from '../../resources/notification-channel.js';

/**
 * Where an asynchronous WFM schedule search says it is done. Genesys answers a search `Processing`
 * with an operationId and announces its completion only as a notification,
 * `v2.workforcemanagement.users.{id}.schedules.search` → `{operationId, businessUnitId, downloadUrl}`
 * (no GET exists for the operation), on the searching client's own topic. One channel per schedule
 * refresh, opened only when a search first goes asynchronous; completions are kept by operationId,
 * so one that lands before anyone waits for it is not lost.
 */
export const searchTopic = (clientId: string) => `v2.workforcemanagement.users.${clientId}.schedules.search`;

/** How often the wait looks at the tick's deadline. */
const DEADLINE_CHECK_MS = 250;
/** Without a deadline, the longest wait for one search (a silent socket is caught sooner by its heartbeat watchdog). */
export const MAX_SEARCH_WAIT_MS = 5 * 60_000;
const SILENCE_MS = 90_000;

export interface SearchCompletions {
  /** The downloadUrl of the operation once it completed; a PreBreakError-worthy message when the deadline came first. */
  wait(operationId: string, mayStart: () => boolean): Promise<{ downloadUrl: string } | { failed: string }>;
  close(): void;
}

/** Opens the channel and subscribes it; undefined (with the reason at debug level) when the topic is refused. */
export async function openSearchCompletions(client: GenesysClient): Promise<SearchCompletions | undefined> {
  const clientId = client.connection.clientId;
  if (!clientId) return undefined;
  const topic = searchTopic(clientId);
  const channel = await createChannel(client);
  const sub = await subscribeChannel(client, channel.id, [topic]);
  if (!sub.permitted.includes(topic)) {
    debug(`schedule search completions: ${topic} refused (${sub.rejected.map((r) => r.reason).join('; ')})`);
    return undefined;
  }
  const done = new Map<string, string>();
  let closedReason: string | undefined;
  // Loaded here: the socket library is needed only when a search goes asynchronous.
  const { openNotificationSocket } = await import('../../genesys/notification-socket.js');
  const socket = await openNotificationSocket(
    channel.connectUri,
    {
      onMessage(m) {
        const { operationId, downloadUrl } = m.eventBody as { operationId?: unknown; downloadUrl?: unknown };
        if (m.topicName === topic && typeof operationId === 'string' && typeof downloadUrl === 'string') done.set(operationId, downloadUrl);
      },
      onClosed(reason) {
        closedReason = reason;
      },
    },
    SILENCE_MS,
  );
  return {
    async wait(operationId, mayStart) {
      const started = Date.now();
      for (;;) {
        const url = done.get(operationId);
        if (url) {
          done.delete(operationId);
          debug(`schedule search ${operationId} completed after ${Date.now() - started} ms`);
          return { downloadUrl: url };
        }
        if (closedReason) return { failed: `its completion channel closed (${closedReason})` };
        if (!mayStart()) return { failed: 'the tick reached its deadline first' };
        if (Date.now() - started > MAX_SEARCH_WAIT_MS) return { failed: `no completion within ${MAX_SEARCH_WAIT_MS / 60_000} minutes` };
        await new Promise((r) => setTimeout(r, DEADLINE_CHECK_MS));
      }
    },
    close: () => socket.close(),
  };
}
