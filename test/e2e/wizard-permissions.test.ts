import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PreflightFailed, runSetup } from '../../src/wizard/setup.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { cleanEnv, inventoryOf, recordedIO, runCli, scripted, tempDir } from './wizard-helpers.js';

/**
 * A run whose admin client lacks a permission: the wizard's preflight (doctor) names it by its
 * Genesys permission string, and nothing is written to the org or to disk.
 */
describe.skipIf(LIVE)('setup with an admin client that lacks a permission', () => {
  let t: TestTarget;
  let weak: { id: string; secret: string };
  const dir = tempDir('pk-wizard-perm-');
  beforeAll(async () => {
    t = await openTestTarget();
    const admin = await t.client();
    // Everything the three blueprints need except deleting triggers.
    const role = await admin.request<{ id: string }>('POST', '/api/v2/authorization/roles', {
      body: {
        name: 'Almost Admin',
        permissionPolicies: [
          { domain: '*', entityName: '*', actionSet: ['view', 'add', 'edit', 'execute', 'publish', 'create', 'unlock'] },
          { domain: 'presence', entityName: '*', actionSet: ['*'] },
          { domain: 'processautomation', entityName: 'trigger', actionSet: ['view', 'add', 'edit'] },
          { domain: 'integrations', entityName: '*', actionSet: ['delete'] },
          { domain: 'architect', entityName: '*', actionSet: ['delete'] },
          { domain: 'oauth', entityName: '*', actionSet: ['delete'] },
          { domain: 'authorization', entityName: '*', actionSet: ['delete'] },
        ],
      },
    });
    const home = await admin.request<{ id: string }>('GET', '/api/v2/authorization/divisions/home');
    const c = await admin.request<{ id: string; secret: string }>('POST', '/api/v2/oauth/clients', {
      body: { name: 'Almost Admin client', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: role.id, divisionId: home.id }] },
    });
    weak = { id: c.id, secret: c.secret };
  });
  afterAll(() => t?.close());

  const env = () => ({ GENESYSCLOUD_API_URL: t.sandbox!.url, GENESYSCLOUD_OAUTHCLIENT_ID: weak.id, GENESYSCLOUD_OAUTHCLIENT_SECRET: weak.secret });

  it('names the missing permission in preflight and writes nothing', async () => {
    const before = await inventoryOf(t);
    const prompter = scripted({});
    const io = recordedIO(prompter);
    await expect(runSetup({ io, env: env(), cwd: dir, openSandbox: () => Promise.reject(new Error('not used')) })).rejects.toBeInstanceOf(PreflightFailed);
    const text = io.text();
    expect(text).toMatch(/✓ Credentials accepted/);
    expect(text).toMatch(/✗ Admin client permissions: missing 1 permission\n\s+processautomation:trigger:delete\s+\(for communicate-call \(trigger\), teams-presence \(trigger\)\)/);
    // It never got as far as asking for choices or showing a plan.
    expect(prompter.asked.map((q) => q.id)).toEqual(['blueprints']);
    expect(text).not.toContain('Plan:');
    expect(await inventoryOf(t)).toEqual(before);
    expect(existsSync(join(dir, 'presence-kit.config.json'))).toBe(false);
  });

  it('doctor names it too, exits 1, and with --json lists it', async () => {
    const r = await runCli(['doctor', '--json'], { cwd: dir, env: cleanEnv(env()) });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { ok: boolean; checks: Array<{ id: string; missing?: Array<{ permission: string }> }> };
    expect(out.ok).toBe(false);
    expect(out.checks.find((c) => c.id === 'permissions')!.missing!.map((m) => m.permission)).toEqual(['processautomation:trigger:delete']);
    expect(r.stdout + r.stderr).not.toContain(weak.secret);
  });
});
