/**
 * Client-side pacing: at most `concurrency` calls in flight and at most `perMinute` started per
 * minute (token bucket), so presence-kit never *causes* a 429 storm.
 */
export class Throttle {
  private active = 0;
  private waiters: Array<() => void> = [];
  private tokens: number;
  private last = Date.now();

  constructor(
    readonly concurrency: number,
    readonly perMinute: number,
  ) {
    // Genesys counts per access token and each run logs in afresh, so a run starts with a full minute.
    this.tokens = perMinute;
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

  private async acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return;
    }
    await new Promise<void>((r) => this.waiters.push(r));
  }

  private release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.active--;
  }

  private async pace(): Promise<void> {
    if (this.perMinute <= 0) return;
    const rate = this.perMinute / 60_000;
    for (;;) {
      const now = Date.now();
      this.tokens = Math.min(this.perMinute, this.tokens + (now - this.last) * rate);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      await new Promise((r) => setTimeout(r, Math.ceil((1 - this.tokens) / rate)));
    }
  }
}
