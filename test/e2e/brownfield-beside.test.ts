import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { runCli } from '../helpers/cli.js';
import { setupOriginalTeams } from '../helpers/simulate.js';
import { describeSandbox, inventory, openTestTarget, type TestTarget } from '../helpers/target.js';
import { live } from '../helpers/duplicates.js';

/**
 * "Make ours beside it": every name the kit gives comes from variables, so an org where the
 * original Teams blueprint's Terraform ran (its MsTeamsPresenceMappings table, its workflow, its
 * integration) takes presence-kit's teams-presence under other names — no shipped file edited —
 * and the original's entities are left exactly as they were, through apply and destroy.
 */
const snapshot = async (t: TestTarget) => JSON.stringify(live(await inventory(t)));

describeSandbox('inventory', 'brownfield: presence-kit beside an original install, renamed by variables', () => {
  let t: TestTarget;
  let admin: GenesysClient;
  const cwd = process.cwd();
  beforeAll(async () => {
    t = await openTestTarget();
    admin = await t.client();
    await setupOriginalTeams(admin);
    process.chdir(mkdtempSync(join(tmpdir(), 'pk-beside-')));
  });
  afterAll(async () => {
    process.chdir(cwd);
    await t?.close();
  });

  it('plan stops on the taken names and names the variable; with --set namePrefix it creates everything under prefixed names and leaves the original alone', async () => {
    const stopped = await runCli(t, 'plan', '--blueprint', 'teams-presence');
    expect(stopped.code).not.toBe(0);
    expect(stopped.stderr).toContain('data table "MsTeamsPresenceMappings"');
    expect(stopped.stderr).toContain('--set namePrefix=');

    const before = await snapshot(t);
    const applied = await runCli(t, 'apply', '--yes', '--blueprint', 'teams-presence', '--set', 'namePrefix=PK ', '--allow-overlap', '--json');
    expect(applied.stderr).not.toMatch(/error/i);
    expect(applied.code).toBe(0);
    const names = (await inventory(t)) as Record<string, Array<{ name?: string }>>;
    expect(names.datatables!.map((d) => d.name).sort()).toEqual(['MsTeamsPresenceMappings', 'PK Communicate Call Presence Memory', 'PK MsTeamsPresenceMappings']);
    expect(live(await inventory(t)).flows!.map((f) => f.name).sort()).toEqual(['Microsoft Teams Integration Presence Trigger', 'PK Microsoft Teams Integration Presence Trigger']);
    // The guide's table name is a variable of its own: changing it renames our table (no other), and our workflow that looks it up.
    const renamed = await runCli(t, 'plan', '--blueprint', 'teams-presence', '--set', 'namePrefix=PK ', '--set', 'mappingTableName=Teams Mapping', '--json');
    const changed = (JSON.parse(renamed.stdout) as { steps: Array<{ action: string; name: string; changes: Array<{ field: string; from?: unknown }> }> }).steps.filter((s) => s.action !== 'noop');
    expect(changed.map((s) => [s.action, s.name, s.changes.find((c) => c.field === 'name')?.from])).toEqual([
      ['update', 'PK Teams Mapping', 'PK MsTeamsPresenceMappings'],
      ['update', 'PK Microsoft Teams Integration Presence Trigger', undefined],
    ]);

    const destroyed = await runCli(t, 'destroy', '--yes');
    expect(destroyed.code).toBe(0);
    expect(await snapshot(t)).toBe(before);
  });
});
