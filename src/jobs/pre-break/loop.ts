import type { GenesysClient } from '../../genesys/client.js';
import { nextAlignedTick } from './plan.js';
import { runTick, type TickOptions, type TickResult } from './run.js';

/**
 * `--every 1m`: a long-lived loop. Ticks fall on multiples of the period (09:45:00, 09:46:00, …),
 * and each is evaluated as of its aligned instant, so a tick that starts a little late still looks
 * at exactly its own window and consecutive windows neither overlap nor leave gaps. A failed tick
 * is reported and the loop goes on; the next tick covers its own window.
 */
export async function runEvery(
  client: GenesysClient,
  opts: TickOptions,
  everyMs: number,
  hooks: { signal?: AbortSignal; onTick(result: TickResult | undefined, error?: unknown): void; now?: () => number },
): Promise<void> {
  const now = hooks.now ?? Date.now;
  while (!hooks.signal?.aborted) {
    const at = nextAlignedTick(now(), everyMs);
    const waited = await waitUntil(at, now, hooks.signal);
    if (!waited) break;
    try {
      hooks.onTick(await runTick(client, { ...opts, nowMs: at }));
    } catch (e) {
      hooks.onTick(undefined, e);
    }
    // Never run the same aligned tick twice.
    if (now() < at + 1) await waitUntil(at + 1, now, hooks.signal);
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
