import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's environment table lists every environment variable the code reads, and nothing it
 * does not: the names are collected from the sources (src/, bin/, scripts/) by their prefixes.
 */
const ROOT = resolve(__dirname, '../..');
const NAME = /\b(GENESYSCLOUD_[A-Z0-9_]*[A-Z0-9]|PRESENCE_KIT_[A-Z0-9_]*[A-Z0-9]|PRE_BREAK_[A-Z0-9_]*[A-Z0-9]|MANAGEMENT_UNIT_ID|NO_COLOR|FORCE_COLOR|HTTPS?_PROXY|NO_PROXY|TERM)\b/g;
/** Upper-case names in the sources that are constants, not environment variables. */
const NOT_ENV = new Set(['PRE_BREAK_ENDPOINTS', 'PRE_BREAK_PERMISSIONS']);
/** Read by a dependency (the SDK's axios), not by our code; still in the table. */
const READ_BY_DEPENDENCIES = new Set(['HTTPS_PROXY', 'HTTP_PROXY', 'NO_PROXY']);
/** Read by the test suite only (`npm run test:live`). */
const TEST_ONLY = new Set(['PRESENCE_KIT_LIVE']);

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

const inCode = new Set(
  ['src', 'bin', 'scripts']
    .flatMap((d) => sourceFiles(join(ROOT, d)))
    .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(NAME)].map((m) => m[1]!))
    .map((n) => (n.startsWith('PRESENCE_KIT_VAR_') ? 'PRESENCE_KIT_VAR_<variable>' : n))
    .filter((n) => !NOT_ENV.has(n) && !TEST_ONLY.has(n)),
);

function readmeTable(): Set<string> {
  const text = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = text.indexOf('| variable | meaning |');
  expect(start).toBeGreaterThan(0);
  const rows = text.slice(start).split('\n').slice(2);
  const names = new Set<string>();
  for (const row of rows) {
    if (!row.startsWith('|')) break;
    const first = row.split('|')[1]!;
    for (const m of first.matchAll(/`([A-Z_]+(?:<variable>)?)`/g)) names.add(m[1]!);
  }
  return names;
}

describe('the README environment table', () => {
  it('lists every variable the code reads, and only those (plus the proxy variables the SDK reads)', () => {
    const table = readmeTable();
    expect([...inCode].filter((n) => !table.has(n)).sort()).toEqual([]);
    expect([...table].filter((n) => !inCode.has(n) && !READ_BY_DEPENDENCIES.has(n)).sort()).toEqual([]);
    expect(inCode.size).toBeGreaterThan(30);
  });
});
