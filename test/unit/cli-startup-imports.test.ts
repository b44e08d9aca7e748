import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * `--help`, `--version` and usage errors start fast because every command loads its work (the SDK,
 * the engine, YAML, the lock library, zod) only when it runs. One top-level import in one command
 * file undoes that for all of them — two merges did exactly that, and zod came back through the
 * error reporter for one `instanceof` — so this records every package module Node resolves while
 * the CLI runs those paths, CommonJS and ES modules alike.
 */
const ROOT = resolve(__dirname, '../..');
const HEAVY = ['purecloud-platform-client-v2', 'zod', 'yaml', 'proper-lockfile', 'ws', 'velocityjs', 'jsonpath-plus', '@inquirer/prompts', 'axios'];

/**
 * A module-resolution hook (it runs on Node's loader thread) that appends each resolved URL to a
 * file before handing the resolution back: when the CLI has finished, every module it loaded is
 * in the file — no timing involved. CommonJS `require`s inside packages bypass ESM hooks, so the
 * require cache is read as well.
 */
const HOOKS = `
import { appendFileSync } from 'node:fs';
let file;
export function initialize(data) { file = data.file; }
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  appendFileSync(file, r.url + '\\n');
  return r;
}`;

/** The packages (by name under node_modules) loaded while `presence-kit ARGS` runs from the sources. */
function packagesLoadedBy(args: string[]): { packages: string[]; code: number } {
  const file = join(mkdtempSync(join(tmpdir(), 'pk-imports-')), 'resolved.txt');
  const script = `
    import { register, createRequire } from 'node:module';
    import { writeFileSync } from 'node:fs';
    writeFileSync(${JSON.stringify(file)}, '');
    register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(HOOKS)}), { data: { file: ${JSON.stringify(file)} } });
    const { main } = await import('./src/cli/main.ts');
    const out = process.stdout.write.bind(process.stdout);
    process.stdout.write = () => true;
    process.stderr.write = () => true;
    const code = await main(['node', 'presence-kit', ...${JSON.stringify(args)}]);
    const cjs = Object.keys(createRequire(import.meta.url).cache);
    out(JSON.stringify({ code, cjs }) + '\\n');
    process.exit(0);`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, encoding: 'utf8' });
  const { code, cjs } = JSON.parse(out.trim().split('\n').at(-1)!) as { code: number; cjs: string[] };
  const esm = readFileSync(file, 'utf8').split('\n').filter(Boolean);
  const packages = [...esm, ...cjs]
    .map((f) => decodeURIComponent(f))
    .filter((f) => f.includes('/node_modules/') && !f.includes('/node_modules/tsx/') && !f.includes('/node_modules/esbuild/'))
    .map((f) => {
      const [first, second] = f.split('/node_modules/').at(-1)!.split('/');
      return first!.startsWith('@') ? `${first}/${second}` : first!;
    });
  return { packages: [...new Set(packages)].sort(), code };
}

describe('start-up paths load nothing heavy', () => {
  for (const [what, args, expectedCode] of [
    ['--help', ['--help'], 0],
    ['--version', ['--version'], 0],
    ['a usage error (unknown option)', ['plan', '--bogus'], 2],
    ['a command’s --help', ['apply', '--help'], 0],
  ] as const) {
    it(`${what}: none of ${HEAVY.join(', ')}`, () => {
      const { packages, code } = packagesLoadedBy([...args]);
      expect(code).toBe(expectedCode);
      // The hook sees the packages that do load (commander at least), so an empty answer is not a blind one.
      expect(packages).toContain('commander');
      expect(packages.filter((p) => HEAVY.includes(p))).toEqual([]);
    });
  }
});
