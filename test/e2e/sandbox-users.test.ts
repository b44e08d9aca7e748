import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import platformClient from 'purecloud-platform-client-v2';
import { GenesysError } from '../../src/genesys/errors.js';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';
import { itSandbox, openTestTarget, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';
import { startSandbox } from '../../src/sandbox/server.js';

describe('sandbox users through the official SDK', () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await openTestTarget({ users: 250, seed: 7 });
  });
  afterAll(() => t.close());

  it('pages through 250 users with UsersApi.getUsers, each seen once', async () => {
    const c = await t.client();
    const users = c.api(platformClient.UsersApi);
    const seen = new Set<string>();
    let pageNumber = 1;
    let pageCount = 1;
    do {
      const page = await users.getUsers({ pageSize: 100, pageNumber });
      expect(page.pageSize).toBe(100);
      for (const u of page.entities ?? []) seen.add(u.id!);
      pageCount = page.pageCount!;
      pageNumber++;
    } while (pageNumber <= pageCount);
    expect(pageCount).toBe(3);
    expect(seen.size).toBe(250);
    expect(c.stats.byEndpoint()['GET /api/v2/users']).toBe(3);
  });

  it('defaults to 25 per page and refuses a page size above 500', async () => {
    const c = await t.client();
    const page = await c.api(platformClient.UsersApi).getUsers();
    expect(page.pageSize).toBe(25);
    expect(page.entities).toHaveLength(25);
    expect(page.total).toBe(250);
    const err = await c.api(platformClient.UsersApi).getUsers({ pageSize: 501 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GenesysError);
    expect((err as GenesysError).status).toBe(400);
    expect((err as GenesysError).code).toBe('bad.request');
  });

  it('seeds realistic active users, most in the home division and the others in the org\'s other divisions', async () => {
    const c = await t.client();
    const home = await c.api(platformClient.AuthorizationApi).getAuthorizationDivisionsHome();
    const divisions = await c.api(platformClient.ObjectsApi).getAuthorizationDivisions({ pageSize: 100 });
    const known = new Set((divisions.entities ?? []).map((d) => d.id));
    const page = await c.api(platformClient.UsersApi).getUsers({ pageSize: 500 });
    const inHome = (page.entities ?? []).filter((u) => u.division?.id === home.id).length;
    expect(inHome).toBeGreaterThan(page.entities!.length / 2);
    expect(inHome).toBeLessThan(page.entities!.length);
    for (const u of page.entities ?? []) {
      expect(u.state).toBe('active');
      expect(known.has(u.division!.id!)).toBe(true);
      expect(u.name).toMatch(/^\S+ \S/);
      expect(u.email).toMatch(/^[a-z]+\.[a-z]+\d*@/);
    }
    const emails = new Set(page.entities!.map((u) => u.email));
    expect(emails.size).toBe(250);
  });

  it('filters by id and expands presence and routing status', async () => {
    const c = await t.client();
    const api = c.api(platformClient.UsersApi);
    const all = await api.getUsers({ pageSize: 500 });
    const ids = all.entities!.slice(10, 13).map((u) => u.id!);
    const some = await api.getUsers({ id: ids, expand: ['presence', 'routingStatus'] });
    expect(some.entities!.map((u) => u.id).sort()).toEqual([...ids].sort());
    for (const u of some.entities!) {
      expect(Object.values(SYSTEM_PRESENCE_IDS)).toContain(u.presence?.presenceDefinition?.id);
      const onQueue = u.presence?.presenceDefinition?.systemPresence === 'On Queue';
      expect(u.routingStatus?.status).toBe(onQueue ? 'IDLE' : 'OFF_QUEUE');
    }
    const plain = await api.getUser(ids[0]!);
    expect(plain.presence).toBeUndefined();
    const expanded = await api.getUser(ids[0]!, { expand: ['presence'] });
    expect(expanded.presence?.source).toBe('PURECLOUD');
  });

  it('answers 404 not.found for an unknown user', async () => {
    const c = await t.client();
    const err = await c.api(platformClient.UsersApi).getUser('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e);
    expect((err as GenesysError).status).toBe(404);
    expect((err as GenesysError).code).toBe('not.found');
  });

  it('puts an agent on queue through the routing status and off again', async () => {
    const c = await t.client();
    const api = c.api(platformClient.UsersApi);
    const all = await api.getUsers({ pageSize: 500, expand: ['presence'] });
    const user = all.entities!.find((u) => u.presence?.presenceDefinition?.systemPresence === 'Available')!;
    const idle = await api.putUserRoutingstatus(user.id!, { status: 'IDLE' });
    expect(idle).toMatchObject({ userId: user.id, status: 'IDLE' });
    const onQueue = await api.getUser(user.id!, { expand: ['presence'] });
    expect(onQueue.presence?.presenceDefinition?.id).toBe(SYSTEM_PRESENCE_IDS['On Queue']);
    const off = await api.putUserRoutingstatus(user.id!, { status: 'OFF_QUEUE' });
    expect(off.status).toBe('OFF_QUEUE');
    expect((await api.getUserRoutingstatus(user.id!)).status).toBe('OFF_QUEUE');
    const bad = await api.putUserRoutingstatus(user.id!, { status: 'ASLEEP' as never }).catch((e: unknown) => e);
    expect((bad as GenesysError).status).toBe(400);
    expect((bad as GenesysError).code).toBe('invalid.value');
  });

  itSandbox('seeding', 'seeds the same org from the same --seed', async () => {
    void SANDBOX_ONLY;
    const a = await startSandbox({ port: 0, users: 30, seed: 42 });
    const b = await startSandbox({ port: 0, users: 30, seed: 42 });
    try {
      const inv = async (url: string) => (await (await fetch(`${url}/sandbox/v1/inventory`)).json()) as Record<string, unknown>;
      const [ia, ib] = [await inv(a.url), await inv(b.url)];
      expect(ia.users).toEqual(ib.users);
      expect(ia.roles).toEqual(ib.roles);
      expect((ia.users as unknown[]).length).toBe(30);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
