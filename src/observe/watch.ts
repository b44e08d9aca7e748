import { setTimeout as sleep } from 'node:timers/promises';
import type { GenesysClient } from '../genesys/client.js';
import { openNotificationSocket, type OpenSocket } from '../genesys/notification-socket.js';
import { toAnalyticsSpelling, parseSystemPresence } from '../model/presence.js';
import { HEARTBEAT_TOPIC, MAX_CHANNELS, MAX_TOPICS_PER_CHANNEL, PresenceEvent, RoutingStatusEvent, SOCKET_CLOSING_TOPIC, type NotificationMessage } from '../model/notification.js';
import { createChannel, subscribeChannel } from '../resources/notification-channel.js';
import { currentPresences, type UserRef } from '../resources/users.js';
import { attribute, type Cause, type KitRun } from './attribution.js';
import { kitRuns, observeContext, type ObserveContext } from './timeline.js';
import type { ObservedDeployment } from './automations.js';

/**
 * `watch`: live presence and routing-status changes through the notification service. Users'
 * topics go to channels of at most 1,000 topics each (Genesys's per-channel limit; 20 channels at
 * most); a channel whose socket closes, says it is closing, or falls silent past the heartbeat is
 * replaced by a new channel with the same topics. Each change is attributed as timeline does.
 */
export type WatchEvent =
  | { type: 'presence'; time: string; userId: string; name: string; from?: string; fromPresenceName?: string; to: string; presenceId: string; presenceName?: string; cause: Cause }
  | { type: 'routing'; time: string; userId: string; name: string; from?: string; to: string }
  | { type: 'status'; time: string; status: 'subscribed' | 'reconnecting' | 'reconnected'; channel: number; topics: number; reason?: string };

export interface WatchOptions {
  onEvent(e: WatchEvent): void;
  signal: AbortSignal;
  /** A socket silent this long is dead (Genesys heartbeats every 30 s; default 75 s). */
  silenceMs?: number;
  preBreakPresenceName?: string;
  /** Which deployment's workflows (default: as plan would read them here). */
  deployment?: ObservedDeployment;
  /** How far back a change's workflow run may have started (the Busy flow waits for the answer). */
  runLookbackMs?: number;
}

export const TOPICS_PER_USER = 2;
const topicsOf = (u: UserRef) => [`v2.users.${u.id}.presence`, `v2.users.${u.id}.routingStatus`];

/** Users' topics in channel-sized batches; more than 20 channels' worth is refused up front. */
export function topicBatches(users: readonly UserRef[]): string[][] {
  const topics = users.flatMap(topicsOf);
  const batches: string[][] = [];
  for (let i = 0; i < topics.length; i += MAX_TOPICS_PER_CHANNEL) batches.push(topics.slice(i, i + MAX_TOPICS_PER_CHANNEL));
  if (batches.length > MAX_CHANNELS)
    throw new Error(`watching ${users.length} users needs ${batches.length} channels; Genesys allows ${MAX_CHANNELS} (${(MAX_CHANNELS * MAX_TOPICS_PER_CHANNEL) / TOPICS_PER_USER} users): name fewer users`);
  return batches;
}

export async function watchPresence(client: GenesysClient, users: readonly UserRef[], opts: WatchOptions): Promise<void> {
  const batches = topicBatches(users);
  const oc: ObserveContext = await observeContext(client, opts);
  const names = new Map(users.map((u) => [u.id, u.name]));
  const lastPresence = new Map<string, string>();
  const lastRouting = new Map<string, string>();
  const lastPresenceId = new Map<string, string>();
  const finishedRuns = new Map<string, KitRun>();
  // Where each user is before the first event: their first change then says what it came from.
  // Best effort: a user the read misses has a first change without "from", as before.
  const initial = await currentPresences(client, users.map((u) => u.id)).catch(() => new Map<string, { presenceId: string; systemPresence: string }>());
  for (const [id, p] of initial) {
    const system = parseSystemPresence(p.systemPresence);
    lastPresence.set(id, system ? toAnalyticsSpelling(system) : p.systemPresence);
    lastPresenceId.set(id, p.presenceId);
  }
  const lookback = opts.runLookbackMs ?? 15 * 60_000;
  // Events are handled one at a time, in arrival order: attribution reads the API in between.
  let queue = Promise.resolve();
  const enqueue = (fn: () => Promise<void>) => {
    queue = queue.then(fn).catch(() => undefined);
  };

  const handle = async (m: NotificationMessage) => {
    const userId = /^v2\.users\.([^.]+)\./.exec(m.topicName)?.[1];
    if (!userId) return;
    const name = names.get(userId) ?? userId;
    if (m.topicName.endsWith('.presence')) {
      const p = PresenceEvent.safeParse(m.eventBody);
      if (!p.success || p.data.primary === false) return;
      const time = p.data.modifiedDate ?? new Date().toISOString();
      const system = parseSystemPresence(p.data.presenceDefinition.systemPresence ?? '');
      const to = system ? toAnalyticsSpelling(system) : (p.data.presenceDefinition.systemPresence ?? 'UNKNOWN');
      let cause: Cause;
      try {
        const runs = await kitRuns(client, oc, new Set([userId]), { from: new Date(Date.parse(time) - lookback).toISOString(), to: new Date(Date.parse(time) + 60_000).toISOString() }, finishedRuns);
        cause = attribute({ time, presenceId: p.data.presenceDefinition.id, userId, fromPresenceId: lastPresenceId.get(userId) }, runs, oc.preBreakPresence?.id);
      } catch (e) {
        // The change is still worth a line; say why it carries no cause.
        cause = { kind: 'unknown', label: 'unknown', certainty: 'unknown', note: `the workflow runs could not be read: ${(e as Error).message}` };
      }
      const from = lastPresence.get(userId);
      const fromId = lastPresenceId.get(userId);
      const fromPresenceName = fromId ? oc.presenceNames.get(fromId) : undefined;
      lastPresence.set(userId, to);
      lastPresenceId.set(userId, p.data.presenceDefinition.id);
      const presenceName = oc.presenceNames.get(p.data.presenceDefinition.id);
      opts.onEvent({
        type: 'presence',
        time,
        userId,
        name,
        ...(from ? { from } : {}),
        to,
        presenceId: p.data.presenceDefinition.id,
        ...(presenceName ? { presenceName } : {}),
        ...(fromPresenceName ? { fromPresenceName } : {}),
        cause,
      });
    } else if (m.topicName.endsWith('.routingStatus')) {
      const r = RoutingStatusEvent.safeParse(m.eventBody);
      if (!r.success) return;
      const from = lastRouting.get(userId);
      lastRouting.set(userId, r.data.routingStatus.status);
      opts.onEvent({ type: 'routing', time: r.data.routingStatus.startTime ?? new Date().toISOString(), userId, name, ...(from ? { from } : {}), to: r.data.routingStatus.status });
    }
  };

  const sockets = new Map<number, OpenSocket>();
  const connect = async (index: number, topics: string[], again: boolean): Promise<void> => {
    const channel = await createChannel(client);
    const socket = await openNotificationSocket(
      channel.connectUri,
      {
        onMessage: (m) => {
          if (m.topicName === HEARTBEAT_TOPIC) return;
          if (m.topicName === SOCKET_CLOSING_TOPIC) {
            sockets.get(index)?.close('Genesys closed the channel (socket_closing)');
            return;
          }
          enqueue(() => handle(m));
        },
        onClosed: (reason) => {
          if (opts.signal.aborted) return;
          opts.onEvent({ type: 'status', time: new Date().toISOString(), status: 'reconnecting', channel: index + 1, topics: topics.length, reason });
          void reconnect(index, topics);
        },
      },
      opts.silenceMs ?? 75_000,
    );
    sockets.set(index, socket);
    // Stopped while this channel was being made: it must not outlive the watch.
    if (opts.signal.aborted) {
      socket.close();
      return;
    }
    // Subscribed only once the socket is open: nothing published after this answer is missed.
    await subscribeChannel(client, channel.id, topics);
    opts.onEvent({ type: 'status', time: new Date().toISOString(), status: again ? 'reconnected' : 'subscribed', channel: index + 1, topics: topics.length });
  };
  const reconnect = async (index: number, topics: string[]) => {
    for (let attempt = 0; !opts.signal.aborted; attempt++) {
      try {
        await connect(index, topics, true);
        return;
      } catch (e) {
        opts.onEvent({ type: 'status', time: new Date().toISOString(), status: 'reconnecting', channel: index + 1, topics: topics.length, reason: (e as Error).message });
        // Backs off up to 30 s between attempts; Ctrl-C ends the wait at once.
        await sleep(Math.min(30_000, 1000 * 2 ** attempt), undefined, { signal: opts.signal }).catch(() => undefined);
      }
    }
  };

  for (const [i, topics] of batches.entries()) await connect(i, topics, false);
  await new Promise<void>((resolve) => {
    if (opts.signal.aborted) resolve();
    opts.signal.addEventListener('abort', () => resolve(), { once: true });
  });
  for (const s of sockets.values()) s.close();
  await queue;
}
