import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkCollections, COLLECTIONS_DIR } from '../../src/collections/index.js';
import { runCli } from '../helpers/cli.js';

const digest = (dir: string) =>
  Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((f) => [f, createHash('sha256').update(readFileSync(join(dir, f))).digest('hex')]),
  );

describe('the committed collections', () => {
  // CI's guard against drift: a change to a manifest, a data action or a workflow needs `presence-kit collections build`.
  it('are exactly what the blueprint manifests produce', () => {
    expect(checkCollections()).toMatchObject({ outdated: [], missing: [] });
  });
});

describe('presence-kit collections check', () => {
  let dir: string;
  let repo: Record<string, string>;
  beforeAll(() => {
    repo = digest(COLLECTIONS_DIR);
    dir = mkdtempSync(join(tmpdir(), 'pk-collections-check-'));
    cpSync(COLLECTIONS_DIR, dir, { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on the committed collections', async () => {
    const r = await runCli(undefined, 'collections', 'check', '--dir', dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/6 collection file\(s\) in .* match the blueprint manifests/);
  });

  it('fails on a hand-edited collection, naming the file and the fix; passes again after build', async () => {
    const file = join(dir, 'communicate-call.postman_collection.json');
    const c = JSON.parse(readFileSync(file, 'utf8'));
    c.item[0].item[0].request.url.raw = 'https://login.mypurecloud.com/oauth/token';
    writeFileSync(file, JSON.stringify(c, null, 2) + '\n');

    const failed = await runCli(undefined, 'collections', 'check', '--dir', dir);
    expect(failed.code).not.toBe(0);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
    expect(failed.stderr).toContain('communicate-call.postman_collection.json is out of date');
    expect(failed.stderr).toContain('presence-kit collections build');
    expect(failed.stderr).not.toContain('teams-presence');

    const built = await runCli(undefined, 'collections', 'build', '--dir', dir, '--json');
    expect(built.code).toBe(0);
    const result = JSON.parse(built.stdout) as { written: string[]; unchanged: string[] };
    expect(result.written).toEqual(['communicate-call.postman_collection.json']);
    expect(result.unchanged).toHaveLength(5);
    expect((await runCli(undefined, 'collections', 'check', '--dir', dir)).code).toBe(0);
  });

  it('names a missing file', async () => {
    rmSync(join(dir, 'presence-kit.postman_environment.json'));
    const r = await runCli(undefined, 'collections', 'check', '--dir', dir, '--json');
    expect(r.code).not.toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, missing: ['presence-kit.postman_environment.json'] });
    expect(r.stderr).toContain('presence-kit.postman_environment.json is missing');
  });

  it('left the repository’s collections untouched', () => {
    expect(digest(COLLECTIONS_DIR)).toEqual(repo);
  });
});
