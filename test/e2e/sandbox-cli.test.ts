import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { main } from '../../src/cli/main.js';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/server.js';

/**
 * `presence-kit sandbox` as a user starts it: the URL and admin client it prints work with the
 * official SDK, the secret is printed only when the sandbox made it up, and SIGTERM stops it as an
 * interrupted program ends (exit 143, one line; cli-interrupt.test.ts has Ctrl-C and --json). Bad flags and an unusable port, host or --data file are one line naming the flag,
 * with a non-zero exit, before anything listens. No org is involved, so nothing skips on a live one.
 */
const BIN = resolve(__dirname, '../../bin/presence-kit.mjs');

interface Started {
  stdout: string;
  stop(): Promise<{ code: number | null; stderr: string }>;
}

/** Starts the CLI and resolves once it printed its first full answer on stdout. */
function startCli(args: string[], waitFor: RegExp): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'sandbox', ...args], { cwd: mkdtempSync(join(tmpdir(), 'pk-sbcli-')), env: { ...process.env, NO_COLOR: '1' } });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  return new Promise((ready, fail) => {
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      if (waitFor.test(stdout)) ready({ stdout, stop: async () => (child.kill('SIGTERM'), { code: await exited, stderr }) });
    });
    void exited.then((code) => fail(new Error(`sandbox exited (${code}) before it was ready: ${stderr}`)));
  });
}

describe.concurrent('presence-kit sandbox (a child process, as a user runs it)', () => {
  it('prints its URL, admin client id and the generated secret, which log in; SIGTERM stops it: exit 143, one line with the code interrupted', async () => {
    const sb = await startCli(['--port', '0', '--users', '3'], /Ctrl-C stops it/);
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(sb.stdout)![1]!;
    const id = /admin client id:\s+(\S+)/.exec(sb.stdout)![1]!;
    const secret = /admin client secret:\s+(\S+)/.exec(sb.stdout)![1]!;
    expect(sb.stdout).toContain(`export GENESYSCLOUD_API_URL=${url}`);
    const c = await GenesysClient.connect({ clientId: id, clientSecret: secret, gatewayUrl: url });
    expect((await c.request<{ total: number }>('GET', '/api/v2/users')).total).toBe(3);
    const stopped = await sb.stop();
    expect(stopped.code).toBe(143);
    expect(stopped.stderr).toBe('interrupted (SIGTERM): sandbox stopped\n');
  });

  it('bound beyond loopback (--host 0.0.0.0) it says so on stderr; on 127.0.0.1 it says nothing', async () => {
    const open = await startCli(['--port', '0', '--users', '1', '--host', '0.0.0.0'], /Ctrl-C stops it/);
    const { stderr } = await open.stop();
    expect(stderr).toMatch(/^warning: --host 0\.0\.0\.0 is not a loopback address: anyone who can reach this machine can use the sandbox org/);
    const local = await startCli(['--port', '0', '--users', '1'], /Ctrl-C stops it/);
    expect((await local.stop()).stderr).not.toMatch(/warning/);
  });

  it('with --admin-client-id/--admin-client-secret given: --json carries the id and never the secret', async () => {
    const secret = 'given-secret-Qm42xYzzPP0';
    const sb = await startCli(['--port', '0', '--users', '1', '--json', '--admin-client-id', 'pk-admin', '--admin-client-secret', secret], /\}\n/);
    const info = JSON.parse(sb.stdout) as { url: string; adminClientId: string; adminClientSecret?: string };
    expect(info).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), adminClientId: 'pk-admin' });
    await GenesysClient.connect({ clientId: 'pk-admin', clientSecret: secret, gatewayUrl: info.url });
    const { code, stderr } = await sb.stop();
    expect(code).toBe(143);
    expect(sb.stdout + stderr).not.toContain(secret);
  });

  it('--profile production --seed N starts Genesys on its worst day, drawn from that seed', async () => {
    const sb = await startCli(['--port', '0', '--users', '1', '--json', '--profile', 'production', '--seed', '42'], /\}\n/);
    const info = JSON.parse(sb.stdout) as { url: string };
    const profile = (await (await fetch(`${info.url}/sandbox/v1/profile`)).json()) as { name: string; seed: number };
    expect(profile).toMatchObject({ name: 'production', seed: 42 });
    // Stopped by SIGTERM: an interrupted program's exit (issue 24), as the other cases here.
    expect((await sb.stop()).code).toBe(143);
  });
});

describe('presence-kit sandbox refuses bad input: one line naming the flag, non-zero exit, nothing started', () => {
  let busy: StartedSandbox;
  const dir = mkdtempSync(join(tmpdir(), 'pk-sbcli-bad-'));
  beforeAll(async () => {
    busy = await startSandbox({ port: 0, users: 1 });
  });
  afterAll(() => busy.close());
  afterEach(() => vi.restoreAllMocks());

  async function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((c: unknown) => ((stdout += String(c)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((c: unknown) => ((stderr += String(c)), true));
    const code = await main(['node', 'presence-kit', 'sandbox', ...args]);
    vi.restoreAllMocks();
    return { code, stdout, stderr: stderr.replace(/\x1b\[[0-9;]*m/g, '') };
  }

  const corrupt = join(dir, 'corrupt.json');
  const foreign = join(dir, 'foreign.json');
  writeFileSync(corrupt, '{"roles": [');
  writeFileSync(foreign, '{"roles": 5}');

  it.each([
    [['--port', 'abc'], '--port must be a whole number from 0 to 65535'],
    [['--port', '1.5'], '--port must be a whole number'],
    [['--port', '70000'], '--port must be a whole number'],
    [['--users', '2.5'], '--users must be a whole number'],
    [['--rate-limit', '-1'], '--rate-limit must be a whole number'],
    [['--faults', '2'], '--faults must be a probability from 0 to 1'],
    [['--faults', 'often'], '--faults must be a probability from 0 to 1'],
    [['--now', 'tomorrow'], '--now must be an ISO-8601 instant'],
    [['--profile', 'worst'], '--profile must be default or production, not "worst"'],
    [['--wfm-management-units', '0'], '--wfm-management-units must be a whole number from 1'],
    [['--port', '0', '--host', 'no-such-host.invalid'], '--host no-such-host.invalid: cannot listen there'],
    [['--port', '0', '--data', corrupt], `--data ${corrupt} is not a sandbox org file (not valid JSON): restore it, or delete it`],
    [['--port', '0', '--data', foreign], `--data ${foreign} is not a sandbox org file`],
    [['--port', '0', '--data', join(corrupt, 'below-a-file.json')], 'choose a file in a folder you can write to'],
  ])('%j', async (args, message) => {
    const r = await run(args);
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([expect.stringContaining(message)]);
  });

  it('a port already in use names --port and the way out', async () => {
    const r = await run(['--port', new URL(busy.url).port]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`error: port ${new URL(busy.url).port} on 127.0.0.1 is already in use: stop what listens there, or choose another with --port (0 = any free port)`);
  });
});
