import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import platformClient from 'purecloud-platform-client-v2';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { itSandbox, openTestTarget, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';

const errOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as GenesysError);
const unique = (s: string) => `presence-kit test ${s} ${Date.now()}-${Math.round(Math.random() * 1e6)}`;

describe('sandbox roles and grants through the official SDK', () => {
  let t: TestTarget;
  let admin: GenesysClient;
  let auth: InstanceType<typeof platformClient.AuthorizationApi>;
  let homeId: string;
  const roleIds: string[] = [];
  beforeAll(async () => {
    t = await openTestTarget();
    admin = await t.client();
    auth = admin.api(platformClient.AuthorizationApi);
    homeId = (await auth.getAuthorizationDivisionsHome()).id!;
  });
  afterAll(async () => {
    for (const id of roleIds) await auth.deleteAuthorizationRole(id).catch(() => undefined);
    await t.close();
  });

  const newRole = async (name: string, body: Partial<platformClient.Models.DomainOrganizationRoleCreate> = {}) => {
    const r = await auth.postAuthorizationRoles({ name, ...body });
    roleIds.push(r.id!);
    return r;
  };

  it('creates, reads, updates and deletes a role with permission policies', async () => {
    const name = unique('presence editor');
    const r = await newRole(name, {
      description: 'Edits presences',
      permissionPolicies: [{ domain: 'presence', entityName: 'userPresence', actionSet: ['edit'] }],
      permissions: ['integrations:action:execute'],
    });
    expect(r.name).toBe(name);
    expect(r.permissionPolicies).toEqual([expect.objectContaining({ domain: 'presence', entityName: 'userPresence', actionSet: ['edit'] })]);
    expect(r.permissions).toEqual(['integrations:action:execute']);
    expect(r.userCount).toBe(0);
    const got = await auth.getAuthorizationRole(r.id!);
    expect(got.description).toBe('Edits presences');
    const put = await auth.putAuthorizationRole(r.id!, { name, permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }] });
    expect(put.permissionPolicies![0]).toMatchObject({ domain: 'presence', entityName: '*', actionSet: ['*'] });
    expect(put.permissions).toEqual([]);
    await auth.deleteAuthorizationRole(r.id!);
    const gone = await errOf(auth.getAuthorizationRole(r.id!));
    expect(gone?.status).toBe(404);
    expect(gone?.code).toBe('not.found');
  });

  it('requires a name and refuses a name already in use', async () => {
    const noName = await errOf(auth.postAuthorizationRoles({} as never));
    expect(noName?.status).toBe(400);
    expect(noName?.code).toBe('bad.request');
    const name = unique('dup');
    await newRole(name);
    const dup = await errOf(auth.postAuthorizationRoles({ name }));
    expect(dup?.status).toBe(400);
    expect(dup?.code).toBe('bad.request');
    expect(dup?.message).toMatch(/already in use/);
    const badPolicy = await errOf(auth.postAuthorizationRoles({ name: unique('bad policy'), permissionPolicies: [{ domain: 'presence', entityName: 'userPresence', actionSet: [] }] }));
    expect(badPolicy?.status).toBe(400);
  });

  it('lists roles with paging and filters by name and permission', async () => {
    const prefix = unique('list');
    for (let i = 0; i < 3; i++) await newRole(`${prefix} ${i}`, { permissions: [i === 1 ? 'architect:flow:view' : 'presence:presenceDefinition:view'] });
    const byName = await auth.getAuthorizationRoles({ name: `${prefix} 1` });
    expect(byName.entities!.map((r) => r.name)).toEqual([`${prefix} 1`]);
    const byPrefix = await auth.getAuthorizationRoles({ name: `${prefix}*`, pageSize: 2 });
    expect(byPrefix.total).toBe(3);
    expect(byPrefix.pageCount).toBe(2);
    expect(byPrefix.entities).toHaveLength(2);
    const byPermission = await auth.getAuthorizationRoles({ name: `${prefix}*`, permission: ['architect:flow:view'] });
    expect(byPermission.entities!.map((r) => r.name)).toEqual([`${prefix} 1`]);
    const master = await auth.getAuthorizationRoles({ name: 'Master Admin' });
    expect(master.entities).toHaveLength(1);
  });

  it('grants roles to an OAuth client with bulkadd / bulkremove / bulkreplace and reads them back', async () => {
    const a = await newRole(unique('grant a'), { permissions: ['presence:presenceDefinition:view'] });
    const b = await newRole(unique('grant b'), { permissions: ['architect:flow:view'] });
    const client = await admin.api(platformClient.OAuthApi).postOauthClients({ name: unique('grantee'), authorizedGrantType: 'CLIENT-CREDENTIALS' });
    try {
      await auth.postAuthorizationSubjectBulkadd(client.id!, { grants: [{ roleId: a.id!, divisionId: homeId }] }, { subjectType: 'PC_OAUTH_CLIENT' });
      let subject = await auth.getAuthorizationSubject(client.id!);
      expect(subject.grants!.map((g) => g.role!.id)).toEqual([a.id]);
      expect(subject.grants![0]!.division!.id).toBe(homeId);
      // The grant takes effect on the client's next token.
      const asClient = await GenesysClient.connect({ ...t.connection, clientId: client.id!, clientSecret: client.secret! });
      await asClient.api(platformClient.PresenceApi).getPresenceDefinitions0();

      await auth.postAuthorizationSubjectBulkreplace(client.id!, { grants: [{ roleId: b.id!, divisionId: homeId }] }, { subjectType: 'PC_OAUTH_CLIENT' });
      subject = await auth.getAuthorizationSubject(client.id!);
      expect(subject.grants!.map((g) => g.role!.id)).toEqual([b.id]);
      expect((await admin.api(platformClient.OAuthApi).getOauthClient(client.id!)).roleDivisions).toEqual([{ roleId: b.id, divisionId: homeId }]);
      const denied = await errOf(asClient.api(platformClient.PresenceApi).getPresenceDefinitions0());
      expect(denied?.status).toBe(403);
      expect(denied?.missingPermissions).toEqual(['presence:presenceDefinition:view']);

      await auth.postAuthorizationSubjectBulkremove(client.id!, { grants: [{ roleId: b.id!, divisionId: homeId }] });
      expect((await auth.getAuthorizationSubject(client.id!)).grants).toEqual([]);
    } finally {
      await admin.api(platformClient.OAuthApi).deleteOauthClient(client.id!);
    }
  });

  it('grants a role to users and counts them; refuses unknown roles and divisions', async () => {
    const r = await newRole(unique('agents'), { permissions: ['presence:userPresence:edit'] });
    const users = await admin.api(platformClient.UsersApi).getUsers({ pageSize: 3 });
    const ids = users.entities!.map((u) => u.id!);
    await auth.postAuthorizationRole(r.id!, { subjectIds: ids, divisionIds: [homeId] }, { subjectType: 'PC_USER' });
    expect((await auth.getAuthorizationRole(r.id!)).userCount).toBe(3);
    const bad = await errOf(auth.postAuthorizationSubjectBulkadd(ids[0]!, { grants: [{ roleId: r.id!, divisionId: '00000000-0000-4000-8000-000000000000' }] }));
    expect(bad?.status).toBe(400);
    const badType = await errOf(auth.postAuthorizationSubjectBulkadd(ids[0]!, { grants: [{ roleId: r.id!, divisionId: homeId }] }, { subjectType: 'PC_ROBOT' as never }));
    expect(badType?.code).toBe('invalid.value');
    for (const id of ids) await auth.postAuthorizationSubjectBulkremove(id, { grants: [{ roleId: r.id!, divisionId: homeId }] });
    expect((await auth.getAuthorizationRole(r.id!)).userCount).toBe(0);
  });

  itSandbox('assumed 409 for a role in use', 'refuses to delete a role an OAuth client holds (409 general.conflict — sandbox assumption)', async () => {
    void SANDBOX_ONLY;
    const r = await newRole(unique('held'), { permissions: ['presence:presenceDefinition:view'] });
    const client = await admin.api(platformClient.OAuthApi).postOauthClients({ name: unique('holder'), authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: r.id!, divisionId: homeId }] });
    const err = await errOf(auth.deleteAuthorizationRole(r.id!));
    expect(err?.status).toBe(409);
    expect(err?.code).toBe('general.conflict');
    expect(err?.message).toContain(client.name!);
    await admin.api(platformClient.OAuthApi).deleteOauthClient(client.id!);
    await auth.deleteAuthorizationRole(r.id!);
  });

  it('lists divisions and reads one', async () => {
    const list = await auth.getAuthorizationDivisions();
    const home = list.entities!.find((d) => d.id === homeId);
    expect(home?.homeDivision).toBe(true);
    expect(await auth.getAuthorizationDivision(homeId)).toMatchObject({ id: homeId, name: home!.name, homeDivision: true });
    const err = await auth.getAuthorizationDivision('00000000-0000-4000-8000-000000000000').catch((e: unknown) => e as { status?: number });
    expect((err as { status?: number }).status).toBe(404);
  });

  itSandbox('--data restart', 'keeps roles and grants across a restart with --data', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pk-authz-')), 'org.json');
    const s1 = await startSandbox({ port: 0, dataFile: file, users: 3, adminClientSecret: 'first-secret-123456789012' });
    const c1 = await GenesysClient.connect({ clientId: s1.adminClient.id, clientSecret: 'first-secret-123456789012', gatewayUrl: s1.url });
    const role = await c1.api(platformClient.AuthorizationApi).postAuthorizationRoles({ name: 'persisted role', permissions: ['presence:presenceDefinition:view'] });
    await s1.close();
    const s2 = await startSandbox({ port: 0, dataFile: file, adminClientId: s1.adminClient.id, adminClientSecret: 'second-secret-12345678901' });
    try {
      const c2 = await GenesysClient.connect({ clientId: s1.adminClient.id, clientSecret: 'second-secret-12345678901', gatewayUrl: s2.url });
      const got = await c2.api(platformClient.AuthorizationApi).getAuthorizationRole(role.id!);
      expect(got.name).toBe('persisted role');
      expect((await c2.api(platformClient.UsersApi).getUsers()).total).toBe(3);
    } finally {
      await s2.close();
    }
  });
});
