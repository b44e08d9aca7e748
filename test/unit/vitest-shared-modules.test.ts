import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The unit project shares loaded modules between files (vitest.config.ts, `isolate: false`). A
 * file that mocks a module would find it already loaded by an earlier file, unmocked, and fail
 * depending on the order files ran in: such a file must be listed to run isolated.
 */
const ROOT = join(import.meta.dirname, '../..');
const MOCKS = /\bvi\.(do)?mock\(|@inquirer\/testing\/vitest/;

describe('vitest projects', () => {
  it('every unit test file that mocks a module runs isolated', () => {
    const config = readFileSync(join(ROOT, 'vitest.config.ts'), 'utf8');
    const mocking = readdirSync(join(ROOT, 'test/unit'))
      .filter((f) => f.endsWith('.test.ts') && MOCKS.test(readFileSync(join(ROOT, 'test/unit', f), 'utf8')))
      .map((f) => `test/unit/${f}`);
    expect(mocking.filter((f) => !config.includes(`'${f}'`))).toEqual([]);
  });
});
