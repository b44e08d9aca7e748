import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAMBDA_ZIP } from '../../deploy/package-lambda.js';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/server.js';
import { adminEnv } from '../helpers/terminal.js';

/**
 * presence-kit as people install it: `npm pack` (which builds dist/ through `prepack`), the tarball
 * installed into an empty directory (dependencies from the local npm cache first, the registry
 * only for what is missing), then `npx presence-kit --help`, `--version`, `doctor` on the embedded
 * sandbox and `apply` against a running sandbox — from the installed package alone, no sources,
 * no tsx. What the tarball holds is compared with an allow-list: what runs and what it links to.
 */
const ROOT = resolve(__dirname, '../..');
const exec = promisify(execFile);
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

/** The environment of a user with no Genesys settings (and none of this test runner's). */
const cleanEnv = (): NodeJS.ProcessEnv =>
  Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(GENESYSCLOUD_|PRESENCE_KIT_|NO_COLOR|FORCE_COLOR|npm_|VITEST|NODE_OPTIONS)/i.test(k)));

/**
 * What the tarball may hold, each pattern for a reason: the bin and the compiled modules it runs,
 * the data those modules import, the assets the engine reads (blueprints, workflows, data actions,
 * collections), the policy page the CLI's messages link to, and npm's own files.
 */
const ALLOWED: [RegExp, string][] = [
  [/^package\.json$/, 'the manifest'],
  [/^README\.md$/, 'the README'],
  [/^LICENSE$/, 'the licence the manifest names'],
  [/^bin\/presence-kit\.mjs$/, 'the bin'],
  [/^dist\/.+\.js$/, 'compiled modules (each must be one the CLI can load: checked below)'],
  [/^dist\/sandbox\/catalog\/permissions\.json$/, "the sandbox's permission catalogue (imported)"],
  [/^docs\/presence-policy\.md$/, 'the policy page the CLI links to'],
  [/^blueprints\/[\w-]+\.(yaml|md)$/, 'blueprints'],
  [/^workflows\/[\w-]+\.(yaml|md)$/, 'workflows'],
  [/^data-actions\/[\w-]+\.(custom|customAuth)\.json$/, 'data actions'],
  [/^collections\/[\w.-]+\.json$/, 'Postman collections'],
];

/** The files under dist/ the CLI can load: the imports (static and dynamic) followed from main.js. */
function reachableFromMain(pkg: string): Set<string> {
  const seen = new Set<string>();
  const queue = ['dist/cli/main.js'];
  while (queue.length) {
    const file = queue.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(join(pkg, file), 'utf8');
    for (const m of code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])(\.{1,2}\/[^'"]+)\1/g))
      queue.push(join(dirname(file), m[2]!));
  }
  return seen;
}

describe('the packed tarball, installed into an empty directory', () => {
  let sandbox: StartedSandbox;
  let app: string;
  let packed: string[];
  let installWarnings: string[];
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    const packDir = mkdtempSync(join(tmpdir(), 'pk-pack-'));
    // The Lambda zip `npm run package:lambda` leaves in dist/ must never ship: one stands there while
    // the tarball is packed (a stand-in, removed after, when none was built).
    const zipStandIn = !existsSync(LAMBDA_ZIP);
    if (zipStandIn) {
      mkdirSync(dirname(LAMBDA_ZIP), { recursive: true });
      writeFileSync(LAMBDA_ZIP, 'stand-in for the Lambda zip');
    }
    // `npm pack --json` lists what it put in the tarball (the same list `--dry-run --json` prints).
    const pack = await exec(NPM, ['pack', '--json', '--pack-destination', packDir], { cwd: ROOT, env: cleanEnv(), maxBuffer: 16 << 20 }).finally(() => {
      if (zipStandIn) rmSync(LAMBDA_ZIP, { force: true });
    });
    const [listing] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as [{ filename: string; files: { path: string }[] }];
    packed = listing.files.map((f) => f.path);
    app = mkdtempSync(join(tmpdir(), 'pk-installed-'));
    await exec(NPM, ['init', '-y'], { cwd: app, env: cleanEnv() });
    // npm's own log level, so its warnings (install-scripts, allowScripts) reach stderr.
    const install = await exec(NPM, ['install', join(packDir, listing.filename), '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=warn'], { cwd: app, env: cleanEnv(), maxBuffer: 16 << 20 });
    installWarnings = install.stderr.split('\n').filter((l) => /^npm warn/i.test(l));
  }, 300_000);
  afterAll(() => sandbox?.close());

  it('holds only allow-listed files: no source maps, no developer-only modules, no Lambda zip; the policy page is there', () => {
    const unexpected = packed.filter((f) => !ALLOWED.some(([re]) => re.test(f)));
    expect(unexpected).toEqual([]);
    for (const [re, why] of ALLOWED) expect(packed.some((f) => re.test(f)), why).toBe(true);
    // The regressions by name, so a failure says which came back.
    expect(packed.filter((f) => f.endsWith('.map'))).toEqual([]);
    for (const f of ['dist/sandbox/catalog/extract.js', 'dist/sandbox/fidelity/write-ledger.js', 'dist/policy/write-doc.js', 'dist/pre-break-lambda.zip'])
      expect(packed, f).not.toContain(f);
  });

  it('ships no module the CLI cannot load', () => {
    const pkg = join(app, 'node_modules', 'presence-kit');
    const reachable = reachableFromMain(pkg);
    expect(packed.filter((f) => f.endsWith('.js') && !reachable.has(f))).toEqual([]);
  });

  it('installs with npm without a warning about install scripts (allowScripts), and carries a licence', () => {
    // Below Node 22 npm warns about `engines` (documented: Node 22 is what ships); nothing else.
    const engineOk = Number(process.versions.node.split('.')[0]) >= 22;
    expect(installWarnings.filter((l) => engineOk || !/EBADENGINE/.test(l))).toEqual([]);
    const manifest = JSON.parse(readFileSync(join(app, 'node_modules', 'presence-kit', 'package.json'), 'utf8')) as { license?: string };
    expect(manifest.license).toBe('MIT');
  });

  it('npx presence-kit --help, --version, doctor (embedded sandbox) and apply (a running sandbox) work from there', async () => {
    const help = await exec(NPX, ['--offline', 'presence-kit', '--help'], { cwd: app, env: cleanEnv() });
    expect(help.stdout).toMatch(/^Usage: presence-kit/m);
    expect(help.stdout).toContain('apply');

    const version = await exec(NPX, ['--offline', 'presence-kit', '--version'], { cwd: app, env: cleanEnv() });
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);

    const doctor = await exec(NPX, ['--offline', 'presence-kit', 'doctor', '--sandbox', '--json'], { cwd: app, env: cleanEnv() });
    expect(JSON.parse(doctor.stdout)).toMatchObject({ ok: true });

    const env = { ...cleanEnv(), ...adminEnv(sandbox) };
    const apply = await exec(NPX, ['--offline', 'presence-kit', 'apply', '--blueprint', 'communicate-call', '--yes', '--json'], { cwd: app, env, maxBuffer: 16 << 20 });
    const result = JSON.parse(apply.stdout) as { summary: Record<string, number>; writes: number };
    expect(result.summary.create).toBeGreaterThan(0);
    expect(result.writes).toBeGreaterThan(0);
    // What it made is there: the org has the workflow the blueprint publishes.
    const flows = (await (await fetch(`${sandbox.url}/sandbox/v1/inventory`)).json()) as unknown;
    expect(JSON.stringify(flows)).toContain('Set GC User to Busy');
  });
});
