#!/usr/bin/env node
/**
 * `npm run build` (and `npm ci`, through the `prepare` script): compiles every file under src/ to
 * JavaScript under dist/, one .js per .ts in the same folders, so `bin/presence-kit.mjs` starts
 * without a TypeScript loader. Plain JavaScript itself, because it runs before anything can
 * transpile it.
 *
 * Why esbuild and not tsc: it only strips types (tsc --noEmit is the type check, `npm run
 * typecheck`), takes well under a second for all of src/ on a busy 2-core machine, and is already a
 * dev dependency. Why not a bundle: the sources find blueprints/, collections/ and the sandbox's
 * catalogue relative to their own file (import.meta.url); keeping dist/ shaped like src/ keeps
 * those paths true, and every file under src/ is compiled without a list anyone must keep.
 */
import { build } from 'esbuild';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const SRC = join(ROOT, 'src');
const DIST = join(ROOT, 'dist');
/** What bin/presence-kit.mjs compares src/'s modification times with (see there). */
export const STAMP = join(DIST, 'BUILD');

const filesUnder = (dir) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));

/**
 * Writes a file only when its content changes, and then atomically (a temporary file renamed over
 * it): a presence-kit started while a build runs (a test suite packing the package beside other
 * tests) never imports a half-written module.
 */
function writeIfChanged(file, content) {
  const bytes = Buffer.from(content);
  if (existsSync(file) && readFileSync(file).equals(bytes)) return;
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, bytes);
  renameSync(tmp, file);
}

const startedAt = Date.now();
const all = filesUnder(SRC);
const sources = all.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
const result = await build({
  entryPoints: sources,
  write: false,
  outdir: DIST,
  outbase: SRC,
  platform: 'node',
  format: 'esm',
  // Node 20 runs it (this machine), Node 22 LTS is what ships; both read `import … with { type: 'json' }`.
  target: 'node20',
  supported: { 'import-attributes': true },
  sourcemap: 'linked',
  logLevel: 'warning',
});
for (const out of result.outputFiles) writeIfChanged(out.path, out.contents);
// Data files next to the sources (the sandbox's permission catalogue) are read from beside the code.
for (const f of all.filter((f) => !f.endsWith('.ts'))) writeIfChanged(join(DIST, relative(SRC, f)), readFileSync(f));
// A source deleted or moved since the last build must not leave a module behind that still loads.
const expected = new Set(all.map((f) => relative(SRC, f).replace(/\.ts$/, '.js')));
for (const f of existsSync(DIST) ? filesUnder(DIST) : []) {
  const rel = relative(DIST, f);
  if (!rel.includes('/') || rel.endsWith('.tmp')) continue; // top-level files are not compiled sources (BUILD, the Lambda zip)
  const source = rel.replace(/\.js\.map$/, '.js');
  if (!expected.has(source)) rmSync(f);
}
writeIfChanged(STAMP, JSON.stringify({ startedAt, files: sources.length }) + '\n');
console.error(`built ${sources.length} files from src/ into dist/ in ${Date.now() - startedAt} ms`);
