import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { setDebug } from '../../src/genesys/log.js';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/server.js';
import { LIVE } from '../helpers/target.js';

/**
 * The CLI as a user runs it (a child process, environment only): a wrong secret gives exactly one
 * line naming GENESYSCLOUD_OAUTHCLIENT_SECRET and a non-zero exit, and the secret appears nowhere
 * — not on stdout, not on stderr, not with --json, not with --debug. On a live org
 * (`npm run test:live`) the same runs against its region with its real client id.
 */
const BIN = resolve(__dirname, '../../bin/presence-kit.mjs');
const WRONG = 'wrong-secret-Zx81qPlm0AA';
const ENV_NAMES = ['GENESYSCLOUD_OAUTHCLIENT_ID', 'GENESYSCLOUD_OAUTHCLIENT_SECRET', 'GENESYSCLOUD_REGION', 'GENESYSCLOUD_API_URL', 'PRESENCE_KIT_DEBUG'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

function run(args: string[], env: Record<string, string>): Promise<Run> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !ENV_NAMES.includes(k))) as Record<string, string>;
  return new Promise((done) => {
    execFile(process.execPath, [BIN, ...args], { env: { ...base, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, cwd: mkdtempSync(join(tmpdir(), 'pk-cli-')), timeout: 30_000 }, (err, stdout, stderr) =>
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }),
    );
  });
}

// eslint-disable-next-line no-control-regex
const stripAnsi = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');
const lines = (s: string) => s.split('\n').filter((l) => l.trim() !== '');

describe.concurrent('CLI: one line, the setting to fix, no secret', () => {
  let sandbox: StartedSandbox | undefined;
  let target: Record<string, string>;
  let clientId: string;
  beforeAll(async () => {
    if (LIVE) {
      clientId = process.env.GENESYSCLOUD_OAUTHCLIENT_ID!;
      target = process.env.GENESYSCLOUD_API_URL ? { GENESYSCLOUD_API_URL: process.env.GENESYSCLOUD_API_URL } : { GENESYSCLOUD_REGION: process.env.GENESYSCLOUD_REGION! };
    } else {
      sandbox = await startSandbox({ port: 0 });
      clientId = sandbox.adminClient.id;
      target = { GENESYSCLOUD_API_URL: sandbox.url };
    }
  });
  afterAll(() => sandbox?.close());

  const wrongSecretEnv = () => ({ ...target, GENESYSCLOUD_OAUTHCLIENT_ID: clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: WRONG });
  const forbidden = () => [WRONG, Buffer.from(`${clientId}:${WRONG}`).toString('base64'), encodeURIComponent(WRONG)];

  it('a wrong secret: exactly one line naming GENESYSCLOUD_OAUTHCLIENT_SECRET, exit non-zero, nothing on stdout', async () => {
    const r = await run(['whoami'], wrongSecretEnv());
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('GENESYSCLOUD_OAUTHCLIENT_SECRET');
    expect(r.stderr).toMatch(/^error: /);
    for (const s of forbidden()) expect(r.stderr).not.toContain(s);
  });

  it('a wrong secret with --json: one JSON error document on stdout, the same one line on stderr, no secret', async () => {
    const r = await run(['whoami', '--json'], wrongSecretEnv());
    expect(r.code).not.toBe(0);
    const doc = JSON.parse(r.stdout) as { error: { status: number; code: string; hint: string } };
    expect(doc.error).toMatchObject({ status: 401, code: 'invalid_client' });
    expect(doc.error.hint).toContain('GENESYSCLOUD_OAUTHCLIENT_SECRET');
    expect(lines(r.stderr)).toHaveLength(1);
    for (const s of forbidden()) expect(r.stdout + r.stderr).not.toContain(s);
  });
});

/**
 * The same promises for the other failures and for success, through `main()` in this process
 * (the child-process runs above already prove the wiring of bin → main; these need no new one).
 */
describe('CLI in-process: other settings to fix, and whoami itself', () => {
  let sandbox: StartedSandbox | undefined;
  const saved = { ...process.env };
  beforeAll(async () => {
    if (!LIVE) sandbox = await startSandbox({ port: 0 });
  });
  afterAll(async () => {
    await sandbox?.close();
  });
  afterEach(() => {
    for (const k of ENV_NAMES.concat('PRESENCE_KIT_RATE_LIMIT')) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
    setDebug(false);
    vi.restoreAllMocks();
  });

  async function runMain(args: string[], env: Record<string, string>): Promise<Run> {
    for (const k of ENV_NAMES) delete process.env[k];
    Object.assign(process.env, env);
    let stdout = '';
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((c: unknown) => ((stdout += String(c)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((c: unknown) => ((stderr += String(c)), true));
    const code = await main(['node', 'presence-kit', ...args]);
    vi.restoreAllMocks();
    return { code, stdout, stderr: stripAnsi(stderr) };
  }

  // The child-process runs above prove bin → main; --debug only adds lines inside main, so it is
  // proven here, in process, which keeps this file from spawning two more CLIs.
  it.skipIf(LIVE).each([[['whoami', '--debug']], [['--debug', 'whoami', '--json']]])('a wrong secret with %j: debug lines, still one error line, no secret', async (args) => {
    const clientId = sandbox!.adminClient.id;
    const r = await runMain(args, { GENESYSCLOUD_API_URL: sandbox!.url, GENESYSCLOUD_OAUTHCLIENT_ID: clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: WRONG });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('[debug] POST /oauth/token');
    expect(lines(r.stderr).filter((l) => l.startsWith('error: '))).toHaveLength(1);
    expect(r.stderr).toContain('GENESYSCLOUD_OAUTHCLIENT_SECRET');
    if (args.includes('--json')) expect(JSON.parse(r.stdout)).toMatchObject({ error: { status: 401, code: 'invalid_client' } });
    for (const s of [WRONG, Buffer.from(`${clientId}:${WRONG}`).toString('base64'), encodeURIComponent(WRONG)]) expect(r.stdout + r.stderr).not.toContain(s);
  });

  it('a missing secret: one line naming the variable, before any network call', async () => {
    const r = await runMain(['whoami'], { GENESYSCLOUD_REGION: 'eu-west-1', GENESYSCLOUD_OAUTHCLIENT_ID: 'some-client' });
    expect(r.code).not.toBe(0);
    expect(lines(r.stderr)).toEqual([expect.stringContaining('GENESYSCLOUD_OAUTHCLIENT_SECRET is not set')]);
  });

  it('an unknown region: one line listing the valid names', async () => {
    const r = await runMain(['whoami'], { GENESYSCLOUD_REGION: 'eu-north-7', GENESYSCLOUD_OAUTHCLIENT_ID: 'x', GENESYSCLOUD_OAUTHCLIENT_SECRET: WRONG });
    expect(r.code).not.toBe(0);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('GENESYSCLOUD_REGION');
    expect(r.stderr).toContain('eu-west-1');
    expect(r.stderr).toContain('ap-northeast-3');
  });

  it('a gateway where nothing listens: one line saying to start the sandbox', async () => {
    const r = await runMain(['whoami'], { GENESYSCLOUD_API_URL: 'http://127.0.0.1:9', GENESYSCLOUD_OAUTHCLIENT_ID: 'x', GENESYSCLOUD_OAUTHCLIENT_SECRET: WRONG });
    expect(r.code).not.toBe(0);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain('ECONNREFUSED');
    expect(r.stderr).toContain('presence-kit sandbox');
    expect(r.stderr).not.toContain(WRONG);
  });

  it('the right secret: whoami prints the target, client id, token OK and the rate budget — and not the secret', async () => {
    const env: Record<string, string> = LIVE
      ? Object.fromEntries(ENV_NAMES.filter((k) => k.startsWith('GENESYSCLOUD_') && saved[k]).map((k) => [k, saved[k]!]))
      : { GENESYSCLOUD_API_URL: sandbox!.url, GENESYSCLOUD_OAUTHCLIENT_ID: sandbox!.adminClient.id, GENESYSCLOUD_OAUTHCLIENT_SECRET: sandbox!.adminClient.secret };
    const { GENESYSCLOUD_OAUTHCLIENT_ID: id, GENESYSCLOUD_OAUTHCLIENT_SECRET: secret } = env;
    const human = await runMain(['whoami'], { ...env, PRESENCE_KIT_RATE_LIMIT: '120' });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(id);
    expect(human.stdout).toMatch(/token:\s+OK/);
    expect(human.stdout).toContain('120 requests/min');
    const json = await runMain(['whoami', '--json', '--debug'], { ...env, PRESENCE_KIT_RATE_LIMIT: '120' });
    expect(json.code).toBe(0);
    const doc = JSON.parse(json.stdout) as { target: { kind: string; url?: string } };
    expect(doc).toMatchObject({ clientId: id, token: { ok: true }, budget: { requestsPerMinute: 120 } });
    if (!LIVE) {
      expect(human.stdout).toContain(sandbox!.url);
      expect(doc.target).toEqual({ kind: 'gateway', url: sandbox!.url });
    }
    expect(json.stderr).toContain('[debug] logged in');
    for (const out of [human.stdout, human.stderr, json.stdout, json.stderr]) expect(out).not.toContain(secret);
  });
});
