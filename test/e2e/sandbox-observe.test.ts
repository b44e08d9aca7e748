import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { SYSTEM_PRESENCE_IDS as P } from '../../src/model/presence.js';
import { policiesFor } from '../../src/resources/role.js';
import { OBSERVE_PERMISSIONS } from '../../src/observe/permissions.js';
import { loadManifest } from '../../src/engine/manifest.js';
import { blueprintFile } from '../../src/engine/blueprints.js';
import { runDoctor } from '../../src/preflight/checks.js';
import { watchPresence, type WatchEvent } from '../../src/observe/watch.js';
import { control, describeSandbox, openTestTarget, withTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The APIs timeline and watch read, as the sandbox serves them through the official SDK: analytics
 * user details (the presence history the sandbox records), the notification service's channels,
 * subscriptions and socket (heartbeat, ping, limits, expiry), and the permissions each needs.
 */
const errOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as GenesysError);
const NOW = '2026-03-02T09:00:00.000Z';

function nextMessage(ws: WebSocket, pred: (m: { topicName: string; eventBody: Record<string, unknown> }) => boolean): Promise<{ topicName: string; eventBody: Record<string, unknown> }> {
  return new Promise((resolve) => {
    const on = (data: WebSocket.RawData) => {
      const m = JSON.parse(String(data)) as { topicName: string; eventBody: Record<string, unknown> };
      if (pred(m)) {
        ws.off('message', on);
        resolve(m);
      }
    };
    ws.on('message', on);
  });
}

describeSandbox('clock and control API', 'sandbox APIs behind timeline and watch', () => {
  let t: TestTarget;
  let c: GenesysClient;
  let userIds: string[];
  const patch = (userId: string, id: string) => c.request('PATCH', `/api/v2/users/${userId}/presences/purecloud`, { body: { presenceDefinition: { id } } });
  const advance = (advanceSeconds: number) => control(t, 'clock', { advanceSeconds });

  beforeAll(async () => {
    t = await openTestTarget({ users: 8, now: NOW, notificationHeartbeatMs: 50 });
    c = await t.client();
    userIds = (await c.api(platformClient.UsersApi).getUsers({ pageSize: 100 })).entities!.map((u) => u.id!);
  });
  afterAll(() => t?.close());

  it('analytics user details: the presence and routing-status segments of every change, in order, through the SDK', async () => {
    const u = userIds[0]!;
    await patch(u, P.Available);
    await advance(60);
    const t1 = ((await control(t, 'clock', { advanceSeconds: 0 })) as { now: string }).now;
    await patch(u, P['On Queue']);
    await advance(60);
    await patch(u, P.Busy);
    await advance(60);
    const res = await c.api(platformClient.AnalyticsApi).postAnalyticsUsersDetailsQuery({
      // From just before the On Queue change: the Available segment open then is part of the answer.
      interval: `${new Date(Date.parse(t1) - 30_000).toISOString()}/2026-03-03T00:00:00.000Z`,
      userFilters: [{ type: 'or', predicates: [{ dimension: 'userId', value: u }] }],
      order: 'asc',
    });
    expect(res.totalHits).toBe(1);
    const d = res.userDetails![0]!;
    // The segment open before t1 (Available), then On Queue, then Busy (still open).
    expect(d.primaryPresence!.map((p) => [p.systemPresence, p.organizationPresenceId, p.endTime !== undefined])).toEqual([
      ['AVAILABLE', P.Available, true],
      ['ON_QUEUE', P['On Queue'], true],
      ['BUSY', P.Busy, false],
    ]);
    expect(d.primaryPresence![1]!.startTime).toBe(t1);
    expect(d.primaryPresence![1]!.endTime).toBe(d.primaryPresence![2]!.startTime);
    expect(d.routingStatus!.map((r) => r.routingStatus).slice(-2)).toEqual(['IDLE', 'OFF_QUEUE']);
  });

  it('analytics user details: pages of users (at most 100), an interval it can read, filters it knows', async () => {
    const q = (body: Record<string, unknown>) => c.request<{ userDetails?: Array<{ userId: string }>; totalHits: number }>('POST', '/api/v2/analytics/users/details/query', { body });
    const interval = '2026-03-01T00:00:00.000Z/2026-03-04T00:00:00.000Z';
    const p1 = await q({ interval, paging: { pageSize: 3, pageNumber: 1 } });
    const p3 = await q({ interval, paging: { pageSize: 3, pageNumber: 3 } });
    expect(p1.totalHits).toBe(8);
    expect(p1.userDetails).toHaveLength(3);
    expect(p3.userDetails).toHaveLength(2);
    expect(new Set([...p1.userDetails!, ...p3.userDetails!].map((x) => x.userId)).size).toBe(5);
    expect((await errOf(q({ interval: '2026-03-01' })))?.status).toBe(400);
    expect((await errOf(q({ interval: '2026-03-02T00:00:00Z/2026-03-01T00:00:00Z' })))?.message).toMatch(/not after its start/);
    expect((await errOf(q({ interval, paging: { pageSize: 101, pageNumber: 1 } })))?.message).toMatch(/pageSize must be between 1 and 100/);
    expect((await errOf(q({ interval, userFilters: [{ type: 'or', predicates: [{ dimension: 'queueId', value: 'x' }] }] })))?.message).toMatch(/'queueId' is not a dimension/);
  });

  it('flow instances: the search takes at most 200 a page and names an unknown key', async () => {
    const q = (body: unknown, pageSize?: number) => c.request('POST', '/api/v2/flows/instances/query', { body, query: pageSize ? { pageSize } : {} });
    expect(await q({ query: [{ criteria: { key: 'flowType', operator: 'eq', value: 'WORKFLOW' } }] })).toMatchObject({ entities: [], total: 0, pageSize: 50 });
    expect((await errOf(q({ query: [{ criteria: { key: 'flowType', operator: 'eq', value: 'WORKFLOW' } }] }, 201)))?.status).toBe(400);
    expect((await errOf(q({ query: [{ criteria: { key: 'colour', operator: 'eq', value: 'x' } }] })))?.message).toMatch(/'colour' is not a searchable key/);
    expect((await errOf(c.request('GET', '/api/v2/flows/instances/00000000-0000-4000-8000-000000000000')))?.status).toBe(404);
  });

  it('notifications: a channel, its socket, heartbeats, pong, only the subscribed users\' events, unknown topics refused', async () => {
    const n = c.api(platformClient.NotificationsApi);
    const ch = await n.postNotificationsChannels();
    expect(ch.connectUri).toMatch(/^ws:\/\/.+\/channels\//);
    expect(Date.parse(ch.expires!) - Date.parse(NOW)).toBeGreaterThanOrEqual(24 * 3_600_000);
    const ws = new WebSocket(ch.connectUri!);
    await new Promise((r) => ws.once('open', r));
    try {
      expect((await nextMessage(ws, (m) => m.topicName === 'channel.metadata')).eventBody).toEqual({ message: 'WebSocket Heartbeat' });
      const pong = nextMessage(ws, (m) => m.eventBody.message === 'pong');
      ws.send(JSON.stringify({ message: 'ping' }));
      expect((await pong).topicName).toBe('channel.metadata');

      const [watched, other] = [userIds[1]!, userIds[2]!];
      const subs = await n.putNotificationsChannelSubscriptions(ch.id!, [{ id: `v2.users.${watched}.presence` }, { id: `v2.users.${watched}.routingStatus` }]);
      expect(subs.entities!.map((e) => e.state)).toEqual(['Permitted', 'Permitted']);
      const seen: string[] = [];
      ws.on('message', (d) => {
        const m = JSON.parse(String(d)) as { topicName: string };
        if (m.topicName.startsWith('v2.users.')) seen.push(m.topicName);
      });
      const event = nextMessage(ws, (m) => m.topicName === `v2.users.${watched}.presence`);
      await patch(other, P.Meeting);
      await patch(watched, P.Busy);
      const body = (await event).eventBody as { presenceDefinition: { id: string; systemPresence: string }; primary: boolean; source: string };
      expect(body).toMatchObject({ source: 'PURECLOUD', primary: true, presenceDefinition: { id: P.Busy, systemPresence: 'Busy' } });
      expect(seen.every((s) => s.includes(watched))).toBe(true);

      const unknown = await errOf(n.putNotificationsChannelSubscriptions(ch.id!, [{ id: 'v2.users.nobody.presence' }]));
      expect(unknown?.status).toBe(400);
      const lenient = await n.postNotificationsChannelSubscriptions(ch.id!, [{ id: 'v2.users.nobody.presence' }], { ignoreErrors: true });
      expect(lenient.entities!.find((e) => e.id === 'v2.users.nobody.presence')).toMatchObject({ state: 'Rejected' });
    } finally {
      ws.close();
    }
  });

  it('notifications: a channel that expires says socket_closing and is gone; the 21st channel replaces the oldest one without an active connection', async () => {
    const n = c.api(platformClient.NotificationsApi);
    const ch = await n.postNotificationsChannels();
    const ws = new WebSocket(ch.connectUri!);
    await new Promise((r) => ws.once('open', r));
    const closing = nextMessage(ws, (m) => m.topicName === 'v2.system.socket_closing');
    const closed = new Promise((r) => ws.once('close', r));
    await advance(24 * 3600 + 1);
    expect((await closing).eventBody.message).toMatch(/expired/);
    await closed;
    expect((await errOf(c.request('HEAD', `/api/v2/notifications/channels/${ch.id}`)))?.status).toBe(404);

    const made = [];
    for (let i = 0; i < 20; i++) made.push(await n.postNotificationsChannels());
    // The two oldest are in use (a socket open on each): the 21st replaces the oldest idle one.
    const live = await Promise.all(made.slice(0, 2).map(async (m) => {
      const s = new WebSocket(m.connectUri!);
      await new Promise((r) => s.once('open', r));
      return s;
    }));
    made.push(await n.postNotificationsChannels());
    const listed = (await n.getNotificationsChannels()).entities!.map((e) => e.id);
    expect(listed).toHaveLength(20);
    expect(listed).toContain(made[0]!.id);
    expect(listed).toContain(made[1]!.id);
    expect(listed).not.toContain(made[2]!.id);
    for (const s of live) s.close();
  });

  it('notifications: a channel takes at most 1,000 topics', async () => {
    await withTestTarget({ users: 501 }, async (big) => {
      const bc = await big.client();
      const ids = (await bc.request<{ entities: Array<{ id: string }> }>('GET', '/api/v2/users', { query: { pageSize: 500 } })).entities.map((u) => u.id);
      const more = (await bc.request<{ entities: Array<{ id: string }> }>('GET', '/api/v2/users', { query: { pageSize: 500, pageNumber: 2 } })).entities.map((u) => u.id);
      const topics = [...ids, ...more].flatMap((id) => [{ id: `v2.users.${id}.presence` }, { id: `v2.users.${id}.routingStatus` }]);
      const ch = await bc.request<{ id: string }>('POST', '/api/v2/notifications/channels');
      const fits = await bc.request<{ entities: unknown[] }>('PUT', `/api/v2/notifications/channels/${ch.id}/subscriptions`, { body: topics.slice(0, 1000) });
      expect(fits.entities).toHaveLength(1000);
      const over = await errOf(bc.request('POST', `/api/v2/notifications/channels/${ch.id}/subscriptions`, { body: topics.slice(1000, 1001) }));
      expect(over?.status).toBe(400);
      expect(over?.message).toMatch(/at most 1000 topics/);
    });
  });

  it('the observe blueprint\'s role holds exactly what timeline and watch call, and a client with it reads them', async () => {
    const role = loadManifest(blueprintFile('observe')).resources.observerRole!;
    expect([...((role.spec as { permissions: string[] }).permissions)].sort()).toEqual([...OBSERVE_PERMISSIONS]);
    const auth = c.api(platformClient.AuthorizationApi);
    const made = await auth.postAuthorizationRoles({ name: 'Observer (test)', permissionPolicies: policiesFor(OBSERVE_PERMISSIONS) as never });
    const none = await auth.postAuthorizationRoles({ name: 'Nothing (test)', permissionPolicies: [] });
    const home = (await c.request<{ id: string }>('GET', '/api/v2/authorization/divisions/home')).id;
    const clientFor = async (roleId: string) => {
      const oc = await c.request<{ id: string; secret: string }>('POST', '/api/v2/oauth/clients', {
        body: { name: `observer ${roleId}`, authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId, divisionId: home }] },
      });
      return GenesysClient.connect({ clientId: oc.id, clientSecret: oc.secret, gatewayUrl: t.connection.gatewayUrl });
    };
    const observer = await clientFor(made.id!);
    const nobody = await clientFor(none.id!);
    const body = { interval: '2026-03-01T00:00:00.000Z/2026-03-04T00:00:00.000Z' };
    await expect(observer.request('POST', '/api/v2/analytics/users/details/query', { body })).resolves.toMatchObject({ totalHits: 8 });
    await expect(observer.request('POST', '/api/v2/flows/instances/query', { body: { query: [{ criteria: { key: 'flowType', operator: 'eq', value: 'WORKFLOW' } }] } })).resolves.toBeTruthy();
    await expect(observer.request('POST', '/api/v2/notifications/channels')).resolves.toBeTruthy();
    const refused = await errOf(nobody.request('POST', '/api/v2/analytics/users/details/query', { body }));
    expect(refused?.status).toBe(403);
    expect(refused?.message).toMatch(/analytics:userDetail:view/);

    // doctor --blueprint observe says the same about each client, before anyone runs timeline.
    const doctor = async (client: GenesysClient) =>
      (await runDoctor({ client, clientId: client.connection.clientId, where: 'the sandbox', blueprints: [], observe: true })).checks.find((x) => x.id === 'observe')!;
    expect(await doctor(observer)).toMatchObject({ status: 'pass' });
    const missing = await doctor(nobody);
    expect(missing.status).toBe('fail');
    expect(missing.missing!.map((m) => m.permission).sort()).toEqual([...OBSERVE_PERMISSIONS]);
    expect(missing.fix).toMatch(/apply --blueprint observe/);
  });
});

describeSandbox('control API', 'watch keeps its channel alive', () => {
  it('a socket that stops sending heartbeats is treated as dead: a new channel, subscribed again', async () => {
    // The sandbox never heartbeats here; the watcher gives a silent socket 300 ms.
    await withTestTarget({ users: 3, notificationHeartbeatMs: 3_600_000 }, async (t) => {
      const client = await t.client();
      const users = (await client.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/users')).entities.slice(0, 1);
      const events: WatchEvent[] = [];
      const ac = new AbortController();
      let waiters: Array<() => void> = [];
      const until = async (pred: () => boolean) => {
        while (!pred()) await new Promise<void>((r) => waiters.push(r));
      };
      const running = watchPresence(client, users, {
        signal: ac.signal,
        silenceMs: 300,
        onEvent: (e) => {
          events.push(e);
          const w = waiters;
          waiters = [];
          w.forEach((f) => f());
        },
      });
      await until(() => events.some((e) => e.type === 'status' && e.status === 'reconnected'));
      ac.abort();
      await running;
      const statuses = events.filter((e) => e.type === 'status').map((e) => [e.type === 'status' && e.status, e.type === 'status' && e.reason]);
      expect(statuses.slice(0, 3)).toEqual([
        ['subscribed', undefined],
        ['reconnecting', 'no heartbeat for 0.3 s'],
        ['reconnected', undefined],
      ]);
      // A new channel each time, subscribed to the user's two topics again.
      const channels = (await (await fetch(`${t.sandbox!.url}/sandbox/v1/notifications/channels`)).json()) as { entities: Array<{ topics: number }> };
      expect(channels.entities.length).toBeGreaterThanOrEqual(2);
      expect(channels.entities.every((c) => c.topics === 2)).toBe(true);
    });
  });
});
