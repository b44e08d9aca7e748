import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import platformClient from 'purecloud-platform-client-v2';
import { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { control, itSandbox, LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * Issue 2's acceptance, through the official SDK and the one wrapper: login (and logging in again
 * when the org refuses a token), a 403 that names the missing permission, paging through 250
 * users. Runs against a live org too (`npm run test:live`), minus what needs the sandbox.
 */
const errOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as GenesysError);

describe('foundation: login, permissions and paging through the official SDK', () => {
  let t: TestTarget;
  let admin: GenesysClient;
  const cleanup: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    t = await openTestTarget({ users: 250 });
    admin = await t.client();
  });
  afterAll(async () => {
    for (const undo of cleanup.reverse()) await undo().catch(() => undefined);
    await t.close();
  });

  it('logs in with client credentials: one token request, a token valid for the future, an API call accepted', async () => {
    const c = await t.client();
    expect(c.stats.byEndpoint()).toEqual({ 'POST /oauth/token': 1 });
    expect(c.tokenExpiry).toBeGreaterThan(Date.now() + 60_000);
    const home = await c.api(platformClient.AuthorizationApi).getAuthorizationDivisionsHome();
    expect(home.homeDivision).toBe(true);
    expect(c.stats).toMatchObject({ retries: 0, failures: 0 });
  });

  itSandbox('clock', 'logs in again by itself when the org says the token expired, and repeats the call', async () => {
    const c = await t.client({ retry: { baseDelayMs: 1 } });
    const before = c.stats.byEndpoint()['POST /oauth/token'];
    // Past the sandbox's 24 h token lifetime: the org refuses the token our clock still trusts.
    await control(t, 'clock', { advanceSeconds: 86_400 + 60 });
    const home = await c.api(platformClient.AuthorizationApi).getAuthorizationDivisionsHome();
    expect(home.homeDivision).toBe(true);
    expect(c.stats.byEndpoint()['POST /oauth/token']).toBe(before! + 1);
    expect(c.stats.retryLog.map((r) => r.reason)).toEqual(['401']);
    expect(c.stats.failures).toBe(0);
  });

  it('names the missing permission in a 403, for an OAuth client whose role lacks it', async () => {
    const auth = admin.api(platformClient.AuthorizationApi);
    const homeId = (await auth.getAuthorizationDivisionsHome()).id!;
    const role = await auth.postAuthorizationRoles({
      name: `presence-kit foundation reader ${Date.now()}`,
      description: 'presence-kit test: may view presence definitions, nothing else',
      permissionPolicies: [{ domain: 'presence', entityName: 'presenceDefinition', actionSet: ['view'] }],
    });
    cleanup.push(() => auth.deleteAuthorizationRole(role.id!));
    const oauth = admin.api(platformClient.OAuthApi);
    const client = await oauth.postOauthClients({
      name: `presence-kit foundation least privilege ${Date.now()}`,
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: [{ roleId: role.id!, divisionId: homeId }],
    });
    cleanup.push(() => oauth.deleteOauthClient(client.id!));
    expect(client.secret).toBeTruthy();

    const weak = await GenesysClient.connect({ ...t.connection, clientId: client.id!, clientSecret: client.secret! });
    // What the role grants works…
    expect((await weak.api(platformClient.PresenceApi).getPresenceDefinitions0()).entities?.length).toBeGreaterThan(0);
    // …what it lacks fails with the permission named, in the error and in the line a user reads.
    const err = await errOf(weak.api(platformClient.AuthorizationApi).postAuthorizationRoles({ name: 'presence-kit must not exist' }));
    expect(err).toBeInstanceOf(GenesysError);
    expect(err).toMatchObject({ status: 403, code: 'missing.permissions', missingPermissions: ['authorization:role:add'], ambiguous: false });
    expect(err!.correlationId).toBeTruthy();
    const line = err!.oneLine();
    expect(line).toContain('authorization:role:add');
    expect(line).toContain('GENESYSCLOUD_OAUTHCLIENT_ID');
    expect(line).not.toContain(client.secret!);
    // A 403 is an answer, not a fault: never repeated.
    expect(weak.stats.byEndpoint()['POST /api/v2/authorization/roles']).toBe(1);
    expect(weak.stats.retries).toBe(0);
  });

  it('pages through every user with UsersApi.getUsers, each seen once, one call per page', async () => {
    const c = await t.client();
    const users = c.api(platformClient.UsersApi);
    const seen = new Set<string>();
    let pageNumber = 1;
    let pageCount = 0;
    let total = 0;
    do {
      const page = await users.getUsers({ pageSize: 100, pageNumber });
      for (const u of page.entities ?? []) seen.add(u.id!);
      pageCount = page.pageCount!;
      total = page.total!;
      pageNumber++;
    } while (pageNumber <= pageCount);
    expect(seen.size).toBe(total);
    expect(c.stats.byEndpoint()['GET /api/v2/users']).toBe(Math.max(pageCount, 1));
    if (!LIVE) {
      expect(total).toBe(250);
      expect(pageCount).toBe(3);
    }
  });
});
