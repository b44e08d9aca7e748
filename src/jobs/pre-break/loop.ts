import { nextAlignedTick } from './plan.js';
import type { TickResult } from './run.js';

/**
 * `--every 1m`: a long-lived loop. Ticks fall on multiples of the period (09:45:00, 09:46:00, …),
 * and each is evaluated as of its aligned instant, so a tick that starts a little late still looks
 * at exactly its own window and consecutive windows neither overlap nor leave gaps.
 *
 * Every aligned tick runs once, in order. After a slow tick (a 429 storm, a laptop waking up) the
 * missed ticks still run, late, because their agents' breaks are still ahead — skipping them
 * would silently miss those agents, the original Lambda's defect. Only ticks more than `maxLagMs`
 * behind are skipped (their breaks may already have started) and reported through `onSkip`.
 * A failed tick is reported and the loop goes on; the next tick covers its own window.
 */
export interface LoopHooks {
  signal?: AbortSignal;
  onTick(result: TickResult | undefined, error?: unknown): void;
  onSkip?(skipped: { from: number; to: number; count: number }): void;
  /** How late a tick may still run (default: never skip). */
  maxLagMs?: number;
  now?: () => number;
}

export async function runEvery(tick: (nowMs: number) => Promise<TickResult>, everyMs: number, hooks: LoopHooks): Promise<void> {
  const now = hooks.now ?? Date.now;
  const maxLag = hooks.maxLagMs ?? Infinity;
  let at = nextAlignedTick(now(), everyMs);
  while (!hooks.signal?.aborted) {
    if (!(await waitUntil(at, now, hooks.signal))) break;
    try {
      hooks.onTick(await tick(at));
    } catch (e) {
      hooks.onTick(undefined, e);
    }
    let next = at + everyMs;
    const oldestUseful = nextAlignedTick(now() - maxLag, everyMs);
    if (next < oldestUseful) {
      hooks.onSkip?.({ from: next, to: oldestUseful - everyMs, count: (oldestUseful - next) / everyMs });
      next = oldestUseful;
    }
    at = next;
  }
}

function waitUntil(at: number, now: () => number, signal?: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve(false);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    }, Math.max(0, at - now()));
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
