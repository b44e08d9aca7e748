import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { planDestroy } from '../../src/engine/index.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * A create the state file records as started but never confirmed (id null) is looked up by name
 * before a teardown forgets it. When Genesys will not answer that look-up, the entry must stay:
 * forgetting it would leave whatever the create made in the org, untracked.
 */
describeSandbox('throw-away org (the test adds a role and an OAuth client)', 'destroy of an unconfirmed create', () => {
  let t: TestTarget;
  let workDir: string;
  beforeAll(async () => {
    t = await openTestTarget();
    workDir = mkdtempSync(join(tmpdir(), 'pk-destroy-unconfirmed-'));
    mkdirSync(join(workDir, '.presence-kit'));
    const entry = { kind: 'oauth-client', name: 'Pre-Break Presence Job', id: null, status: 'creating', createdBy: 'presence-kit', blueprints: ['pre-break'], addresses: ['pre-break.jobClient'], updatedAt: new Date().toISOString() };
    writeFileSync(join(workDir, '.presence-kit', 'state.json'), JSON.stringify({ version: 1, blueprints: {}, resources: { 'oauth-client:Pre-Break Presence Job': entry } }));
  });
  afterAll(() => t?.close());

  it('a look-up Genesys refuses stops the teardown plan instead of forgetting the entry', async () => {
    const admin = await t.client();
    const home = await admin.request<{ id: string }>('GET', '/api/v2/authorization/divisions/home');
    // May delete OAuth clients, may not list them.
    const role = await admin.request<{ id: string }>('POST', '/api/v2/authorization/roles', {
      body: { name: 'Deleter', permissionPolicies: [{ domain: 'oauth', entityName: 'client', actionSet: ['delete'] }] },
    });
    const made = await admin.request<{ id: string; secret: string }>('POST', '/api/v2/oauth/clients', {
      body: { name: 'Deleter', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: role.id, divisionId: home.id }] },
    });
    const client = await GenesysClient.connect({ clientId: made.id, clientSecret: made.secret, gatewayUrl: t.sandbox!.url });
    await expect(planDestroy({ client, workDir })).rejects.toMatchObject({ status: 403 });
    // The admin, who may look, gets the honest answer: not there, so forgotten.
    const p = await planDestroy({ client: admin, workDir });
    expect(p.steps.map((s) => [s.name, s.action, s.reason])).toEqual([['Pre-Break Presence Job', 'noop', 'already gone from the org: forgotten']]);
  });
});
