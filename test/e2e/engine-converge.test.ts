import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { apply, plan, planDestroy } from '../../src/engine/index.js';
import type { GenesysClient } from '../../src/genesys/client.js';
import { duplicates, live } from '../helpers/duplicates.js';
import { control, inventory, itSandbox, withTestTarget } from '../helpers/target.js';

/**
 * Under injected faults (one call in five answers 500/503/504 — a 504 after the work was done —
 * or drops the connection), over 20 sandbox seeds: every apply converges within two runs, nothing
 * is ever created twice, and destroy (also under faults) leaves the org exactly as it was.
 */
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);

/** Runs `what` at most twice; the first failure is allowed (that is what a second run is for). */
async function withinTwoRuns(what: () => Promise<unknown>): Promise<string[]> {
  const failures: string[] = [];
  for (let run = 1; run <= 2; run++) {
    try {
      await what();
      return failures;
    } catch (e) {
      failures.push(`run ${run}: ${(e as Error).message}`);
    }
  }
  throw new Error(`did not converge within 2 runs:\n${failures.join('\n')}`);
}

describe('engine: converges under faults', () => {
  itSandbox('fault injection', 'at --faults 0.2, 20 seeds: apply converges within 2 runs, 0 duplicates, destroy restores the inventory', async () => {
    const report: string[] = [];
    for (const seed of SEEDS) {
      await withTestTarget({ faults: 0.2, seed, rateLimit: 0 }, async (t) => {
        // Fast backoff: the test is about outcomes, not about waiting.
        const client: GenesysClient = await t.client({ requestsPerMinute: 0, retry: { baseDelayMs: 2, maxDelayMs: 20 } });
        const workDir = mkdtempSync(join(tmpdir(), `pk-seed-${seed}-`));
        const before = live(await inventory(t));
        const applyFailures = await withinTwoRuns(async () => apply(await plan({ client, workDir })));
        expect(duplicates(await inventory(t)), `seed ${seed}`).toEqual([]);
        await control(t, 'faults', { probability: 0 });
        const again = await plan({ client, workDir });
        expect(again.steps.filter((s) => s.action !== 'noop').map((s) => `${s.kind}:${s.name} ${s.reason}`), `seed ${seed}`).toEqual([]);
        await control(t, 'faults', { probability: 0.2 });
        const destroyFailures = await withinTwoRuns(async () => apply(await planDestroy({ client, workDir })));
        await control(t, 'faults', { probability: 0 });
        expect(live(await inventory(t)), `seed ${seed}`).toEqual(before);
        report.push(`seed ${seed}: ${client.stats.retries} retries, ${applyFailures.length + destroyFailures.length} re-run(s)`);
      });
    }
    expect(report).toHaveLength(SEEDS.length);
  }, 300_000);
});
