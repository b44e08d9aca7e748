/**
 * The time the client paces and waits by: its request budget, a 429's Retry-After, the backoff
 * between retries. Real time for everyone; a test that must see many Retry-After waits (the
 * rate-limit sweep) gives the client and the sandbox's limiter one shared time that skips ahead
 * instead of sleeping, so the 429s stay real and the minutes of waiting do not.
 */
export interface Time {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** Date.now and setTimeout, looked up at each call (so test fake timers still apply). */
export const REAL_TIME: Time = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((r) => setTimeout(r, ms)),
};
