import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { useBrownfield } from '../helpers/originals.js';
import { describeSandbox } from '../helpers/target.js';

/**
 * `--use KIND/NAME`: an entity another tool owns (here, the hand-made role the guide has admins
 * make) is read and wired to — the kit's OAuth client gets it — but never written, marked or
 * deleted; one that cannot serve (it lacks a permission the kit's clients need) stops the plan
 * with the reason, nothing written.
 */
describeSandbox('inventory', 'brownfield: --use an entity another tool owns', () => {
  const b = useBrownfield('pk-use-');

  const role = async (id: string) => b.admin.request<{ name: string; description?: string; permissionPolicies: unknown[] }>('GET', `/api/v2/authorization/roles/${id}`);
  const USE = ['--blueprint', 'teams-presence', '--use', 'role/Presence API Admin'];

  it('refuses a used role that lacks what the kit needs, then wires the kit to one that has it and leaves it untouched through apply and destroy', async () => {
    const made = await b.admin.request<{ id: string }>('POST', '/api/v2/authorization/roles', {
      body: { name: 'Presence API Admin', description: 'Made by hand, as the guide says', permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }] },
    });
    const refused = await runCli(b.t, 'plan', ...USE);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/role "Presence API Admin" \([^)]+\) lacks architect:datatableRow:add, architect:datatableRow:delete, architect:datatableRow:edit, which presence-kit's clients need/);

    await b.admin.request('PUT', `/api/v2/authorization/roles/${made.id}`, {
      body: { name: 'Presence API Admin', description: 'Made by hand, as the guide says', permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }, { domain: 'architect', entityName: 'datatableRow', actionSet: ['*'] }] },
    });
    const before = await role(made.id);
    const applied = await runCli(b.t, 'apply', '--yes', ...USE, '--json');
    expect(applied.code).toBe(0);
    const steps = (JSON.parse(applied.stdout) as { steps: Array<{ kind: string; name: string; performed: string; reason: string }> }).steps;
    expect(steps.find((s) => s.kind === 'role')).toMatchObject({ performed: 'noop', reason: expect.stringContaining('used as it is (--use)') });
    // Wired: the kit's client holds the used role.
    const clients = await b.admin.request<{ entities: Array<{ name: string; roleDivisions?: Array<{ roleId: string }> }> }>('GET', '/api/v2/oauth/clients');
    expect(clients.entities.find((c) => c.name === 'Presence Public API')!.roleDivisions!.map((r) => r.roleId)).toContain(made.id);
    expect(await role(made.id)).toEqual(before);

    expect((await runCli(b.t, 'destroy', '--yes')).code).toBe(0);
    expect(await role(made.id)).toEqual(before);
  });
});
