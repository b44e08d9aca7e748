import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import platformClient from 'purecloud-platform-client-v2';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { itSandbox, openTestTarget, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';

const errOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as GenesysError);

describe('sandbox OAuth clients through the official SDK', () => {
  let t: TestTarget;
  let admin: GenesysClient;
  let roleId: string;
  let homeId: string;
  const created: string[] = [];
  beforeAll(async () => {
    t = await openTestTarget();
    admin = await t.client();
    homeId = (await admin.api(platformClient.AuthorizationApi).getAuthorizationDivisionsHome()).id!;
    const role = await admin.api(platformClient.AuthorizationApi).postAuthorizationRoles({
      name: `presence-kit test reader ${Date.now()}`,
      permissionPolicies: [{ domain: 'presence', entityName: 'presenceDefinition', actionSet: ['view'] }],
    });
    roleId = role.id!;
  });
  afterAll(async () => {
    for (const id of created) await admin.api(platformClient.OAuthApi).deleteOauthClient(id).catch(() => undefined);
    await admin.api(platformClient.AuthorizationApi).deleteAuthorizationRole(roleId).catch(() => undefined);
    await t.close();
  });

  const newClient = async (name: string, roles = [roleId]) => {
    const c = await admin.api(platformClient.OAuthApi).postOauthClients({
      name,
      authorizedGrantType: 'CLIENT-CREDENTIALS',
      roleDivisions: roles.map((r) => ({ roleId: r, divisionId: homeId })),
    });
    created.push(c.id!);
    return c;
  };

  it('returns the secret on create and on regenerate only', async () => {
    const api = admin.api(platformClient.OAuthApi);
    const c = await newClient('presence-kit test secret');
    expect(c.secret).toMatch(/^\S{20,}$/);
    expect(c.authorizedGrantType).toBe('CLIENT-CREDENTIALS');
    expect((await api.getOauthClient(c.id!)).secret).toBeUndefined();
    const listed = (await api.getOauthClients()).entities!.find((x) => x.id === c.id)!;
    expect(listed.secret).toBeUndefined();
    const put = await api.putOauthClient(c.id!, { name: 'presence-kit test secret (renamed)', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: c.roleDivisions });
    expect(put.secret).toBeUndefined();
    expect(put.name).toBe('presence-kit test secret (renamed)');

    const first = await GenesysClient.connect({ ...t.connection, clientId: c.id!, clientSecret: c.secret! });
    expect((await first.api(platformClient.PresenceApi).getPresenceDefinitions0()).entities!.length).toBeGreaterThan(0);
    const again = await api.postOauthClientSecret(c.id!);
    expect(again.secret).toBeTruthy();
    expect(again.secret).not.toBe(c.secret);
    const old = await errOf(GenesysClient.connect({ ...t.connection, clientId: c.id!, clientSecret: c.secret! }));
    expect(old?.status).toBe(401);
    await GenesysClient.connect({ ...t.connection, clientId: c.id!, clientSecret: again.secret! });
  });

  it('validates the grant type with the hyphenated enum and invalid.value', async () => {
    const err = await errOf(admin.api(platformClient.OAuthApi).postOauthClients({ name: 'x', authorizedGrantType: 'CLIENT_CREDENTIALS' as never }));
    expect(err?.status).toBe(400);
    expect(err?.code).toBe('invalid.value');
    expect(err?.message).toContain('CLIENT-CREDENTIALS');
    const noName = await errOf(admin.api(platformClient.OAuthApi).postOauthClients({ authorizedGrantType: 'CLIENT-CREDENTIALS' } as never));
    expect(noName?.status).toBe(400);
    expect(noName?.code).toBe('bad.request');
  });

  it('validates roleDivisions: the role and the division must exist', async () => {
    const api = admin.api(platformClient.OAuthApi);
    const badRole = await errOf(api.postOauthClients({ name: 'x', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: '00000000-0000-4000-8000-000000000000', divisionId: homeId }] }));
    expect(badRole?.status).toBe(400);
    expect(badRole?.message).toContain('roleId');
    const badDivision = await errOf(api.postOauthClients({ name: 'x', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId, divisionId: '00000000-0000-4000-8000-000000000000' }] }));
    expect(badDivision?.status).toBe(400);
    expect(badDivision?.message).toContain('divisionId');
  });

  it('least privilege: a client lacking a permission gets a 403 naming it', async () => {
    const c = await newClient('presence-kit test least privilege');
    const limited = await GenesysClient.connect({ ...t.connection, clientId: c.id!, clientSecret: c.secret! });
    const err = await errOf(limited.api(platformClient.AuthorizationApi).getAuthorizationRoles());
    expect(err).toBeInstanceOf(GenesysError);
    expect(err?.status).toBe(403);
    expect(err?.code).toBe('missing.permissions');
    expect(err?.message).toContain('authorization:role:view');
    expect(err?.missingPermissions).toEqual(['authorization:role:view']);
  });

  it('a client can only hand out roles whose permissions it holds', async () => {
    const c = await newClient('presence-kit test granter');
    // Give it the right to create clients, but only the narrow reader role's permissions besides.
    const granter = await admin.api(platformClient.AuthorizationApi).postAuthorizationRoles({
      name: `presence-kit test granter ${Date.now()}`,
      permissions: ['oauth:client:add', 'oauth:client:delete', 'presence:presenceDefinition:view'],
    });
    await admin.api(platformClient.AuthorizationApi).postAuthorizationSubjectBulkreplace(c.id!, { grants: [{ roleId: granter.id!, divisionId: homeId }] }, { subjectType: 'PC_OAUTH_CLIENT' });
    const asGranter = await GenesysClient.connect({ ...t.connection, clientId: c.id!, clientSecret: c.secret! });
    const roles = await admin.api(platformClient.AuthorizationApi).getAuthorizationRoles({ name: 'Master Admin' });
    const masterId = roles.entities![0]!.id!;
    const err = await errOf(asGranter.api(platformClient.OAuthApi).postOauthClients({ name: 'escalate', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: masterId, divisionId: homeId }] }));
    expect(err?.status).toBe(403);
    expect(err?.message).toContain('Master Admin');
    const ok = await asGranter.api(platformClient.OAuthApi).postOauthClients({ name: 'narrow', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId, divisionId: homeId }] });
    created.push(ok.id!);
    expect(ok.roleDivisions).toEqual([{ roleId, divisionId: homeId }]);
    await admin.api(platformClient.AuthorizationApi).postAuthorizationSubjectBulkremove(c.id!, { grants: [{ roleId: granter.id!, divisionId: homeId }] });
    await admin.api(platformClient.AuthorizationApi).deleteAuthorizationRole(granter.id!);
  });

  it('deleting a client revokes its tokens', async () => {
    const c = await newClient('presence-kit test revoke');
    const limited = await GenesysClient.connect({ ...t.connection, clientId: c.id!, clientSecret: c.secret! });
    await limited.api(platformClient.PresenceApi).getPresenceDefinitions0();
    await admin.api(platformClient.OAuthApi).deleteOauthClient(c.id!);
    // The old token answers 401; the wrapper logs in again, which fails too: the client is gone.
    const err = await errOf(limited.api(platformClient.PresenceApi).getPresenceDefinitions0());
    expect(err).toBeInstanceOf(GenesysError);
    expect([400, 401]).toContain(err?.status);
    expect(limited.stats.byEndpoint()['POST /oauth/token']).toBe(2);
    const gone = await errOf(admin.api(platformClient.OAuthApi).getOauthClient(c.id!));
    expect(gone?.status).toBe(404);
  });

  itSandbox('--data restart', 'never writes a secret to the --data file, and the org survives a restart', async () => {
    void SANDBOX_ONLY;
    const file = join(mkdtempSync(join(tmpdir(), 'pk-oauth-')), 'org.json');
    const s1 = await startSandbox({ port: 0, dataFile: file, users: 5 });
    const c1 = await GenesysClient.connect({ clientId: s1.adminClient.id, clientSecret: s1.adminClient.secret, gatewayUrl: s1.url });
    const made = await c1.api(platformClient.OAuthApi).postOauthClients({ name: 'persisted', authorizedGrantType: 'CLIENT-CREDENTIALS' });
    const login = await fetch(`${s1.url}/oauth/token`, {
      method: 'POST',
      headers: { Authorization: `Basic ${Buffer.from(`${made.id}:${made.secret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const { access_token: token } = (await login.json()) as { access_token: string };
    await s1.close();
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(made.secret!);
    expect(text).not.toContain(s1.adminClient.secret);
    expect(text).not.toContain(token); // tokens are kept by hash only
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dirname(file))).toEqual(['org.json']); // written by rename: no temp file left behind
    const s2 = await startSandbox({ port: 0, dataFile: file, adminClientId: s1.adminClient.id, adminClientSecret: 'restart-secret-1234567890' });
    try {
      const c2 = await GenesysClient.connect({ clientId: s1.adminClient.id, clientSecret: 'restart-secret-1234567890', gatewayUrl: s2.url });
      expect((await c2.api(platformClient.OAuthApi).getOauthClient(made.id!)).name).toBe('persisted');
      await GenesysClient.connect({ clientId: made.id!, clientSecret: made.secret!, gatewayUrl: s2.url });
      // A token issued before the restart is still honoured: the hash was enough to keep it.
      const home = await fetch(`${s2.url}/api/v2/authorization/divisions/home`, { headers: { Authorization: `Bearer ${token}` } });
      expect(home.status).toBe(200);
    } finally {
      await s2.close();
    }
  });
});
