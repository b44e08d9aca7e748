import { REAL_TIME, type Time } from './time.js';
import { waitingOn } from './waits.js';

/**
 * Client-side pacing, so presence-kit never *causes* a 429 storm: at most `concurrency` calls in
 * flight, at most `perMinute` started per minute (a token bucket), and after a 429 with
 * Retry-After no call starts until that moment has passed — every other call in flight would
 * otherwise meet the same 429.
 */
export class Throttle {
  private active = 0;
  private peak = 0;
  private waiters: Array<() => void> = [];
  private tokens: number;
  private last: number;
  private pausedUntil = 0;

  constructor(
    readonly concurrency: number,
    readonly perMinute: number,
    private readonly time: Time = REAL_TIME,
  ) {
    if (!Number.isInteger(concurrency) || concurrency < 1) throw new RangeError(`concurrency must be a whole number ≥ 1 (got ${concurrency})`);
    if (!(perMinute >= 0)) throw new RangeError(`requests per minute must be ≥ 0 (got ${perMinute}; 0 = no budget)`);
    // Genesys counts per access token and each run logs in afresh, so a run starts with a full minute.
    this.tokens = perMinute;
    this.last = time.now();
  }

  /** Calls in flight now, and the most ever in flight at once (tests, benchmarks). */
  get inFlight(): number {
    return this.active;
  }

  get peakInFlight(): number {
    return this.peak;
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      await this.pace();
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Holds back every call not yet started until `ms` from now (a 429's Retry-After). */
  pause(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, this.time.now() + ms);
  }

  private async acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
    } else {
      // The releasing call hands its slot over, so `active` stays the same.
      await new Promise<void>((r) => this.waiters.push(r));
    }
    this.peak = Math.max(this.peak, this.active);
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.active--;
  }

  private async pace(): Promise<void> {
    for (;;) {
      const now = this.time.now();
      if (now < this.pausedUntil) {
        const done = waitingOn(`rate limited by Genesys: holding calls for ${Math.ceil((this.pausedUntil - now) / 1000)} s, as its Retry-After asks`, this.pausedUntil - now);
        await this.time.sleep(this.pausedUntil - now).finally(done);
        continue;
      }
      if (this.perMinute <= 0) return;
      const rate = this.perMinute / 60_000;
      this.tokens = Math.min(this.perMinute, this.tokens + (now - this.last) * rate);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      const ms = Math.ceil((1 - this.tokens) / rate);
      const done = waitingOn(`client-side request budget: ${this.perMinute} requests/min (PRESENCE_KIT_RATE_LIMIT) — next call in ${Math.max(1, Math.round(ms / 1000))} s`, ms);
      await this.time.sleep(ms).finally(done);
    }
  }
}
