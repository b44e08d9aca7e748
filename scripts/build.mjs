#!/usr/bin/env node
/**
 * `npm run build` (and `npm ci` through the `postprepare` script, `npm pack` through `prepack`):
 * compiles what the CLI can load — every module reachable from src/cli/main.ts through its static
 * and dynamic imports, and the data files they import — to JavaScript under dist/, one .js per .ts
 * in the same folders, so `bin/presence-kit.mjs` starts without a TypeScript loader. Plain
 * JavaScript itself, because it runs before anything can transpile it.
 *
 * Why the import graph and not every file under src/: dist/ is what the package ships, and the
 * developer-only modules (the fidelity-ledger and policy-doc generators, the catalogue extractor,
 * the Lambda entry that deploy/ bundles on its own) never run from it; following the imports ships
 * exactly what runs, with no list anyone must keep. No source maps: they would carry the
 * TypeScript sources the package does not ship, and Node reads them only under
 * --enable-source-maps.
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
const ENTRY = join(SRC, 'cli', 'main.ts');
/**
 * The files under src/ the CLI can load: esbuild follows the imports from the entry (a bundle
 * that is never written; packages stay external), and its metafile names every input it read.
 */
async function reachableFromEntry() {
  const { metafile } = await build({
    entryPoints: [ENTRY],
    bundle: true,
    packages: 'external',
    write: false,
    metafile: true,
    outdir: join(DIST, '.graph'),
    absWorkingDir: ROOT,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    supported: { 'import-attributes': true },
    logLevel: 'warning',
  });
  return Object.keys(metafile.inputs).map((f) => join(ROOT, f)).filter((f) => f.startsWith(SRC + '/'));
}
const reachable = await reachableFromEntry();
const sources = reachable.filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
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
  logLevel: 'warning',
});
for (const out of result.outputFiles) writeIfChanged(out.path, out.contents);
// Data files the code imports (the sandbox's permission catalogue) are read from beside the code.
for (const f of reachable.filter((f) => !f.endsWith('.ts'))) writeIfChanged(join(DIST, relative(SRC, f)), readFileSync(f));
// Anything else under dist/'s folders — a source deleted or moved since the last build, a module
// the CLI no longer imports, a source map from an older build — must not stay behind to ship.
const expected = new Set(reachable.map((f) => relative(SRC, f).replace(/\.ts$/, '.js')));
for (const f of existsSync(DIST) ? filesUnder(DIST) : []) {
  const rel = relative(DIST, f);
  if (!rel.includes('/') || rel.endsWith('.tmp')) continue; // top-level files are not compiled sources (BUILD, the Lambda zip)
  if (!expected.has(rel)) rmSync(f, { force: true });
}
writeIfChanged(STAMP, JSON.stringify({ startedAt, files: sources.length }) + '\n');
console.error(`built ${sources.length} files from src/ into dist/ in ${Date.now() - startedAt} ms`);
