import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { TestTarget } from './target.js';

export interface CliRun {
  code: number;
  /** What the command printed after its target line (the line is in `target`). */
  stdout: string;
  stderr: string;
  /**
   * The `target: …` line every command that reaches an org prints first (on stdout, on stderr with
   * --json), taken out of stdout/stderr so tests of what follows read as before; cli-target.test.ts
   * holds the line itself.
   */
  target?: string;
}

/** Takes a leading `target: …` line off one stream (only the first line, only once). */
export function splitTarget(text: string): { rest: string; target?: string } {
  const m = /^target: [^\n]*\n/.exec(text);
  return m ? { rest: text.slice(m[0].length), target: m[0].trimEnd() } : { rest: text };
}

/**
 * Runs the CLI in-process, as `presence-kit ARGS` would run: what a user would see on stdout and
 * stderr, and the exit code. With a target, against that org (its GENESYSCLOUD_* set for the run
 * and restored after); without, with the environment as it is (e.g. commands that need no org).
 */
export async function runCli(target: TestTarget | undefined, ...args: string[]): Promise<CliRun> {
  const env: Record<string, string | undefined> = target
    ? { GENESYSCLOUD_OAUTHCLIENT_ID: target.connection.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: target.connection.clientSecret, GENESYSCLOUD_API_URL: target.connection.gatewayUrl }
    : {};
  return runCliWithEnv(env, ...args);
}

/**
 * `presence-kit ARGS` run by a user in directory `cwd` (its `.presence-kit/`), against `target`, with
 * `env` on top — several working directories against one org, in one test. No pacing: the sandbox
 * of these tests has no rate limit either.
 */
export async function runCliIn(cwd: string, target: TestTarget, env: Record<string, string | undefined>, ...args: string[]): Promise<CliRun> {
  const back = process.cwd();
  process.chdir(cwd);
  try {
    return await runCliWithEnv(
      { GENESYSCLOUD_OAUTHCLIENT_ID: target.connection.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: target.connection.clientSecret, GENESYSCLOUD_API_URL: target.connection.gatewayUrl, PRESENCE_KIT_RATE_LIMIT: '0', ...env },
      ...args,
    );
  } finally {
    process.chdir(back);
  }
}

/**
 * The same, with these environment variables set for the run (undefined: unset for the run) and
 * put back after.
 */
export async function runCliWithEnv(env: Record<string, string | undefined>, ...args: string[]): Promise<CliRun> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete process.env[k];
  else process.env[k] = v;
  let stdout = '';
  let stderr = '';
  const o = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  const e = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
  try {
    const code = await main(['node', 'presence-kit', ...args]);
    const out = splitTarget(stdout);
    const err = out.target ? { rest: stderr } : splitTarget(stderr);
    return { code, stdout: out.rest, stderr: err.rest, target: out.target ?? err.target };
  } finally {
    o.mockRestore();
    e.mockRestore();
    // A command that reports a failure through process.exitCode must not fail the test runner.
    process.exitCode = undefined;
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
}
