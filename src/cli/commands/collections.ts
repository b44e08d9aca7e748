import { relative, resolve } from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { makeOutput } from '../output.js';

/**
 * `presence-kit collections build|check`: the Postman/newman collections are generated from the
 * blueprint manifests, and `check` (run in CI) fails when a committed collection differs from what
 * `build` would write — so the CLI and the collections never drift apart.
 */
const shownDir = (dir: string) => relative(process.cwd(), dir) || '.';

export function register(program: Command): void {
  const cmd = program.command('collections').description('Postman/newman collections generated from the blueprint manifests');

  cmd
    .command('build')
    .description('write collections/<blueprint>.postman_collection.json for every blueprint, and the environment template')
    .option('--dir <dir>', 'where to write them (default: the collections/ folder presence-kit ships)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { dir?: string; json?: boolean }) => {
      const { COLLECTIONS_DIR, writeCollections } = await import('../../collections/index.js');
      const out = makeOutput(Boolean(o.json));
      const dir = resolve(o.dir ?? COLLECTIONS_DIR);
      const r = writeCollections(dir);
      const lines = [...r.written.map((f) => `wrote ${shownDir(resolve(dir, f))}`), ...r.unchanged.map((f) => `unchanged ${shownDir(resolve(dir, f))}`)];
      out.result({ dir, ...r }, lines.join('\n'));
    });

  cmd
    .command('check')
    .description('fail (non-zero exit) when a collection in --dir differs from what `collections build` would write')
    .option('--dir <dir>', 'the collections to check (default: the collections/ folder presence-kit ships)')
    .option('--json', 'print the result as JSON')
    .action(async (o: { dir?: string; json?: boolean }) => {
      const { checkCollections, COLLECTIONS_DIR } = await import('../../collections/index.js');
      const out = makeOutput(Boolean(o.json));
      const dir = resolve(o.dir ?? COLLECTIONS_DIR);
      const r = checkCollections(dir);
      const stale = [...r.outdated.map((f) => `${shownDir(resolve(dir, f))} is out of date`), ...r.missing.map((f) => `${shownDir(resolve(dir, f))} is missing`)];
      if (stale.length) {
        const fix = `run \`presence-kit collections build${dir === resolve(COLLECTIONS_DIR) ? '' : ` --dir ${shownDir(dir)}`}\` and commit the result`;
        const line = `${stale.join('; ')} — not what the blueprint manifests produce: ${fix}`;
        if (!o.json) throw new UserError(line);
        // --json: the report on stdout, the one line on stderr, a non-zero exit (as `doctor` does).
        out.result({ dir, ...r, ok: false });
        out.warn(`error: ${line}`);
        process.exitCode = 1;
        return;
      }
      out.result({ dir, ...r, ok: true }, `${r.upToDate.length} collection file(s) in ${shownDir(dir)} match the blueprint manifests`);
    });
}
