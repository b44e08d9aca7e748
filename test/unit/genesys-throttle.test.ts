import { afterEach, describe, expect, it, vi } from 'vitest';
import { Throttle } from '../../src/genesys/throttle.js';

/** A call that stays in flight until released. */
function gate() {
  let open!: () => void;
  const p = new Promise<void>((r) => (open = r));
  return { p, open };
}

const flush = async () => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('throttle: concurrency cap', () => {
  it('never has more calls in flight than the cap, and runs them all', async () => {
    const t = new Throttle(3, 0);
    let inFlight = 0;
    let peak = 0;
    const gates = Array.from({ length: 10 }, gate);
    const started: number[] = [];
    const runs = gates.map((g, i) =>
      t.run(async () => {
        inFlight++;
        peak = Math.max(peak, inFlight);
        started.push(i);
        await g.p;
        inFlight--;
        return i;
      }),
    );
    await flush();
    expect(started).toEqual([0, 1, 2]);
    gates[1]!.open();
    await flush();
    expect(started).toEqual([0, 1, 2, 3]);
    for (const g of gates) g.open();
    expect(await Promise.all(runs)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
    expect(t.peakInFlight).toBe(3);
    expect(t.inFlight).toBe(0);
  });

  it('frees the slot when a call fails', async () => {
    const t = new Throttle(1, 0);
    await expect(t.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await t.run(async () => 'next')).toBe('next');
  });

  it('refuses a nonsensical cap', () => {
    expect(() => new Throttle(0, 300)).toThrow(RangeError);
  });
});

describe('throttle: rate budget (fake clock, counted starts)', () => {
  afterEach(() => vi.useRealTimers());

  it('starts a full minute of calls at once, then one per 60/perMinute seconds', async () => {
    vi.useFakeTimers();
    const t = new Throttle(100, 60); // one per second after the first 60
    let started = 0;
    const runs = Array.from({ length: 63 }, () => t.run(async () => void started++));
    await flush();
    expect(started).toBe(60);
    await vi.advanceTimersByTimeAsync(1000);
    expect(started).toBe(61);
    await vi.advanceTimersByTimeAsync(2000);
    expect(started).toBe(63);
    await Promise.all(runs);
  });

  it('holds every new call back while paused (a 429 Retry-After), then lets them go', async () => {
    vi.useFakeTimers();
    const t = new Throttle(5, 0);
    t.pause(2000);
    let started = 0;
    const runs = Array.from({ length: 3 }, () => t.run(async () => void started++));
    await vi.advanceTimersByTimeAsync(1999);
    expect(started).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(started).toBe(3);
    await Promise.all(runs);
  });
});
