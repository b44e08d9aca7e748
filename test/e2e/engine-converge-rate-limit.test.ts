import { describe, expect } from 'vitest';
import { convergesAndRestores } from '../helpers/converge.js';
import { SkippingTime } from '../helpers/skipping-time.js';
import { control, itSandbox, withTestTarget } from '../helpers/target.js';

/**
 * At `--rate-limit 30` (30 calls a minute per access token, answered beyond that with Genesys's
 * 429 + Retry-After in whole seconds), over 20 sandbox seeds: every apply converges within two
 * runs, nothing is created twice, and destroy (also rate-limited) leaves the org exactly as it was.
 *
 * What the seed varies: the limiter is deterministic, so the seed does not decide when a 429
 * comes; it seeds the sandbox's generated org (its ids and seeded data), so each seed is a
 * different org the kit provisions into. Which of the client's concurrent calls wins a freed
 * token is decided by the client's retry jitter, which is not seeded.
 *
 * Time: the sandbox's limiter and the client share a `SkippingTime` — every wait the client makes
 * (Retry-After, its own budget, backoff) moves that time on instead of sleeping, and the limiter
 * refills by it. The 429s are the sandbox's real answers and the client must still wait each one
 * out (asserted from its retry log); only the minutes of wall-clock waiting (about two per seed
 * on an idle machine) are gone. Each seed has its own sandbox (own
 * buckets, own token) and its own time.
 */
const SEEDS = Array.from({ length: 20 }, (_, i) => i + 1);
const RATE_LIMIT = 30;

async function seedRun(seed: number): Promise<{ seed: number; throttled: number; shortWaits: number; skippedSeconds: number; reruns: string[] }> {
  const time = new SkippingTime();
  return withTestTarget({ rateLimit: RATE_LIMIT, seed, faults: 0, rateLimitNow: time.now }, async (t) => {
    // The client as a user runs it: its own budget is Genesys's default 300/min, so the
    // sandbox's 30/min is what holds it back, with real 429s.
    const client = await t.client({ time });
    // The no-op plan only reads the outcome; waiting out another minute of Retry-After would prove nothing more.
    const reruns = await convergesAndRestores(t, client, `seed ${seed}`, {
      lift: () => control(t, 'faults', { rateLimit: 0 }),
      restore: () => control(t, 'faults', { rateLimit: RATE_LIMIT }),
    });
    const waits = client.stats.retryLog.filter((r) => r.reason === '429');
    return {
      seed,
      throttled: waits.length,
      // A retry that did not wait out its Retry-After (on the shared time) would be the client cheating the limiter.
      shortWaits: waits.filter((w) => w.retryAfterSeconds === undefined || w.delayMs < w.retryAfterSeconds * 1000).length,
      skippedSeconds: Math.round(time.skippedMs / 1000),
      reruns,
    };
  });
}

describe('engine: converges under the rate limit', () => {
  itSandbox('rate limiter', `at --rate-limit ${RATE_LIMIT}, 20 seeds: apply converges within 2 runs, 0 duplicates, destroy restores the inventory`, async () => {
    // One seed after another: with nothing to wait for, each is a second or two of work, and a
    // seed run alone meets the limit at any machine speed (20 at once on a loaded machine could
    // each take long enough in real time for the bucket to refill between calls).
    const results: Awaited<ReturnType<typeof seedRun>>[] = [];
    for (const seed of SEEDS) results.push(await seedRun(seed));
    console.log(results.map((r) => `seed ${r.seed}: ${r.throttled} × 429, ${r.skippedSeconds} s of waiting skipped, ${r.reruns.length} re-run(s)${r.reruns.length ? ` (${r.reruns.join('; ')})` : ''}`).join('\n'));
    expect(results).toHaveLength(SEEDS.length);
    // A run that never met the limit proves nothing about coping with it.
    for (const r of results) expect(r.throttled, `seed ${r.seed}: 429s seen`).toBeGreaterThan(0);
    // …and every 429 was waited out for its whole Retry-After. (How much of that the shared time
    // skipped rather than slept depends on the machine's speed, so it is reported, not asserted.)
    for (const r of results) expect(r.shortWaits, `seed ${r.seed}: retries sooner than Retry-After`).toBe(0);
    // A safety net for a hang, not a margin (20 seeds of apply + destroy: minutes on a loaded machine).
  }, 1_800_000);
});
