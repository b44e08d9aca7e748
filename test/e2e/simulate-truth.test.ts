import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { runCli } from '../helpers/cli.js';
import { PRESENCE, setPresence, someUsers } from '../helpers/simulate.js';
import { openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * `simulate` tells the truth: the presences the user went through (not "Available → Available"
 * after a whole call), the fallback a mistyped Teams status took, and a failed data action makes
 * the run fail (exit 1) instead of ending with exit 0.
 */
describe('simulate: what happened, all of it', () => {
  let t: TestTarget;
  let client: GenesysClient;
  let user: { id: string; email: string };
  const cwd = process.cwd();
  beforeAll(async () => {
    t = await openTestTarget({ users: 6 });
    client = await t.client();
    process.chdir(mkdtempSync(join(tmpdir(), 'pk-simtruth-')));
    const applied = await runCli(t, 'apply', '--blueprint', 'communicate-call,teams-presence', '--yes');
    expect(applied.code).toBe(0);
    user = (await someUsers(client, 1))[0]!;
  });
  afterAll(async () => {
    process.chdir(cwd);
    await t?.close();
  });

  it('a call: "presence: Available → Busy → Available"', async () => {
    await setPresence(client, user.id, PRESENCE.Available);
    const r = await runCli(t, 'simulate', 'call', '--user', user.email, '--duration', '30s');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^presence: Available → Busy → Available$/m);
  });

  it('a mistyped Teams status: the output says the fallback applied', async () => {
    await setPresence(client, user.id, PRESENCE.Available);
    const r = await runCli(t, 'simulate', 'teams', '--user', user.email, '--status', 'Availble');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^fallback: "Availble" is not a key of data table .*took its fallback/m);
    // Another typo: Teams reports only a change, so the same status again would publish nothing.
    const json = await runCli(t, 'simulate', 'teams', '--user', user.email, '--status', 'Bussy', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ findings: [{ kind: 'fallback' }] });
  });

  it('a data action that fails (its credential broken): the failure is named and the exit is 1', async () => {
    const creds = await client.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/integrations/credentials', { query: { pageSize: 100 } });
    for (const c of creds.entities) {
      const full = await client.request<Record<string, unknown>>('GET', `/api/v2/integrations/credentials/${c.id}`);
      await client.request('PUT', `/api/v2/integrations/credentials/${c.id}`, {
        body: { ...full, credentialFields: { clientId: 'broken-client-id', clientSecret: 'broken-secret-0123456789' } },
      });
    }
    await setPresence(client, user.id, PRESENCE.Available);
    const r = await runCli(t, 'simulate', 'call', '--user', user.email, '--duration', '30s');
    expect(r.stdout).toMatch(/^FAILED: data action ".*" in workflow ".*" failed/m);
    expect(r.stderr).toMatch(/^error: /m);
    expect(r.code).toBe(1);
  });
});
