import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import platformClient from 'purecloud-platform-client-v2';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { control, itSandbox, openTestTarget, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';

const errOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as GenesysError);
const unique = (s: string) => `PK ${s} ${Date.now() % 1e7}-${Math.round(Math.random() * 1e4)}`;

describe('sandbox presence through the official SDK', () => {
  let t: TestTarget;
  let c: GenesysClient;
  let presence: InstanceType<typeof platformClient.PresenceApi>;
  let userIds: string[];
  const customIds: string[] = [];
  beforeAll(async () => {
    t = await openTestTarget({ users: 60, now: '2026-03-02T09:00:00.000Z' });
    c = await t.client();
    presence = c.api(platformClient.PresenceApi);
    userIds = (await c.api(platformClient.UsersApi).getUsers({ pageSize: 100 })).entities!.map((u) => u.id!);
  });
  afterAll(async () => {
    for (const id of customIds) await presence.deletePresenceDefinition0(id).catch(() => undefined);
    await t.close();
  });

  it('serves the ten system presences with their real ids, spelled "On Queue" in the legacy API', async () => {
    const legacy = await presence.getPresencedefinitions({ pageSize: 100 });
    const system = legacy.entities!.filter((d) => d.primary);
    const byName = Object.fromEntries(system.map((d) => [d.systemPresence, d.id]));
    expect(byName).toMatchObject(SYSTEM_PRESENCE_IDS);
    expect(system).toHaveLength(10);
    const onQueue = system.find((d) => d.id === SYSTEM_PRESENCE_IDS['On Queue'])!;
    expect(onQueue).toMatchObject({ systemPresence: 'On Queue', deactivated: false, primary: true, languageLabels: { en_US: 'On Queue' } });
  });

  it('spells it "OnQueue" in the new definitions API, with type System', async () => {
    const list = await presence.getPresenceDefinitions0();
    const onQueue = list.entities!.find((d) => d.id === SYSTEM_PRESENCE_IDS['On Queue'])!;
    expect(onQueue).toMatchObject({ systemPresence: 'OnQueue', type: 'System' });
    expect(list.total).toBe(list.entities!.length);
    const one = await presence.getPresenceDefinition0(SYSTEM_PRESENCE_IDS.Break);
    expect(one).toMatchObject({ systemPresence: 'Break', type: 'System' });
    const sys = await presence.getSystempresences();
    expect(sys.map((s) => s.name)).toContain('On Queue');
  });

  it('creates a custom presence under a system one: random id, not primary, parent kept', async () => {
    const label = unique('Pre-Break');
    const made = await presence.postPresenceDefinitions0({ languageLabels: { en_US: label }, systemPresence: 'Break' });
    customIds.push(made.id!);
    expect(Object.values(SYSTEM_PRESENCE_IDS)).not.toContain(made.id);
    expect(made).toMatchObject({ type: 'User', systemPresence: 'Break', deactivated: false });
    const legacy = await presence.getPresencedefinition(made.id!);
    expect(legacy).toMatchObject({ primary: false, systemPresence: 'Break', languageLabels: { en_US: label } });
    const renamed = await presence.putPresenceDefinition0(made.id!, { languageLabels: { en_US: `${label} (soon)` }, systemPresence: 'Break' });
    expect(renamed.languageLabels!.en_US).toBe(`${label} (soon)`);
    const dup = await errOf(presence.postPresenceDefinitions0({ languageLabels: { en_US: `${label} (soon)` }, systemPresence: 'Away' }));
    expect(dup?.status).toBe(409);
  });

  it('refuses the legacy spelling in the new API with invalid.value, and accepts it in the legacy one', async () => {
    const err = await errOf(presence.postPresenceDefinitions0({ languageLabels: { en_US: unique('x') }, systemPresence: 'On Queue' as never }));
    expect(err?.status).toBe(400);
    expect(err?.code).toBe('invalid.value');
    expect(err?.message).toContain('OnQueue');
    const legacy = await presence.postPresencedefinitions({ languageLabels: { en_US: unique('Queue Prep') }, systemPresence: 'On Queue' });
    customIds.push(legacy.id!);
    expect(legacy.systemPresence).toBe('On Queue');
    expect((await presence.getPresenceDefinition0(legacy.id!)).systemPresence).toBe('OnQueue');
  });

  it('cannot delete a system presence; a deleted custom one is listed only with deleted=TRUE', async () => {
    const sys = await errOf(presence.deletePresenceDefinition0(SYSTEM_PRESENCE_IDS.Available));
    expect(sys?.status).toBe(400);
    const made = await presence.postPresenceDefinitions0({ languageLabels: { en_US: unique('Gone') }, systemPresence: 'Away' });
    await presence.deletePresenceDefinition0(made.id!);
    expect((await errOf(presence.getPresenceDefinition0(made.id!)))?.status).toBe(404);
    const live = await presence.getPresencedefinitions({ pageSize: 100 });
    expect(live.entities!.some((d) => d.id === made.id)).toBe(false);
    const deleted = await presence.getPresencedefinitions({ pageSize: 100, deleted: 'TRUE' });
    expect(deleted.entities!.map((d) => d.id)).toEqual([made.id]);
  });

  itSandbox('clock and event bus', 'PATCH sets presence, routing status follows On Queue, and each change is published with the clock time', async () => {
    void SANDBOX_ONLY;
    const userId = userIds[0]!;
    await presence.patchUserPresencesPurecloud(userId, { presenceDefinition: { id: SYSTEM_PRESENCE_IDS.Available }, primary: true });
    await control(t, 'clock', { advanceSeconds: 90 });
    const before = t.sandbox!.ctx.bus.history.length;
    const p = await presence.patchUserPresencesPurecloud(userId, { presenceDefinition: { id: SYSTEM_PRESENCE_IDS['On Queue'] }, primary: true });
    expect(p).toMatchObject({ source: 'PURECLOUD', primary: true, presenceDefinition: { id: SYSTEM_PRESENCE_IDS['On Queue'], systemPresence: 'On Queue' } });
    expect(p.modifiedDate).toBe('2026-03-02T09:01:30.000Z');
    const users = c.api(platformClient.UsersApi);
    expect((await users.getUserRoutingstatus(userId)).status).toBe('IDLE');
    const events = t.sandbox!.ctx.bus.history.slice(before);
    const presenceEvent = events.find((e) => e.topic === `v2.users.${userId}.presence`)!;
    expect(presenceEvent.topicName).toBe('v2.users.{id}.presence');
    expect(presenceEvent.body).toEqual({
      source: 'PURECLOUD',
      presenceDefinition: { id: SYSTEM_PRESENCE_IDS['On Queue'], systemPresence: 'On Queue' },
      primary: true,
      message: '',
      modifiedDate: '2026-03-02T09:01:30.000Z',
    });
    expect(events.some((e) => e.topic === `v2.users.${userId}.routingStatus`)).toBe(true);
    await presence.patchUserPresencesPurecloud(userId, { presenceDefinition: { id: SYSTEM_PRESENCE_IDS.Break } });
    expect((await users.getUserRoutingstatus(userId)).status).toBe('OFF_QUEUE');
    expect((await presence.getUserPresencesPurecloud(userId)).presenceDefinition!.systemPresence).toBe('Break');
  });

  it('refuses an unknown or deactivated definition with 400 and leaves the presence alone', async () => {
    const userId = userIds[1]!;
    const was = await presence.getUserPresencesPurecloud(userId);
    const unknown = await errOf(presence.patchUserPresencesPurecloud(userId, { presenceDefinition: { id: '00000000-0000-4000-8000-000000000000' } }));
    expect(unknown?.status).toBe(400);
    const off = await presence.postPresenceDefinitions0({ languageLabels: { en_US: unique('Retired') }, systemPresence: 'Away', deactivated: true });
    customIds.push(off.id!);
    const deactivated = await errOf(presence.patchUserPresencesPurecloud(userId, { presenceDefinition: { id: off.id! } }));
    expect(deactivated?.status).toBe(400);
    expect((await presence.getUserPresencesPurecloud(userId)).presenceDefinition!.id).toBe(was.presenceDefinition!.id);
    const noUser = await errOf(presence.getUserPresencesPurecloud('00000000-0000-4000-8000-000000000000'));
    expect(noUser?.status).toBe(404);
  });

  it('bulk GET takes up to 50 ids and refuses 51', async () => {
    const got = await presence.getUsersPresencesPurecloudBulk({ id: userIds.slice(0, 50) });
    expect(got).toHaveLength(50);
    expect(got[0]).toMatchObject({ userId: userIds[0], source: 'PURECLOUD' });
    const err = await errOf(presence.getUsersPresencesPurecloudBulk({ id: userIds.slice(0, 51) }));
    expect(err?.status).toBe(400);
    expect(err?.code).toBe('bad.request');
  });

  it('bulk PUT sets several presences at once, and a bad item changes none', async () => {
    const [a, b] = [userIds[2]!, userIds[3]!];
    const out = await presence.putUsersPresencesBulk([
      { id: a, source: 'PURECLOUD', presenceDefinition: { id: SYSTEM_PRESENCE_IDS.Meeting }, primary: true, message: 'standup' },
      { id: b, sourceId: 'PURECLOUD', presenceDefinition: { id: SYSTEM_PRESENCE_IDS.Meal }, primary: true },
    ]);
    expect(out.map((p) => p.presenceDefinition!.systemPresence)).toEqual(['Meeting', 'Meal']);
    expect(out[0]!.message).toBe('standup');
    const err = await errOf(
      presence.putUsersPresencesBulk([
        { id: a, source: 'PURECLOUD', presenceDefinition: { id: SYSTEM_PRESENCE_IDS.Available } },
        { id: b, source: 'PURECLOUD', presenceDefinition: { id: 'not-a-presence' } },
      ]),
    );
    expect(err?.status).toBe(400);
    expect((await presence.getUserPresencesPurecloud(a)).presenceDefinition!.systemPresence).toBe('Meeting');
  });

  // The users seed starts people Available / On Queue / Away / Offline; the WFM seed may then move
  // scheduled agents (e.g. onto a break) — so this asserts a deterministic mix, not its exact make-up.
  itSandbox('seeded users', 'seeds users in a deterministic mix of presences, routing status consistent with them', async () => {
    const again = await startSandbox({ port: 0, users: 60, now: '2026-03-02T09:00:00.000Z' });
    try {
      const c2 = await GenesysClient.connect({ clientId: again.adminClient.id, clientSecret: again.adminClient.secret, gatewayUrl: again.url });
      const seeded = await c2.api(platformClient.UsersApi).getUsers({ pageSize: 100, expand: ['presence', 'routingStatus'] });
      const mix = new Set(seeded.entities!.map((u) => u.presence!.presenceDefinition!.systemPresence));
      expect(mix.size).toBeGreaterThanOrEqual(3);
      expect(mix.has('On Queue')).toBe(true);
      for (const u of seeded.entities!) expect(u.routingStatus!.status).toBe(u.presence!.presenceDefinition!.systemPresence === 'On Queue' ? 'IDLE' : 'OFF_QUEUE');
      const third = await startSandbox({ port: 0, users: 60, now: '2026-03-02T09:00:00.000Z' });
      try {
        const c3 = await GenesysClient.connect({ clientId: third.adminClient.id, clientSecret: third.adminClient.secret, gatewayUrl: third.url });
        const same = await c3.api(platformClient.UsersApi).getUsers({ pageSize: 100, expand: ['presence'] });
        expect(same.entities!.map((u) => [u.id, u.presence!.presenceDefinition!.id])).toEqual(seeded.entities!.map((u) => [u.id, u.presence!.presenceDefinition!.id]));
      } finally {
        await third.close();
      }
    } finally {
      await again.close();
    }
  });

  itSandbox('--data restart', 'keeps custom presences and user presences across a restart with --data', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pk-presence-')), 'org.json');
    const s1 = await startSandbox({ port: 0, dataFile: file, users: 4, adminClientSecret: 'presence-secret-1234567890' });
    const c1 = await GenesysClient.connect({ clientId: s1.adminClient.id, clientSecret: 'presence-secret-1234567890', gatewayUrl: s1.url });
    const p1 = c1.api(platformClient.PresenceApi);
    const made = await p1.postPresenceDefinitions0({ languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'Break' });
    const user = (await c1.api(platformClient.UsersApi).getUsers()).entities![0]!.id!;
    await p1.patchUserPresencesPurecloud(user, { presenceDefinition: { id: made.id! }, primary: true });
    await s1.close();
    const s2 = await startSandbox({ port: 0, dataFile: file, adminClientId: s1.adminClient.id, adminClientSecret: 'presence-secret-1234567890' });
    try {
      const c2 = await GenesysClient.connect({ clientId: s1.adminClient.id, clientSecret: 'presence-secret-1234567890', gatewayUrl: s2.url });
      const p2 = c2.api(platformClient.PresenceApi);
      expect((await p2.getPresenceDefinition0(made.id!)).languageLabels!.en_US).toBe('Pre-Break');
      expect((await p2.getUserPresencesPurecloud(user)).presenceDefinition).toMatchObject({ id: made.id, systemPresence: 'Break' });
    } finally {
      await s2.close();
    }
  });
});
