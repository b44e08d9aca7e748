/**
 * The sandbox's one clock. Token expiry, schedules, trigger delays and workflow waits all read it,
 * so a test can pin it (`--now`) and move it (`POST /sandbox/v1/clock`) and get the same answers
 * every time. Unpinned, it runs with real time plus an offset.
 */
interface Timer {
  id: number;
  at: number;
  fn: () => void | Promise<void>;
}

export class Clock {
  private pinnedAt: number | null;
  private offsetMs = 0;
  private timers: Timer[] = [];
  private nextId = 1;
  private realTimer: NodeJS.Timeout | null = null;

  constructor(now?: string | number) {
    this.pinnedAt = now === undefined ? null : new Date(now).getTime();
    if (this.pinnedAt !== null && Number.isNaN(this.pinnedAt)) throw new Error(`--now: not a date: ${now}`);
  }

  now(): number {
    return this.pinnedAt ?? Date.now() + this.offsetMs;
  }

  nowIso(): string {
    return new Date(this.now()).toISOString();
  }

  get pinned(): boolean {
    return this.pinnedAt !== null;
  }

  /** Moves time forward, running every timer that falls due on the way, in order. */
  async advance(ms: number): Promise<void> {
    const target = this.now() + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= target).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.setNow(Math.max(this.now(), due.at));
      try {
        await due.fn();
      } catch (e) {
        // One failing timer must not strand the ones due after it, nor (run from the real-time
        // timer) surface as an unhandled rejection that ends the sandbox process.
        if (process.env.PRESENCE_KIT_SANDBOX_DEBUG) console.error(e);
      }
    }
    // Never backwards: another advance running alongside (an API call's latency, a control
    // request) may already have carried the clock past this one's target.
    this.setNow(Math.max(this.now(), target));
    this.armRealTimer();
  }

  /**
   * Lets `ms` of sandbox time pass for one caller: on a pinned clock the caller moves the clock
   * itself (the world runs on while it waits, and nothing sleeps); on a free-running clock it waits
   * for a timer, which fires in real time.
   */
  async wait(ms: number): Promise<void> {
    if (ms <= 0) return;
    if (this.pinned) return this.advance(ms);
    await new Promise<void>((resolve) => this.after(ms, resolve));
  }

  /** Jumps to an instant (forward runs due timers; backward just moves). */
  async set(iso: string): Promise<void> {
    const at = new Date(iso).getTime();
    if (Number.isNaN(at)) throw new Error(`not a date: ${iso}`);
    if (at > this.now()) await this.advance(at - this.now());
    else this.setNow(at);
  }

  schedule(at: number, fn: () => void | Promise<void>): number {
    const id = this.nextId++;
    this.timers.push({ id, at, fn });
    this.armRealTimer();
    return id;
  }

  after(ms: number, fn: () => void | Promise<void>): number {
    return this.schedule(this.now() + ms, fn);
  }

  cancel(id: number): void {
    this.timers = this.timers.filter((t) => t.id !== id);
  }

  pendingTimers(): number {
    return this.timers.length;
  }

  stop(): void {
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = null;
    this.timers = [];
  }

  private setNow(at: number): void {
    if (this.pinnedAt !== null) this.pinnedAt = at;
    else this.offsetMs = at - Date.now();
  }

  /** With an unpinned clock, timers also fire on their own in real time. */
  private armRealTimer(): void {
    if (this.pinnedAt !== null) return;
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = null;
    const next = this.timers.reduce<number | null>((m, t) => (m === null || t.at < m ? t.at : m), null);
    if (next === null) return;
    this.realTimer = setTimeout(() => {
      void this.advance(0);
    }, Math.max(0, next - this.now()));
    this.realTimer.unref();
  }
}
