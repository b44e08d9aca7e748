import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';
import { runCli } from '../helpers/cli.js';
import { openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * `import workflow --set busyPresenceId=Busy` puts Busy's id into the flow, as `apply` does with
 * the same value — before, the word "Busy" went in and the flow published but never matched.
 */
describe('import workflow: presence names become ids, as in apply', () => {
  let t: TestTarget;
  const cwd = process.cwd();
  const WORKFLOW = resolve(__dirname, '../../workflows/set-gc-user-to-available.yaml');
  let base: string[];
  beforeAll(async () => {
    t = await openTestTarget();
    process.chdir(mkdtempSync(join(tmpdir(), 'pk-wfnames-')));
    // The data actions the workflow calls, as apply makes them.
    expect((await runCli(t, 'apply', '--blueprint', 'communicate-call', '--yes')).code).toBe(0);
    // The call-memory table apply made, which the workflow reads by name and id.
    const client = await t.client();
    const tables = await client.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/flows/datatables', { query: { pageSize: 100 } });
    const memory = tables.entities.find((d) => /memory/i.test(d.name));
    expect(memory).toBeDefined();
    base = [
      ...['presenceIntegrationName=Update Genesys Cloud User Presence', `callMemoryTableName=${memory!.name}`, `callMemoryTableId=${memory!.id}`].flatMap((s) => ['--set', s]),
    ];
  });
  afterAll(async () => {
    process.chdir(cwd);
    await t?.close();
  });

  it('--set busyPresenceId=Busy substitutes the system presence\'s id', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'pk-wfout-')), 'flow.yaml');
    const r = await runCli(t, 'import', 'workflow', WORKFLOW, ...base, '--set', 'busyPresenceId=Busy', '--dry-run', '--out', out);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const yaml = readFileSync(out, 'utf8');
    expect(yaml).toContain(`"${SYSTEM_PRESENCE_IDS.Busy}"`);
    expect(yaml).not.toMatch(/== "Busy"/);
  });

  it('a value that is no presence is refused before anything is imported, naming the placeholder', async () => {
    const r = await runCli(t, 'import', 'workflow', WORKFLOW, ...base, '--set', 'busyPresenceId=Bussy', '--json');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'import.input' } });
    expect(r.stderr).toMatch(/--set busyPresenceId: "Bussy" is not a presence — use a system presence/);
  });
});
