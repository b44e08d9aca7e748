import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { shippedBlueprints } from '../engine/blueprints.js';
import { buildCollection, buildEnvironment, type BuildOptions } from './build.js';

/** Where the committed collections live (next to the sources, like `blueprints/`). */
export const COLLECTIONS_DIR = fileURLToPath(new URL('../../collections/', import.meta.url));
export const ENVIRONMENT_FILE = 'presence-kit.postman_environment.json';
export const collectionFile = (blueprint: string) => `${blueprint}.postman_collection.json`;

/** Stable text: two-space JSON and a final newline, so a rebuild is byte-identical. */
export const render = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export interface GeneratedFile {
  /** File name inside the collections directory. */
  file: string;
  text: string;
}

/** Every file `collections build` writes: one collection per shipped blueprint, then the environment. */
export function generate(opts: BuildOptions = {}): GeneratedFile[] {
  const blueprints = shippedBlueprints(opts.dir);
  return [
    ...blueprints.map((b) => ({ file: collectionFile(b), text: render(buildCollection(b, opts)) })),
    { file: ENVIRONMENT_FILE, text: render(buildEnvironment(blueprints, opts)) },
  ];
}

export interface BuildResult {
  written: string[];
  unchanged: string[];
}

export function writeCollections(outDir = COLLECTIONS_DIR, opts: BuildOptions = {}): BuildResult {
  mkdirSync(outDir, { recursive: true });
  const result: BuildResult = { written: [], unchanged: [] };
  for (const g of generate(opts)) {
    const path = join(outDir, g.file);
    if (existsSync(path) && readFileSync(path, 'utf8') === g.text) result.unchanged.push(g.file);
    else {
      writeFileSync(path, g.text);
      result.written.push(g.file);
    }
  }
  return result;
}

export interface CheckResult {
  upToDate: string[];
  /** Files whose content differs from what build would write. */
  outdated: string[];
  missing: string[];
}

export function checkCollections(dir = COLLECTIONS_DIR, opts: BuildOptions = {}): CheckResult {
  const result: CheckResult = { upToDate: [], outdated: [], missing: [] };
  for (const g of generate(opts)) {
    const path = join(dir, g.file);
    if (!existsSync(path)) result.missing.push(g.file);
    else if (readFileSync(path, 'utf8') !== g.text) result.outdated.push(g.file);
    else result.upToDate.push(g.file);
  }
  return result;
}
