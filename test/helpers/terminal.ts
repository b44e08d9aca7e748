import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/server.js';

/**
 * `presence-kit ARGS` as a child process, on a real pseudo-terminal (util-linux `script`) or
 * through pipes: what a user sees (stdout and stderr together on a terminal), and the exit code.
 * The environment starts without any GENESYSCLOUD_*, PRESENCE_KIT_*, NO_COLOR or FORCE_COLOR.
 */
export const BIN = resolve(__dirname, '../../bin/presence-kit.mjs');

export const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

export interface TerminalRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function runBin(args: string[], env: Record<string, string>, opts: { terminal: boolean; cwd?: string }): Promise<TerminalRun> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(NO_COLOR|FORCE_COLOR|GENESYSCLOUD_|PRESENCE_KIT_|CI$)/.test(k))) as Record<string, string>;
  const command = [process.execPath, BIN, ...args].map(quote).join(' ');
  const [file, argv] = opts.terminal ? ['script', ['-qec', command, '/dev/null']] : [process.execPath, [BIN, ...args]];
  const cwd = opts.cwd ?? mkdtempSync(join(tmpdir(), 'pk-term-'));
  return new Promise((done) =>
    execFile(file as string, argv as string[], { env: { ...base, TERM: 'xterm-256color', ...env }, cwd, timeout: 120_000 }, (err, stdout, stderr) =>
      done({ code: err ? Number(err.code) || 1 : 0, stdout, stderr }),
    ),
  );
}

/** The connection variables that make a child `presence-kit` act as a sandbox's admin client. */
export const adminEnv = (sandbox: { url: string; adminClient: { id: string; secret: string } }): Record<string, string> => ({
  GENESYSCLOUD_API_URL: sandbox.url,
  GENESYSCLOUD_OAUTHCLIENT_ID: sandbox.adminClient.id,
  GENESYSCLOUD_OAUTHCLIENT_SECRET: sandbox.adminClient.secret,
});

/** A sandbox for this describe block (started before its tests, closed after) and the env of its admin. */
export function useAdminSandbox(): { readonly url: string; readonly env: Record<string, string> } {
  let sandbox: StartedSandbox | undefined;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
  });
  afterAll(() => sandbox?.close());
  return {
    get url() {
      return sandbox!.url;
    },
    get env() {
      return adminEnv(sandbox!);
    },
  };
}
