import { execFileSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `--help` and `--version` start fast because every command loads its work (the SDK, the engine,
 * YAML, the lock library) only when it runs. One top-level import in one command file undoes that
 * for all of them — two merges did exactly that — so this checks what loading the CLI pulls in.
 * CommonJS packages show in require.cache, which is where the heavy ones live.
 */
const ROOT = resolve(__dirname, '../..');
const HEAVY = ['purecloud-platform-client-v2', 'yaml', 'proper-lockfile', 'ws', 'velocityjs', 'jsonpath-plus'];

describe('loading the CLI (what --help and --version pay for)', () => {
  it('pulls in none of the heavy packages', () => {
    const script = `
      import { createRequire } from 'node:module';
      await import('./src/cli/main.ts');
      const packages = Object.keys(createRequire(import.meta.url).cache)
        .filter((f) => f.includes('/node_modules/') && !f.includes('/node_modules/tsx/'))
        .map((f) => f.split('/node_modules/').at(-1).split('/')[0]);
      console.log(JSON.stringify([...new Set(packages)]));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    const loaded = JSON.parse(out.trim().split('\n').at(-1)!) as string[];
    expect(loaded.filter((p) => HEAVY.includes(p))).toEqual([]);
  });
});
