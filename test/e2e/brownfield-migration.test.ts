import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { runCli } from '../helpers/cli.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The migration report: after a takeover, `status` shows what came from the old install and what
 * presence-kit changed in it; destroy puts it back and the report is empty again.
 */
describeSandbox('inventory', 'brownfield: the migration report in status', () => {
  let t: TestTarget;
  let admin: GenesysClient;
  const cwd = process.cwd();
  beforeAll(async () => {
    t = await openTestTarget();
    admin = await t.client();
    process.chdir(mkdtempSync(join(tmpdir(), 'pk-migration-')));
  });
  afterAll(async () => {
    process.chdir(cwd);
    await t?.close();
  });

  it('names the adopted role and the fields presence-kit changed in it, then nothing once destroy put it back', async () => {
    const made = await admin.request<{ id: string }>('POST', '/api/v2/authorization/roles', {
      body: { name: 'Presence API Admin', description: 'Made by hand', permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }] },
    });
    const before = await admin.request<Record<string, unknown>>('GET', `/api/v2/authorization/roles/${made.id}`);
    expect((await runCli(t, 'apply', '--yes', '--blueprint', 'teams-presence', '--adopt', 'role/Presence API Admin')).code).toBe(0);

    const s = await runCli(t, 'status', '--json');
    const migration = (JSON.parse(s.stdout) as { migration: { adopted: Array<{ kind: string; name: string; changed: string[]; restorable: boolean }> } }).migration;
    expect(migration.adopted).toEqual([{ kind: 'role', name: 'Presence API Admin', id: made.id, changed: ['description', 'permissionPolicies'], restorable: true }]);
    const human = await runCli(t, 'status');
    expect(human.stdout + human.stderr).toContain('adopted role "Presence API Admin": presence-kit changed description, permissionPolicies — destroy puts them back');

    expect((await runCli(t, 'destroy', '--yes')).code).toBe(0);
    const after = await admin.request<Record<string, unknown>>('GET', `/api/v2/authorization/roles/${made.id}`);
    expect({ ...after, version: undefined }).toEqual({ ...before, version: undefined });
    expect(JSON.parse((await runCli(t, 'status', '--json')).stdout).migration).toBeUndefined();
  });
});
