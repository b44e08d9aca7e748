import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';
import { seededRandom } from '../../src/util/seeded-random.js';

/**
 * The files that take longest (tens of seconds each, measured: README "## Tests"), longest first.
 * Without vitest's results cache (a fresh clone, CI) the base order is project name, then file
 * size: these are small files of long loops, so they started last and ran on alone at the end.
 * The shared-e2e ones come first and together, so they reuse one worker's loaded modules.
 */
export const SLOW_FIRST = [
  'test/e2e/engine-crash.test.ts',
  'test/e2e/engine-converge-rate-limit.test.ts',
  'test/e2e/engine-converge.test.ts',
  'test/e2e/presence-worst-days.test.ts',
  'test/e2e/engine-converge-auth-action.test.ts',
  'test/e2e/cli-interrupt.test.ts',
  'test/e2e/engine-concurrency.test.ts',
];

/** Fisher–Yates with the project's seeded generator: the same seed, the same order. */
function shuffled<T>(items: T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

export default class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    // A configured sequencer replaces vitest's shuffling of files: with a seed (`--sequence.shuffle.files
    // --sequence.seed=N`, how the shared projects are checked for order dependence) this shuffles itself.
    const seed = this.ctx.config.sequence.seed;
    if (seed !== undefined) return shuffled(files, seed);
    const sorted = await super.sort(files);
    const rank = (f: TestSpecification) => {
      const i = SLOW_FIRST.indexOf(relative(f.project.config.root, f.moduleId));
      return i === -1 ? SLOW_FIRST.length : i;
    };
    // Array.prototype.sort is stable: every other file keeps the base order.
    return sorted.sort((a, b) => rank(a) - rank(b));
  }
}
