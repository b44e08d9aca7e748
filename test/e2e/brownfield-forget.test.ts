import { expect, it } from 'vitest';
import { readMark } from '../../src/resources/mark.js';
import { StateStore } from '../../src/engine/state.js';
import { runCli } from '../helpers/cli.js';
import { useBrownfield } from '../helpers/originals.js';
import { describeSandbox } from '../helpers/target.js';

/**
 * `presence-kit forget KIND/NAME`: presence-kit stops managing an entity and leaves it as it is —
 * its mark (which any checkout would read as "ours") and its state entry go; plan then treats it
 * as someone else's, and destroy leaves it.
 */
describeSandbox('inventory', 'forget: stop managing without deleting', () => {
  const b = useBrownfield('pk-forget-');

  const table = async () => {
    const all = await b.admin.request<{ entities: Array<{ id: string; name: string; description?: string }> }>('GET', '/api/v2/flows/datatables');
    return all.entities.find((x) => x.name === 'MsTeamsPresenceMappings');
  };

  it('takes the mark and the state entry off, plan then stops on it as foreign, destroy leaves it', async () => {
    expect((await runCli(b.t, 'apply', '--yes', '--blueprint', 'teams-presence')).code).toBe(0);
    const before = (await table())!;
    expect(readMark(before.description)?.deployment).toBe('default');

    const r = await runCli(b.t, 'forget', 'data-table/MsTeamsPresenceMappings', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).forgotten).toEqual([{ kind: 'data-table', name: 'MsTeamsPresenceMappings', id: before.id }]);
    const after = (await table())!;
    expect(readMark(after.description)).toBeUndefined();
    expect(after.description).toBe(before.description!.replace(/\s*\[presence-kit[^\]]*\]$/, ''));
    expect(Object.values(new StateStore(b.dir).state.resources).map((e) => e.id)).not.toContain(before.id);

    const plan = await runCli(b.t, 'plan', '--blueprint', 'teams-presence');
    expect(plan.code).not.toBe(0);
    expect(plan.stderr).toContain('data table "MsTeamsPresenceMappings"');

    expect((await runCli(b.t, 'destroy', '--yes')).code).toBe(0);
    expect((await table())?.id).toBe(before.id);
    // A name the deployment does not own is refused, naming why.
    const bad = await runCli(b.t, 'forget', 'data-table/NoSuchTable');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('nothing to forget');
  });
});
