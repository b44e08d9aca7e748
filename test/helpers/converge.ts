import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { apply, plan, planDestroy } from '../../src/engine/index.js';
import type { GenesysClient } from '../../src/genesys/client.js';
import { duplicates, live } from './duplicates.js';
import { inventory, type TestTarget } from './target.js';

/** Runs `what` at most twice; the first failure is allowed (that is what a second run is for). Returns the failures it allowed. */
export async function withinTwoRuns(what: () => Promise<unknown>): Promise<string[]> {
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

/** What makes the sandbox hard to work with (faults, a rate limit), switched off while the test only reads the outcome. */
export interface Disturbance {
  lift(): Promise<unknown>;
  restore(): Promise<unknown>;
}

/**
 * One seed of a convergence test, under `disturbance`: apply converges within 2 runs with 0
 * duplicates; a further plan (disturbance lifted) has nothing to do; destroy (disturbance back)
 * converges within 2 runs and leaves the live inventory as it was before. Returns the re-runs it needed.
 */
export async function convergesAndRestores(t: TestTarget, client: GenesysClient, label: string, disturbance: Disturbance): Promise<string[]> {
  const workDir = mkdtempSync(join(tmpdir(), `pk-${label.replace(/\W+/g, '-')}-`));
  const before = live(await inventory(t));
  const applyFailures = await withinTwoRuns(async () => apply(await plan({ client, workDir })));
  expect(duplicates(await inventory(t)), label).toEqual([]);
  await disturbance.lift();
  const again = await plan({ client, workDir });
  expect(again.steps.filter((s) => s.action !== 'noop').map((s) => `${s.kind}:${s.name} ${s.reason}`), label).toEqual([]);
  await disturbance.restore();
  const destroyFailures = await withinTwoRuns(async () => apply(await planDestroy({ client, workDir })));
  await disturbance.lift();
  expect(live(await inventory(t)), label).toEqual(before);
  return [...applyFailures, ...destroyFailures];
}
