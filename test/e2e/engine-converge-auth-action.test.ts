import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { apply, plan } from '../../src/engine/index.js';
import { duplicates } from '../helpers/duplicates.js';
import { control, inventory, itSandbox, withTestTarget } from '../helpers/target.js';

/**
 * Every multi-call write settles under faults (issue 20, case 9): teams-presence-outbound's auth
 * action is configured through three writes (draft, edit, publish) whose answers may be lost. At
 * a 20% fault rate, over 20 seeds, the FIRST apply converges — none stops on a lost answer —
 * nothing is created twice, and a further plan has nothing to do.
 */
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const SECRET_ENV = 'PRESENCE_KIT_GRAPH_CLIENT_SECRET';

describe('engine: multi-call writes settle under faults', () => {
  // A seed that stopped (or an expectation that failed) leaves the loop before its own delete: the next file in this worker must not find the secret set.
  afterAll(() => {
    delete process.env[SECRET_ENV];
  });
  itSandbox('fault injection', 'at --faults 0.2, 20 seeds: the first apply of teams-presence-outbound converges, 0 duplicates, nothing left to do', async () => {
    const stopped: string[] = [];
    for (const seed of SEEDS) {
      await withTestTarget({ faults: 0.2, seed, rateLimit: 0 }, async (t) => {
        const client = await t.client({ requestsPerMinute: 0, retry: { baseDelayMs: 2, maxDelayMs: 20 } });
        const app = (await (await fetch(`${t.sandbox!.url}/sandbox/v1/graph/app`)).json()) as { tenantId: string; clientId: string; clientSecret: string };
        process.env[SECRET_ENV] = app.clientSecret;
        const workDir = mkdtempSync(join(tmpdir(), `pk-settle-${seed}-`));
        const opts = { client, workDir, blueprints: ['teams-presence-outbound'], set: [`graphTenantId=${app.tenantId}`, `graphClientId=${app.clientId}`] };
        try {
          await apply(await plan(opts));
        } catch (e) {
          stopped.push(`seed ${seed}: ${(e as Error).message}`);
          return;
        }
        await control(t, 'faults', { probability: 0 });
        expect(duplicates(await inventory(t)), `seed ${seed}`).toEqual([]);
        expect((await plan(opts)).steps.filter((s) => s.action !== 'noop').map((s) => `${s.kind}:${s.name} ${s.reason}`), `seed ${seed}`).toEqual([]);
      });
    }
    delete process.env[SECRET_ENV];
    expect(stopped).toEqual([]);
  }, 300_000);
});
