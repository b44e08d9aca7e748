import { describe, expect } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { convergesAndRestores } from '../helpers/converge.js';
import { control, itSandbox, withTestTarget } from '../helpers/target.js';

/**
 * Under injected faults (one call in five answers 500/503/504 — a 504 after the work was done —
 * or drops the connection), over 20 sandbox seeds: every apply converges within two runs, nothing
 * is ever created twice, and destroy (also under faults) leaves the org exactly as it was.
 */
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

describe('engine: converges under faults', () => {
  itSandbox('fault injection', 'at --faults 0.2, 20 seeds: apply converges within 2 runs, 0 duplicates, destroy restores the inventory', async () => {
    const report: string[] = [];
    for (const seed of SEEDS) {
      // A 504 answers after 10 ms, not the default 250: the work behind it is done either way, and
      // the ~7 per seed would otherwise idle the worker ~40 s over the 20 seeds.
      await withTestTarget({ faults: 0.2, faultDelayMs: 10, seed, rateLimit: 0 }, async (t) => {
        // Fast backoff: the test is about outcomes, not about waiting.
        const client: GenesysClient = await t.client({ requestsPerMinute: 0, retry: { baseDelayMs: 2, maxDelayMs: 20 } });
        const reruns = await convergesAndRestores(t, client, `seed ${seed}`, {
          lift: () => control(t, 'faults', { probability: 0 }),
          restore: () => control(t, 'faults', { probability: 0.2 }),
        });
        report.push(`seed ${seed}: ${client.stats.retries} retries, ${reruns.length} re-run(s)`);
      });
    }
    expect(report).toHaveLength(SEEDS.length);
  // A safety net for a hang, not a margin (20 seeds of apply + destroy: minutes on a loaded machine).
  }, 1_800_000);
});
