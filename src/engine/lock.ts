import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import { writeJsonAtomic } from '../util/atomic-file.js';
import { EngineError } from './errors.js';
import { ConfigError } from '../genesys/config.js';

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

const HolderSchema = z.object({ pid: z.number(), host: z.string(), command: z.string(), since: z.string(), lockIno: z.number().optional() });
type Holder = z.infer<typeof HolderSchema>;

/** How long a second run waits for the first (PRESENCE_KIT_LOCK_WAIT_SECONDS, default 120; 0 = do not wait). */
export const lockWaitSeconds = (env: Readonly<Record<string, string | undefined>> = process.env): number => {
  const raw = env.PRESENCE_KIT_LOCK_WAIT_SECONDS?.trim();
  if (!raw) return 120;
  if (!/^\d+(\.\d+)?$/.test(raw)) throw new ConfigError(`PRESENCE_KIT_LOCK_WAIT_SECONDS "${raw.slice(0, 40)}" is not a number of seconds ≥ 0 (default 120)`);
  return Number(raw);
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

/** The lock is held by another run (its own code: `lock`), or was lost while this run held it. */
export class LockError extends EngineError {
  constructor(message: string) {
    super(message);
    this.name = 'LockError';
  }
}

/** Set when this process's lock was taken from it (its directory removed or replaced): the run must stop before its next write. */
let lost: string | undefined;
/** The lock this process holds: its directory and that directory's inode when taken. */
let held: { lockDir: string; ino: number | undefined } | undefined;

/**
 * Throws when the lock this process holds was lost: called before every write of a locked run.
 * proper-lockfile notices a loss only at its next refresh (seconds later); the lock directory's
 * inode says it at once.
 */
export function assertLockHeld(): void {
  if (!lost && held && inode(held.lockDir) !== held.ino) lost = 'its directory was removed or replaced by another process';
  if (lost) throw new LockError(`${DIR}/ lock was lost while this run held it (${lost}) — another run may be writing; nothing more was written: check \`presence-kit status\`, then run again`);
}

const inode = (path: string): number | undefined => {
  try {
    return statSync(path).ino;
  } catch {
    return undefined;
  }
};

/**
 * Takes over the lock of a process of this host that no longer exists. Only the very lock
 * directory its holder file names (by inode) is removed, and by an atomic rename first: a run that
 * acquired a fresh lock in the meantime keeps it — no process ever removes a live lock.
 */
function takeOver(lockDir: string, h: Holder): void {
  if (h.lockIno === undefined || inode(lockDir) !== h.lockIno) return;
  const tomb = `${lockDir}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(lockDir, tomb);
  } catch {
    return;
  }
  if (inode(tomb) === h.lockIno) rmSync(tomb, { recursive: true, force: true });
  else
    try {
      renameSync(tomb, lockDir);
    } catch {
      rmSync(tomb, { recursive: true, force: true });
    }
}

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
      // Losing the lock (its directory removed or replaced under us) must not crash the run mid-write: it stops before the next one.
      release = await lockfile.lock(target, { ...opts, onCompromised: (e: Error) => void (lost = e.message.slice(0, 120)) });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ELOCKED') throw e;
      const h = readHolder(holderFile);
      // Held by a process of this host that no longer exists (kill -9): take it over now.
      if (h && h.host === hostname() && h.pid !== process.pid && !alive(h.pid)) {
        takeOver(lockDir, h);
        if (!existsSync(lockDir)) continue;
      }
      if (Date.now() + pause > deadline) {
        const who = h ? `presence-kit ${h.command} (pid ${h.pid} on ${h.host}, since ${h.since})` : 'another presence-kit run';
        throw new LockError(`${DIR}/ is locked by ${who} — wait for it to finish and run again (or set PRESENCE_KIT_LOCK_WAIT_SECONDS to wait longer)`);
      }
      await sleep(pause);
    }
  }
  lost = undefined;
  held = { lockDir, ino: inode(lockDir) };
  writeJsonAtomic(holderFile, { pid: process.pid, host: hostname(), command, since: new Date().toISOString(), lockIno: held.ino } satisfies Holder);
  try {
    const out = await fn();
    assertLockHeld();
    return out;
  } finally {
    held = undefined;
    // A lost lock's holder file may be the new holder's now: leave it.
    if (!lost) rmSync(holderFile, { force: true });
    await release().catch(() => undefined);
  }
}
