import type { Time } from '../../src/genesys/time.js';

/**
 * Time that skips ahead instead of sleeping, for a client and a sandbox rate limiter that share it:
 * it runs with real time, and a sleep does not wait — the earliest sleeper is woken on the next
 * turn of the event loop with the clock moved on to its wake-up time. Sleeps that overlap in real
 * life overlap here too (two 2-second waits begun together move the clock 2 seconds, not 4), and
 * time never runs backwards, so a limiter on this time refills exactly as much as the waits
 * asked for. A client that does not wait out a Retry-After moves nothing, and is still refused.
 */
export class SkippingTime implements Time {
  private skipped = 0;
  /** Milliseconds of waiting skipped (what the test did not spend). */
  get skippedMs(): number {
    return this.skipped;
  }
  private sleepers: { wake: number; resolve: () => void }[] = [];
  private scheduled = false;

  now = (): number => Date.now() + this.skipped;

  sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      this.sleepers.push({ wake: this.now() + Math.max(0, ms), resolve });
      this.wakeNextSoon();
    });

  private wakeNextSoon(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.sleepers.sort((a, b) => a.wake - b.wake);
      const next = this.sleepers.shift();
      if (!next) return;
      const ahead = next.wake - this.now();
      if (ahead > 0) this.skipped += ahead;
      next.resolve();
      if (this.sleepers.length) this.wakeNextSoon();
    });
  }
}
