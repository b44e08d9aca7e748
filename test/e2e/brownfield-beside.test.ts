import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { live } from '../helpers/duplicates.js';
import { orgSnapshot, useBrownfield } from '../helpers/originals.js';
import { setupOriginalTeams } from '../helpers/simulate.js';
import { describeSandbox, inventory } from '../helpers/target.js';

/**
 * "Make ours beside it": every name the kit gives comes from variables, so an org where the
 * original Teams blueprint's Terraform ran (its MsTeamsPresenceMappings table, its workflow, its
 * integration) takes presence-kit's teams-presence under other names — no shipped file edited —
 * and the original's entities are left exactly as they were, through apply and destroy.
 */
describeSandbox('inventory', 'brownfield: presence-kit beside an original install, renamed by variables', () => {
  const b = useBrownfield('pk-beside-', {}, setupOriginalTeams);

  it('plan stops on the taken names and names the variable; with --set namePrefix it creates everything under prefixed names and leaves the original alone', async () => {
    const stopped = await runCli(b.t, 'plan', '--blueprint', 'teams-presence');
    expect(stopped.code).not.toBe(0);
    expect(stopped.stderr).toContain('data table "MsTeamsPresenceMappings"');
    expect(stopped.stderr).toContain('--set namePrefix=');

    const before = await orgSnapshot(b.t);
    const applied = await runCli(b.t, 'apply', '--yes', '--blueprint', 'teams-presence', '--set', 'namePrefix=PK ', '--allow-overlap', '--json');
    expect(applied.stderr).not.toMatch(/error/i);
    expect(applied.code).toBe(0);
    const names = (await inventory(b.t)) as Record<string, Array<{ name?: string }>>;
    expect(names.datatables!.map((d) => d.name).sort()).toEqual(['MsTeamsPresenceMappings', 'PK Communicate Call Presence Memory', 'PK MsTeamsPresenceMappings']);
    expect(live(await inventory(b.t)).flows!.map((f) => f.name).sort()).toEqual(['Microsoft Teams Integration Presence Trigger', 'PK Microsoft Teams Integration Presence Trigger']);
    // The guide's table name is a variable of its own: changing it renames our table (no other), and our workflow that looks it up.
    const renamed = await runCli(b.t, 'plan', '--blueprint', 'teams-presence', '--set', 'namePrefix=PK ', '--set', 'mappingTableName=Teams Mapping', '--json');
    const changed = (JSON.parse(renamed.stdout) as { steps: Array<{ action: string; name: string; changes: Array<{ field: string; from?: unknown }> }> }).steps.filter((s) => s.action !== 'noop');
    expect(changed.map((s) => [s.action, s.name, s.changes.find((c) => c.field === 'name')?.from])).toEqual([
      ['update', 'PK Teams Mapping', 'PK MsTeamsPresenceMappings'],
      ['update', 'PK Microsoft Teams Integration Presence Trigger', undefined],
    ]);

    const destroyed = await runCli(b.t, 'destroy', '--yes');
    expect(destroyed.code).toBe(0);
    expect(await orgSnapshot(b.t)).toEqual(before);
  });
});
