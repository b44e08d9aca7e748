#!/usr/bin/env node
/**
 * Runs the compiled JavaScript in dist/ (built from src/ by `npm ci` through the `postprepare` script,
 * or `npm run build`): no TypeScript loader at start-up. In a checkout where something under src/
 * changed after that build (an edit, a merge), dist/ is out of date: the sources then run through
 * tsx (a dev dependency), so what runs is always what src/ says. An installed package has no src/.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));
const src = join(root, 'src');

function builtAt() {
  try {
    return JSON.parse(readFileSync(join(root, 'dist', 'BUILD'), 'utf8')).startedAt;
  } catch {
    return undefined;
  }
}

/** True when some file under src/ was modified after the build started (or there is no build). */
function sourcesNewer(since) {
  if (since === undefined) return true;
  for (const e of readdirSync(src, { recursive: true, withFileTypes: true })) {
    if (e.isFile() && statSync(join(e.parentPath ?? e.path, e.name)).mtimeMs > since) return true;
  }
  return false;
}

let entry = join(root, 'dist', 'cli', 'main.js');
if (existsSync(src) && sourcesNewer(builtAt())) {
  const { register } = await import('tsx/esm/api');
  register();
  entry = join(src, 'cli', 'main.ts');
}
const { main } = await import(pathToFileURL(entry).href);
process.exitCode = await main(process.argv);
