import { afterAll, beforeAll, expect, it } from 'vitest';
import platformClient from 'purecloud-platform-client-v2';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/server.js';
import { GenesysClient } from '../../src/genesys/client.js';
import { sandboxControl, type SandboxControl } from '../../src/simulate/control.js';
import { describeSandbox } from '../helpers/target.js';

/**
 * Microsoft Graph in the sandbox, spoken to as a Graph client would (plain HTTPS calls with a
 * client-credentials token), and Genesys's Teams integration reflecting it — read through the
 * official Genesys SDK and the sandbox's event log.
 */
interface GraphApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

describeSandbox('Microsoft Graph', 'sandbox Microsoft Graph and the Teams integration', () => {
  let s: StartedSandbox;
  let ctl: SandboxControl;
  let app: GraphApp;
  let token: string;
  let genesys: GenesysClient;
  let users: Array<{ id: string; name: string }>;

  const graph = (path: string) => `${s.url}/graph/v1.0${path}`;
  async function call(method: string, path: string, body?: unknown, bearer = token) {
    const res = await fetch(graph(path), {
      method,
      headers: { Authorization: `Bearer ${bearer}`, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as Record<string, any>) : {} };
  }
  async function login(form: Record<string, string>, tenant = app.tenantId) {
    const res = await fetch(`${s.url}/entra/${tenant}/oauth2/v2.0/token`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString() });
    return { status: res.status, body: (await res.json()) as Record<string, any> };
  }
  const objectIdOf = async (userId: string) => {
    const scim = (await genesys.api(platformClient.SCIMApi).getScimUser(userId, { attributes: ['urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User:externalIds'] })) as Record<string, any>;
    return scim['urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User'].externalIds.find((e: { authority: string }) => e.authority === 'microsoftteams').value as string;
  };
  const integrationEvents = async (userId: string, since: string) =>
    (await ctl.get<{ entities: Array<{ body: Record<string, any> }> }>('events', { topic: `v2.users.${userId}.integrationpresence`, since })).entities.map((e) => e.body);

  beforeAll(async () => {
    s = await startSandbox({ port: 0, users: 30, now: '2026-03-02T09:00:00.000Z' });
    ctl = sandboxControl(s.url);
    app = await ctl.get<GraphApp>('graph/app');
    const t = await login({ client_id: app.clientId, client_secret: app.clientSecret, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' });
    token = t.body.access_token;
    genesys = await GenesysClient.connect({ clientId: s.adminClient.id, clientSecret: s.adminClient.secret, gatewayUrl: s.url });
    users = (await genesys.api(platformClient.UsersApi).getUsers({ pageSize: 30 })).entities!.map((u) => ({ id: u.id!, name: u.name! }));
  });
  afterAll(async () => s?.close());

  it('issues client-credentials tokens for the tenant (secret in the form or as HTTP Basic) and refuses a wrong secret with an AADSTS error', async () => {
    const ok = await login({ client_id: app.clientId, client_secret: app.clientSecret, scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const basic = await fetch(`${s.url}/entra/${app.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'scope=https://graph.microsoft.com/.default&grant_type=client_credentials',
    });
    expect(basic.status).toBe(200);
    const bad = await login({ client_id: app.clientId, client_secret: 'nope', scope: 'https://graph.microsoft.com/.default', grant_type: 'client_credentials' });
    expect(bad.status).toBe(401);
    expect(bad.body).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    const noScope = await login({ client_id: app.clientId, client_secret: app.clientSecret, grant_type: 'client_credentials' });
    expect(noScope.body.error).toBe('invalid_request');
  });

  it('finds a user by the object id Genesys stores as the SCIM external id (authority microsoftteams), and answers Graph\'s error body otherwise', async () => {
    const objectId = await objectIdOf(users[0]!.id);
    const u = await call('GET', `/users/${objectId}`);
    expect(u.status).toBe(200);
    expect(u.body).toMatchObject({ id: objectId, displayName: users[0]!.name });
    const missing = await call('GET', '/users/00000000-0000-4000-8000-000000000000');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'Request_ResourceNotFound' });
    expect(missing.body.error.innerError).toHaveProperty('request-id');
    const noToken = await call('GET', `/users/${objectId}/presence`, undefined, 'garbage');
    expect(noToken.status).toBe(401);
    expect(noToken.body.error.code).toBe('InvalidAuthenticationToken');
  });

  it('aggregates as Graph documents: the app session shows over an Available client, the person\'s own status wins over it, clearPresence goes back', async () => {
    const u = users[1]!;
    const objectId = await objectIdOf(u.id);
    const since = (await ctl.get<{ now: string }>('clock')).now;
    expect((await call('GET', `/users/${objectId}/presence`)).body).toMatchObject({ availability: 'Available', activity: 'Available' });

    const set = await call('POST', `/users/${objectId}/presence/setPresence`, { sessionId: app.clientId, availability: 'DoNotDisturb', activity: 'Presenting', expirationDuration: 'PT1H' });
    expect(set.status).toBe(200);
    expect((await call('GET', `/users/${objectId}/presence`)).body).toMatchObject({ availability: 'DoNotDisturb', activity: 'Presenting' });

    // The person picks Available in Teams: user-configured beats every session.
    await ctl.post(`graph/users/${u.id}/status`, { status: 'Available' });
    expect((await call('GET', `/users/${objectId}/presence`)).body).toMatchObject({ availability: 'Available', activity: 'Available' });
    // ... and resets it: the app's DoNotDisturb session shows again.
    await ctl.post(`graph/users/${u.id}/status`, { status: 'Reset' });
    expect((await call('GET', `/users/${objectId}/presence`)).body.availability).toBe('DoNotDisturb');

    expect((await call('POST', `/users/${objectId}/presence/clearPresence`, { sessionId: app.clientId })).status).toBe(200);
    expect((await call('GET', `/users/${objectId}/presence`)).body.availability).toBe('Available');
    const again = await call('POST', `/users/${objectId}/presence/clearPresence`, { sessionId: app.clientId });
    expect(again.status).toBe(404);

    // Each aggregate change reached Genesys once, as the Teams integration's event, every SDK field present.
    const events = await integrationEvents(u.id, since);
    expect(events.map((e) => e.message)).toEqual(['Presenting', 'Available', 'Presenting', 'Available']);
    const sources = (await genesys.api(platformClient.PresenceApi).getPresenceSources()).entities!;
    const genesysSource = sources.find((x) => x.name === 'Genesys Cloud')!.id;
    expect(events[0]).toEqual({
      userId: u.id,
      eventType: 'PresenceActivity',
      source: 'MICROSOFTTEAMS',
      modifiedDate: expect.any(String),
      presenceDefinition: { id: expect.any(String), systemPresence: 'Busy' },
      message: 'Presenting',
      currentDisplaySourceId: genesysSource,
      previousDisplaySourceId: genesysSource,
      futurePresenceDefinition: { id: expect.any(String), systemPresence: expect.any(String) },
    });
  });

  it('checks setPresence as Graph does: only the app\'s own session id, the documented pairs, PT5M..PT4H', async () => {
    const objectId = await objectIdOf(users[2]!.id);
    const bad = [
      { sessionId: 'someone-else', availability: 'Busy', activity: 'InACall' },
      { sessionId: app.clientId, availability: 'Busy', activity: 'Busy' },
      { sessionId: app.clientId, availability: 'Busy', activity: 'InACall', expirationDuration: 'PT1M' },
      { sessionId: app.clientId, availability: 'Busy', activity: 'InACall', expirationDuration: 'PT5H' },
    ];
    for (const b of bad) expect((await call('POST', `/users/${objectId}/presence/setPresence`, b)).status).toBe(400);
  });

  it('expires a session on the sandbox clock (default PT5M) and the Teams integration reports the fall-back', async () => {
    const u = users[3]!;
    const objectId = await objectIdOf(u.id);
    const since = (await ctl.get<{ now: string }>('clock')).now;
    await call('POST', `/users/${objectId}/presence/setPresence`, { sessionId: app.clientId, availability: 'Busy', activity: 'InACall' });
    await ctl.post('clock', { advanceSeconds: 299 });
    expect((await call('GET', `/users/${objectId}/presence`)).body.activity).toBe('InACall');
    await ctl.post('clock', { advanceSeconds: 2 });
    expect((await call('GET', `/users/${objectId}/presence`)).body.activity).toBe('Available');
    expect((await integrationEvents(u.id, since)).map((e) => e.message)).toEqual(['InACall', 'Available']);
  });

  it('keeps the Teams presence as the user\'s presence from the registered Microsoft Teams source, read-only', async () => {
    const u = users[4]!;
    await ctl.post(`graph/users/${u.id}/status`, { status: 'BeRightBack' });
    const presence = genesys.api(platformClient.PresenceApi);
    const teams = (await presence.getPresenceSources()).entities!.find((x) => x.name === 'Microsoft Teams')!;
    const p = await presence.getUserPresence(u.id, teams.id!);
    expect(p).toMatchObject({ message: 'BeRightBack', presenceDefinition: { systemPresence: 'Away' } });
    const bulk = await presence.getUsersPresenceBulk(teams.id!, { id: [u.id] });
    expect(JSON.stringify(bulk)).toContain('BeRightBack');
    await expect(presence.patchUserPresence(u.id, teams.id!, { presenceDefinition: { id: p.presenceDefinition!.id! } })).rejects.toMatchObject({ status: 400 });
  });

  it('takes at most 650 ids in getPresencesByUserId and throttles presence at 1,500 requests per 30 s with 429 + Retry-After', async () => {
    const ids = await Promise.all(users.slice(0, 5).map((u) => objectIdOf(u.id)));
    const ok = await call('POST', '/communications/getPresencesByUserId', { ids });
    expect(ok.body.value).toHaveLength(5);
    const tooMany = await call('POST', '/communications/getPresencesByUserId', { ids: Array.from({ length: 651 }, () => ids[0]) });
    expect(tooMany.status).toBe(400);

    await ctl.post('clock', { advanceSeconds: 31 });
    const statuses: number[] = [];
    for (let i = 0; i < 1500; i++) statuses.push((await call('GET', `/users/${ids[0]}/presence`)).status);
    expect(statuses.every((x) => x === 200)).toBe(true);
    const throttled = await call('GET', `/users/${ids[0]}/presence`);
    expect(throttled.status).toBe(429);
    expect(throttled.body.error.code).toBe('TooManyRequests');
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    await ctl.post('clock', { advanceSeconds: Number(throttled.headers.get('retry-after')) });
    expect((await call('GET', `/users/${ids[0]}/presence`)).status).toBe(200);
  });
});
