import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { BIN } from '../helpers/terminal.js';
import type { Exchange } from '../../src/sandbox/server.js';
import { describeSandbox, inventory, openTestTarget, type TestTarget } from '../helpers/target.js';
import { cleanEnv } from './wizard-helpers.js';

/**
 * Ctrl-C (or SIGTERM) during a command that writes: no new write starts, the one in flight is
 * answered and recorded, the lock is released, and the run ends in one line (one JSON document
 * with --json) with code `interrupted`, exit 130 (143). The next run converges, leaving nothing
 * behind. The signal is sent after the sandbox answered the Nth write — a request count, not a time.
 */
const KINDS = ['roles', 'oauthClients', 'credentials', 'integrations', 'actions', 'flows', 'datatables', 'triggers'] as const;

describeSandbox('control API (request counts)', 'interrupting apply, destroy, setup --yes and the sandbox', () => {
  let t: TestTarget;
  let dir: string;
  beforeEach(async () => {
    t = await openTestTarget();
    dir = mkdtempSync(join(tmpdir(), 'pk-interrupt-'));
  });
  afterEach(() => t?.close());

  const env = () => cleanEnv({ GENESYSCLOUD_OAUTHCLIENT_ID: t.connection.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: t.connection.clientSecret, GENESYSCLOUD_API_URL: t.connection.gatewayUrl! });

  /**
   * Runs `presence-kit ARGS` in `dir` and sends `signal` once the sandbox has answered its `nth`
   * write (or the first write `nth` matches); with `again`, a second one that many writes later.
   */
  function interruptAt(
    args: string[],
    nth: number | ((e: Exchange) => boolean),
    signal: 'SIGINT' | 'SIGTERM' = 'SIGINT',
    again?: number,
  ): Promise<{ code: number | null; stdout: string; stderr: string; sent: boolean }> {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let writes = 0;
    let sentAt: number | undefined;
    const off = t.sandbox!.onExchange((e) => {
      if (e.internal || e.method === 'GET' || !e.path.startsWith('/api/v2/')) return;
      writes++;
      if (sentAt === undefined && (typeof nth === 'number' ? writes === nth : nth(e))) {
        sentAt = writes;
        child.kill(signal);
      } else if (again !== undefined && sentAt !== undefined && writes === sentAt + again) child.kill(signal);
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    return new Promise((resolve) =>
      child.on('close', (code) => {
        off();
        resolve({ code, stdout, stderr, sent: sentAt !== undefined });
      }),
    );
  }

  /** Entity names per kind, sorted: equal before and after means nothing was left behind. */
  const namesOf = async () => {
    const inv = await inventory(t);
    return Object.fromEntries(KINDS.map((k) => [k, (inv[k] ?? []).map((e) => e.name ?? e.id).sort()]));
  };

  const inDir = async <T>(fn: () => Promise<T>): Promise<T> => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      return await fn();
    } finally {
      process.chdir(cwd);
    }
  };

  it.each([
    [1, 'SIGINT', 130],
    [4, 'SIGINT', 130],
    [9, 'SIGINT', 130],
    [2, 'SIGTERM', 143],
  ] as const)('apply, signalled after write %i (%s): interrupted, exit %i, lock released; the next apply converges, destroy leaves nothing', async (nth, signal, exit) => {
    const baseline = await namesOf();
    const r = await interruptAt(['apply', '--yes', '--blueprint', 'communicate-call', '--json'], nth, signal);
    expect(r.sent).toBe(true);
    expect(r.code, r.stderr).toBe(exit);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'interrupted', message: expect.stringMatching(/^interrupted \((Ctrl-C|SIGTERM)\): apply stopped after \d+ of \d+ steps, none left half-done/) } });
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^interrupted \((Ctrl-C|SIGTERM)\): apply stopped after/);
    expect(existsSync(join(dir, '.presence-kit', 'lock-holder.json'))).toBe(false);
    expect(existsSync(join(dir, '.presence-kit', 'state.json.lock'))).toBe(false);

    await inDir(async () => {
      const again = await runCli(t, 'apply', '--yes', '--blueprint', 'communicate-call', '--json');
      expect(again.code, again.stderr).toBe(0);
      expect(JSON.parse((await runCli(t, 'apply', '--yes', '--blueprint', 'communicate-call', '--json')).stdout).writes).toBe(0);
      // Nothing made twice: each name once per kind.
      for (const list of Object.values(await namesOf())) expect(new Set(list).size).toBe(list.length);
      expect((await runCli(t, 'destroy', '--yes', '--json')).code).toBe(0);
    });
    expect(await namesOf()).toEqual(baseline);
  });

  it('a second Ctrl-C exits at once, naming the write that may be half-done; the next apply still converges', async () => {
    const baseline = await namesOf();
    // The first while an integration is being made (its create, then its configuration, in one
    // step); the second at that step's next write, so it is still in flight.
    const r = await interruptAt(['apply', '--yes', '--blueprint', 'communicate-call'], (e) => e.method === 'POST' && e.template === '/api/v2/integrations', 'SIGINT', 1);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^interrupted again \(Ctrl-C\): exited at once — integration ".+" may be half-done; run presence-kit apply again to converge$/)]);
    await inDir(async () => {
      // The dead run's lock is taken over (its process is gone); what it half-did is found and finished.
      const again = await runCli(t, 'apply', '--yes', '--blueprint', 'communicate-call', '--json');
      expect(again.code, again.stderr).toBe(0);
      for (const list of Object.values(await namesOf())) expect(new Set(list).size).toBe(list.length);
      expect((await runCli(t, 'destroy', '--yes')).code).toBe(0);
    });
    expect(await namesOf()).toEqual(baseline);
  });

  it('destroy, signalled after its second delete: interrupted, exit 130, lock released; destroy again leaves nothing', async () => {
    const baseline = await namesOf();
    await inDir(async () => expect((await runCli(t, 'apply', '--yes', '--blueprint', 'communicate-call')).code).toBe(0));
    const r = await interruptAt(['destroy', '--yes'], 2);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr.trim().split('\n').at(-1)).toMatch(/^interrupted \(Ctrl-C\): destroy stopped after \d+ of \d+ steps/);
    expect(existsSync(join(dir, '.presence-kit', 'lock-holder.json'))).toBe(false);
    await inDir(async () => expect((await runCli(t, 'destroy', '--yes')).code).toBe(0));
    expect(await namesOf()).toEqual(baseline);
  });

  it('setup --yes on an org, signalled after its third write: interrupted, exit 130, lock released; setup --yes again converges', async () => {
    const r = await interruptAt(['setup', '--yes', '--blueprint', 'communicate-call'], 3);
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^interrupted \(Ctrl-C\): apply stopped after \d+ of \d+ steps, none left half-done/)]);
    expect(existsSync(join(dir, '.presence-kit', 'lock-holder.json'))).toBe(false);
    const again = await interruptAt(['setup', '--yes', '--blueprint', 'communicate-call'], Number.POSITIVE_INFINITY); // never signalled
    expect(again.code, again.stderr).toBe(0);
    for (const list of Object.values(await namesOf())) expect(new Set(list).size).toBe(list.length);
    await inDir(async () => expect(JSON.parse((await runCli(t, 'apply', '--yes', '--blueprint', 'communicate-call', '--json')).stdout).writes).toBe(0));
  });
});

describeSandbox('its own process', 'interrupting `presence-kit sandbox`', () => {
  it.each([
    [0, 'SIGINT', 130],
    [3, 'SIGINT', 130],
    [2, 'SIGTERM', 143],
  ] as const)('after %i answered requests, %s: one line (JSON with --json), code interrupted, exit %i, its org saved', async (requests, signal, exit) => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-interrupt-sandbox-'));
    const data = join(dir, 'org.json');
    const child = spawn(process.execPath, [BIN, 'sandbox', '--port', '0', '--json', '--data', data], { cwd: dir, env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const info = await new Promise<{ url: string }>((resolve) =>
      child.stdout.on('data', (d) => {
        stdout += d;
        if (stdout.includes('\n') && !stdout.slice(0, stdout.indexOf('\n')).includes('"error"')) resolve(JSON.parse(stdout.slice(0, stdout.indexOf('\n'))) as { url: string });
      }),
    );
    for (let i = 0; i < requests; i++) expect((await fetch(`${info.url}/sandbox/v1/inventory`)).status).toBe(200);
    child.kill(signal);
    expect(await closed).toBe(exit);
    const rest = stdout.slice(stdout.indexOf('\n') + 1);
    expect(JSON.parse(rest)).toMatchObject({ error: { code: 'interrupted', message: expect.stringMatching(/^interrupted \((Ctrl-C|SIGTERM)\): sandbox stopped, its org saved in /) } });
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(existsSync(data)).toBe(true);
  });
});
