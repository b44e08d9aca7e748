import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useBrownfield } from '../helpers/originals.js';
import { describeSandbox } from '../helpers/target.js';

/**
 * The migration report: after a takeover, `status` shows what came from the old install and what
 * presence-kit changed in it; destroy puts it back and the report is empty again.
 */
describeSandbox('inventory', 'brownfield: the migration report in status', () => {
  const b = useBrownfield('pk-migration-');

  it('names the adopted role and the fields presence-kit changed in it, then nothing once destroy put it back', async () => {
    const made = await b.admin.request<{ id: string }>('POST', '/api/v2/authorization/roles', {
      body: { name: 'Presence API Admin', description: 'Made by hand', permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }] },
    });
    const before = await b.admin.request<Record<string, unknown>>('GET', `/api/v2/authorization/roles/${made.id}`);
    expect((await runCli(b.t, 'apply', '--yes', '--blueprint', 'teams-presence', '--adopt', 'role/Presence API Admin')).code).toBe(0);

    const s = await runCli(b.t, 'status', '--json');
    const migration = (JSON.parse(s.stdout) as { migration: { adopted: Array<{ kind: string; name: string; changed: string[]; restorable: boolean }> } }).migration;
    expect(migration.adopted).toEqual([{ kind: 'role', name: 'Presence API Admin', id: made.id, changed: ['description', 'permissionPolicies'], restorable: true }]);
    const human = await runCli(b.t, 'status');
    expect(human.stdout + human.stderr).toContain('adopted role "Presence API Admin": presence-kit changed description, permissionPolicies — destroy puts them back');

    expect((await runCli(b.t, 'destroy', '--yes')).code).toBe(0);
    const after = await b.admin.request<Record<string, unknown>>('GET', `/api/v2/authorization/roles/${made.id}`);
    expect({ ...after, version: undefined }).toEqual({ ...before, version: undefined });
    expect(JSON.parse((await runCli(b.t, 'status', '--json')).stdout).migration).toBeUndefined();
  });
});
