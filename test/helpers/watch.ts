import { vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { watchAbort } from '../../src/cli/commands/watch.js';
import type { TestTarget } from './target.js';

/** A running in-process `presence-kit watch … --json`: what it printed so far, a wait on it, and its stop. */
export interface RunningWatch {
  /** Each NDJSON line parsed (any other line as `{ text }`). */
  lines: Array<Record<string, unknown>>;
  /** Resolves once `pred` holds (checked after every write); throws with what it said if the watch ends first. */
  until(pred: () => boolean): Promise<void>;
  /** Ctrl-C: ends the watch, puts stdout/stderr, the directory and the environment back; its exit code. */
  stop(): Promise<number>;
}

/** Starts `presence-kit watch ARGS --json` against `t`, in `cwd` when given (its own `.presence-kit/`). */
export function startWatch(t: TestTarget, args: string[], cwd?: string): RunningWatch {
  const env = { GENESYSCLOUD_OAUTHCLIENT_ID: t.connection.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: t.connection.clientSecret, GENESYSCLOUD_API_URL: t.connection.gatewayUrl };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const back = process.cwd();
  if (cwd) process.chdir(cwd);
  const lines: Array<Record<string, unknown>> = [];
  let waiters: Array<() => void> = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(l.startsWith('{') ? (JSON.parse(l) as Record<string, unknown>) : { text: l });
    const w = waiters;
    waiters = [];
    w.forEach((f) => f());
    return true;
  });
  let stderr = '';
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  let ended: number | undefined;
  const running = main(['node', 'presence-kit', 'watch', ...args, '--json']).then((code) => {
    ended = code;
    waiters.forEach((f) => f());
    return code;
  });
  return {
    lines,
    async until(pred) {
      while (!pred()) {
        // A watch that ends early (an error) must fail the test with what it said, not hang it.
        if (ended !== undefined) throw new Error(`watch ended (exit ${ended}): ${stderr}\n${JSON.stringify(lines)}`);
        await new Promise<void>((r) => waiters.push(r));
      }
    },
    async stop() {
      watchAbort.current?.abort();
      const code = await running;
      spy.mockRestore();
      errSpy.mockRestore();
      process.chdir(back);
      process.exitCode = undefined;
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
      return code;
    },
  };
}
