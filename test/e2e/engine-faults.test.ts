import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { apply, plan, planDestroy } from '../../src/engine/index.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { GenesysClient } from '../../src/genesys/client.js';
import { duplicates } from '../helpers/duplicates.js';
import { control, inventory, itSandbox, withTestTarget } from '../helpers/target.js';

/**
 * Under `--faults 0.2` (one call in five answers 500/503/504 or drops the connection — a 504
 * after the work was done), apply converges: re-running it finishes the job, and no resource is
 * ever created twice.
 */
describe('engine: apply under injected faults', () => {
  itSandbox('fault injection', 'converges with no duplicate resources at a 20% fault rate', async () => {
    await withTestTarget({ faults: 0.2, seed: 7 }, async (t) => {
    // Fast backoff: the test is about outcomes, not about waiting.
    const client = await t.client({ retry: { baseDelayMs: 5, maxDelayMs: 40 } });
    const workDir = mkdtempSync(join(tmpdir(), 'pk-faults-'));
    const failures: string[] = [];
    let done = false;
    for (let attempt = 1; attempt <= 8 && !done; attempt++) {
      try {
        await apply(await plan({ client, workDir }));
        done = true;
      } catch (e) {
        failures.push((e as Error).message);
      }
    }
    expect(done, failures.join('\n')).toBe(true);
    expect(client.stats.retries).toBeGreaterThan(0);

    await control(t, 'faults', { probability: 0 });
    const inv = await inventory(t);
    expect(duplicates(inv)).toEqual([]);
    expect(inv.oauthClients!.filter((c) => c.name === 'Presence Public API')).toHaveLength(1);
    expect(inv.flows!.filter((f) => !f.deleted)).toHaveLength(3);
    const again = await plan({ client, workDir });
    expect(again.steps.filter((s) => s.action !== 'noop').map((s) => `${s.kind}:${s.name} ${s.reason}`)).toEqual([]);
    const r = await apply(await planDestroy({ client, workDir }));
    expect(r.summary.delete).toBe(31);
    });
  });

  itSandbox('inventory', 'a create whose answer is lost (504 after the work was done) is found by name, not repeated', async () => {
    await withTestTarget({}, async (t) => {
    const client = await t.client();
    const workDir = mkdtempSync(join(tmpdir(), 'pk-ambiguous-'));
    // Every first create of each kind succeeds in the org, but its answer is lost — as a gateway timeout would.
    const real = client.request.bind(client);
    const lost = new Set<string>();
    client.request = (async (method: string, path: string, opts?: { query?: Record<string, unknown>; body?: unknown }) => {
      const res = await real(method, path, opts);
      if (method === 'POST' && !lost.has(path) && /\/(roles|clients|credentials|definitions)$/.test(path)) {
        lost.add(path);
        throw new GenesysError({ status: 504, code: 'request.timeout', message: 'The request timed out.', method, path, ambiguous: true });
      }
      return res;
    }) as typeof client.request;
    await apply(await plan({ client, workDir, blueprints: ['pre-break'] }));
    expect([...lost].sort()).toEqual(['/api/v2/authorization/roles', '/api/v2/oauth/clients', '/api/v2/presence/definitions']);
    const inv = await inventory(t);
    expect(inv.roles!.filter((r) => r.name === 'Pre-Break Presence Job')).toHaveLength(1);
    expect(inv.oauthClients!.filter((r) => r.name === 'Pre-Break Presence Job')).toHaveLength(1);
    expect(inv.presenceDefinitions!.filter((r) => r.name === 'Pre-Break')).toHaveLength(1);
    // The client's create answer (with its secret) was lost: a new secret was issued and written to the job's file.
    const creds = JSON.parse(readFileSync(join(workDir, '.presence-kit', 'pre-break.credentials.json'), 'utf8')) as { clientId: string; clientSecret: string };
    await expect(GenesysClient.connect({ ...t.connection, clientId: creds.clientId, clientSecret: creds.clientSecret })).resolves.toBeInstanceOf(GenesysClient);
    const again = await plan({ client, workDir, blueprints: ['pre-break'] });
    expect(again.summary.noop).toBe(4);
    });
  });
});
