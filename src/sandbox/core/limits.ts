import type { Rng } from './rng.js';

/**
 * Per-token request budget. A token bucket refilled continuously at `perMinute / 60` per second,
 * holding at most one minute's worth; an empty bucket answers 429 with the whole seconds until
 * the next request is allowed (Genesys's Retry-After). Real time by default, not the sandbox
 * clock: a pinned clock must not freeze the budget. A test that waits out many Retry-Afters gives
 * it the time its client waits by (`rateLimitNow`), one that skips ahead instead of sleeping.
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();
  private sweptAt = 0;
  constructor(
    public perMinute: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** 0 when allowed, else the Retry-After seconds. */
  take(key: string): number {
    if (this.perMinute <= 0) return 0;
    const now = this.now();
    const rate = this.perMinute / 60_000;
    const b = this.buckets.get(key) ?? { tokens: this.perMinute, at: now };
    b.tokens = Math.min(this.perMinute, b.tokens + (now - b.at) * rate);
    b.at = now;
    // Any bucket refills within a minute, so sweeping once a minute forgets every idle one.
    if (this.buckets.size > 1000 && now - this.sweptAt >= 60_000) this.forgetFull(now);
    this.buckets.set(key, b);
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }

  /** A bucket that has refilled is the same as none: forgetting it keeps one entry per token ever seen from piling up. */
  private forgetFull(now: number): void {
    this.sweptAt = now;
    const rate = this.perMinute / 60_000;
    for (const [k, b] of this.buckets) if (b.tokens + (now - b.at) * rate >= this.perMinute) this.buckets.delete(k);
  }
}

export type FaultKind = 'none' | '500' | '503' | '504' | 'reset';

/**
 * Injected failures, reproducible from the seed. 500/503/reset happen before the request is
 * handled; 504 happens after (the work was done, the answer lost — as with a real gateway
 * timeout), so clients must not blindly repeat non-idempotent calls.
 */
export class FaultInjector {
  /** A scripted storm: the next `count` API calls answer 429 with this Retry-After. */
  storm = { count: 0, retryAfterSeconds: 1 };
  constructor(
    public probability: number,
    private readonly rng: Rng,
  ) {}

  draw(): FaultKind {
    if (this.probability <= 0) return 'none';
    if (this.rng.next() >= this.probability) return 'none';
    return this.rng.pick(['500', '503', '504', 'reset'] as const);
  }

  takeStorm(): number {
    if (this.storm.count <= 0) return 0;
    this.storm.count -= 1;
    return this.storm.retryAfterSeconds;
  }
}
