import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHARED_E2E_TESTS } from '../../vitest.config.js';
import { SLOW_FIRST } from '../support/slow-first-sequencer.js';

/**
 * The unit project and the shared-e2e project share loaded modules between files (vitest.config.ts,
 * `isolate: false`). A file that mocks a module would find it already loaded by an earlier file,
 * unmocked, and fail depending on the order files ran in: such a file must be listed to run isolated.
 * A shared end-to-end file must also leave its worker as it found it; what can be seen in its text
 * is checked here (the rest — what its helpers and src's module-level state do — by a shuffled run).
 */
const ROOT = join(import.meta.dirname, '../..');
const MOCKS = /\bvi\.(do)?mock\(|@inquirer\/testing\/vitest/;
const read = (f: string) => readFileSync(join(ROOT, f), 'utf8');

/** What a shared end-to-end file must not do itself (a helper that does it puts it back in a finally). */
const LEAVES_BEHIND: Array<[string, RegExp]> = [
  ['mocks a module', MOCKS],
  ['stubs process.env', /vi\.stubEnv\(/],
  ['spies on or stubs something', /vi\.spyOn\(|vi\.stubGlobal\(/],
  ['adds a process listener', /process\.(on|once|addListener)\(/],
  ['fakes timers', /vi\.useFakeTimers\(/],
  ['intercepts HTTP (nock)', /\bnock\b/],
  ['turns on --debug (setDebug(true) stays on in the worker)', /'--debug'|setDebug\(/],
  ['passes --no-color (sets NO_COLOR=1 for the worker)', /'--no-color'/],
  ['sets process.exitCode', /process\.exitCode\s*=/],
];

/** process.env keys a file sets that it never deletes again (it may set them only to delete them in afterAll or a finally). */
const keptEnv = (text: string) =>
  [...text.matchAll(/process\.env(?:\.([A-Z_]+)|\[([A-Za-z_]+)\])\s*=[^=]/g)]
    .map((m) => (m[1] ? `.${m[1]}` : `[${m[2]}]`))
    .filter((key) => !text.includes(`delete process.env${key}`));

describe('vitest projects', () => {
  it('every unit test file that mocks a module runs isolated', () => {
    const config = read('vitest.config.ts');
    const mocking = readdirSync(join(ROOT, 'test/unit'))
      .filter((f) => f.endsWith('.test.ts') && MOCKS.test(read(`test/unit/${f}`)))
      .map((f) => `test/unit/${f}`);
    expect(mocking.filter((f) => !config.includes(`'${f}'`))).toEqual([]);
  });

  it('every shared end-to-end file exists and leaves nothing behind that its text shows', () => {
    const found = SHARED_E2E_TESTS.flatMap((f) => [
      ...LEAVES_BEHIND.filter(([, re]) => re.test(read(f))).map(([what]) => `${f} ${what}`),
      ...keptEnv(read(f)).map((key) => `${f} sets process.env${key} and never deletes it`),
      ...(/process\.chdir\(/.test(read(f)) && !(read(f).includes('const cwd = process.cwd()') && read(f).includes('process.chdir(cwd)')) ? [`${f} changes the working directory and never changes back`] : []),
    ]);
    expect(found).toEqual([]);
  });

  it('the files started first are test files that exist (a renamed one would quietly run last again)', () => {
    expect(SLOW_FIRST.filter((f) => !existsSync(join(ROOT, f)))).toEqual([]);
  });
});
