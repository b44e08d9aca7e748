import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { runEvery } from '../../src/jobs/pre-break/loop.js';
import type { TickResult } from '../../src/jobs/pre-break/run.js';

/** `--every`: aligned ticks, each evaluated as of its own instant, none skipped or run twice. */
const T0 = Date.parse('2026-03-02T09:44:40Z');
const MIN = 60_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(11, 19);

describe('pre-break --every loop', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(T0);
  });
  afterEach(() => vi.useRealTimers());

  it('ticks on the minute, as of the minute, and goes on after a failed tick', async () => {
    const abort = new AbortController();
    const ran: Array<{ at: string; startedAt: string }> = [];
    const seen: Array<string> = [];
    const tick = async (nowMs: number) => {
      ran.push({ at: iso(nowMs), startedAt: iso(Date.now()) });
      if (ran.length === 2) throw new Error('Genesys 503');
      if (ran.length === 4) abort.abort();
      return { now: new Date(nowMs).toISOString() } as TickResult;
    };
    const done = runEvery(tick, MIN, { signal: abort.signal, onTick: (r, e) => seen.push(r ? r.now.slice(11, 19) : `failed: ${(e as Error).message}`) });
    await vi.advanceTimersByTimeAsync(5 * MIN);
    await done;
    expect(ran.map((r) => r.at)).toEqual(['09:45:00', '09:46:00', '09:47:00', '09:48:00']);
    expect(ran.every((r) => r.at === r.startedAt)).toBe(true);
    expect(seen).toEqual(['09:45:00', 'failed: Genesys 503', '09:47:00', '09:48:00']);
  });

  it('after a slow tick runs the missed ticks late, in order, and skips only those too far behind', async () => {
    const abort = new AbortController();
    const ran: Array<{ at: string; startedAt: string }> = [];
    const skipped: Array<{ from: string; to: string; count: number }> = [];
    const tick = async (nowMs: number) => {
      ran.push({ at: iso(nowMs), startedAt: iso(Date.now()) });
      // The first tick takes 2.5 minutes (a 429 storm); the third one 20 minutes (a laptop asleep).
      if (ran.length === 1) await new Promise((r) => setTimeout(r, 2.5 * MIN));
      if (ran.length === 3) await new Promise((r) => setTimeout(r, 20 * MIN));
      if (ran.length === 5) abort.abort();
      return {} as TickResult;
    };
    const done = runEvery(tick, MIN, {
      signal: abort.signal,
      maxLagMs: 14 * MIN,
      onTick: () => undefined,
      onSkip: (s) => skipped.push({ from: iso(s.from), to: iso(s.to), count: s.count }),
    });
    await vi.advanceTimersByTimeAsync(40 * MIN);
    await done;
    expect(ran).toEqual([
      { at: '09:45:00', startedAt: '09:45:00' },
      // 09:46 and 09:47 were missed while the first tick ran: both run at once, as of their own minute.
      { at: '09:46:00', startedAt: '09:47:30' },
      { at: '09:47:00', startedAt: '09:47:30' },
      // Back at 10:07:30: 09:48 … 09:53 are more than 14 minutes old (their breaks may have started).
      { at: '09:54:00', startedAt: '10:07:30' },
      { at: '09:55:00', startedAt: '10:07:30' },
    ]);
    expect(skipped).toEqual([{ from: '09:48:00', to: '09:53:00', count: 6 }]);
  });

  it('stops at once when aborted while waiting', async () => {
    const abort = new AbortController();
    const tick = vi.fn(async () => ({}) as TickResult);
    const done = runEvery(tick, MIN, { signal: abort.signal, onTick: () => undefined });
    await vi.advanceTimersByTimeAsync(10_000);
    abort.abort();
    await done;
    expect(tick).not.toHaveBeenCalled();
  });
});
