import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { writeJsonAtomic } from '../util/atomic-file.js';
import { EngineError } from './errors.js';

/**
 * One writer at a time per state directory: `apply`, `destroy` and `state rebuild` hold an
 * exclusive lock (proper-lockfile: an atomic `mkdir`, its mtime refreshed while held, so a lock
 * left by a killed process goes stale) from their plan to their last write. Beside it, who holds
 * it (pid, host, command, since) — for the message a second run gets, and to take over at once a
 * lock whose process on this host is gone. A second run waits a bounded time, then stops with one
 * line naming the holder. The lock is per directory, not per org: runs on other machines sharing a
 * deployment are not serialised (see the README).
 */
const DIR = '.presence-kit';
const TARGET = 'state.lock';

const HolderSchema = z.object({ pid: z.number(), host: z.string(), command: z.string(), since: z.string() });
type Holder = z.infer<typeof HolderSchema>;

/** How long a second run waits for the first (PRESENCE_KIT_LOCK_WAIT_SECONDS, default 120; 0 = do not wait). */
export const lockWaitSeconds = (env: Readonly<Record<string, string | undefined>> = process.env): number => {
  const v = Number(env.PRESENCE_KIT_LOCK_WAIT_SECONDS ?? 120);
  return Number.isFinite(v) && v >= 0 ? v : 120;
};

/** A lock untouched this long belongs to a process that died (proper-lockfile refreshes it every stale/2). */
const STALE_MS = 10_000;

function readHolder(file: string): Holder | undefined {
  try {
    return HolderSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function withLock<T>(workDir: string, command: string, fn: () => Promise<T>, waitSeconds = lockWaitSeconds()): Promise<T> {
  const dir = join(workDir, DIR);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const target = join(dir, TARGET);
  const lockDir = `${target}.lock`;
  const holderFile = join(dir, 'lock-holder.json');
  const opts = { realpath: false, stale: STALE_MS, lockfilePath: lockDir } as const;
  const deadline = Date.now() + waitSeconds * 1000;
  let release: (() => Promise<void>) | undefined;
  for (let pause = 50; !release; pause = Math.min(pause * 2, 1000)) {
    try {
      release = await lockfile.lock(target, { ...opts, onCompromised: () => undefined });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      const h = readHolder(holderFile);
      // Held by a process of this host that no longer exists (kill -9): take it over now.
      if (h && h.host === hostname() && h.pid !== process.pid && !alive(h.pid) && existsSync(lockDir)) {
        rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() + pause > deadline) {
        const who = h ? `presence-kit ${h.command} (pid ${h.pid} on ${h.host}, since ${h.since})` : 'another presence-kit run';
        throw new EngineError(`${DIR}/ is locked by ${who} — wait for it to finish and run again (or set PRESENCE_KIT_LOCK_WAIT_SECONDS to wait longer)`);
      }
      await sleep(pause);
    }
  }
  writeJsonAtomic(holderFile, { pid: process.pid, host: hostname(), command, since: new Date().toISOString() } satisfies Holder);
  try {
    return await fn();
  } finally {
    rmSync(holderFile, { force: true });
    await release().catch(() => undefined);
  }
}
