import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/server.js';
import { adminEnv } from '../helpers/terminal.js';

/**
 * presence-kit as people install it: `npm pack` (which builds dist/ through `prepare`), the tarball
 * installed into an empty directory (dependencies from the local npm cache first, the registry
 * only for what is missing), then `npx presence-kit --version`, `doctor` on the embedded sandbox
 * and `apply` against a running sandbox — from the installed package alone, no sources, no tsx.
 */
const ROOT = resolve(__dirname, '../..');
const exec = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The environment of a user with no Genesys settings (and none of this test runner's). */
const cleanEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GENESYSCLOUD_|PRESENCE_KIT_|NO_COLOR|FORCE_COLOR|npm_|VITEST|NODE_OPTIONS)/i.test(k)));

describe('the packed tarball, installed into an empty directory', () => {
  let sandbox: StartedSandbox;
  let app: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    const packDir = mkdtempSync(join(tmpdir(), 'pk-pack-'));
    await exec(NPM, ['pack', '--pack-destination', packDir, '--silent'], { cwd: ROOT, env: cleanEnv(), maxBuffer: 16 << 20 });
    const tarball = readdirSync(packDir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    app = mkdtempSync(join(tmpdir(), 'pk-installed-'));
    await exec(NPM, ['init', '-y'], { cwd: app, env: cleanEnv() });
    await exec(NPM, ['install', join(packDir, tarball!), '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: app, env: cleanEnv(), maxBuffer: 16 << 20 });
  }, 300_000);
  afterAll(() => sandbox?.close());

  it('ships compiled JavaScript and what it reads, not the tests or sources', () => {
    const pkg = join(app, 'node_modules', 'presence-kit');
    for (const f of ['bin/presence-kit.mjs', 'dist/cli/main.js', 'dist/sandbox/catalog/permissions.json', 'blueprints/communicate-call.yaml', 'workflows/set-gc-user-to-busy.yaml', 'data-actions', 'collections'])
      expect(existsSync(join(pkg, f)), f).toBe(true);
    for (const f of ['src', 'test', '.ci', 'bench']) expect(existsSync(join(pkg, f)), f).toBe(false);
  });

  it('npx presence-kit --version, doctor (embedded sandbox) and apply (a running sandbox) work from there', async () => {
    const version = await exec(NPX, ['--offline', 'presence-kit', '--version'], { cwd: app, env: cleanEnv() });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    const doctor = await exec(NPX, ['--offline', 'presence-kit', 'doctor', '--json'], { cwd: app, env: cleanEnv() });
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: true });

    const env = { ...cleanEnv(), ...adminEnv(sandbox) };
    const apply = await exec(NPX, ['--offline', 'presence-kit', 'apply', '--blueprint', 'communicate-call', '--yes', '--json'], { cwd: app, env, maxBuffer: 16 << 20 });
    const result = JSON.parse(apply.stdout) as { summary: Record<string, number>; writes: number };
    expect(result.summary.create).toBeGreaterThan(0);
    expect(result.writes).toBeGreaterThan(0);
    // What it made is there: the org has the workflow the blueprint publishes.
    const flows = (await (await fetch(`${sandbox.url}/sandbox/v1/inventory`)).json()) as unknown;
    expect(JSON.stringify(flows)).toContain('Set GC User to Busy');
  }, 120_000);
});
