import type { ScheduledBreak } from './plan.js';

/**
 * What the job remembers between ticks: the breaks it switched an agent to Pre-Break for (or
 * found them already in Pre-Break for). A remembered break is never switched again — an agent who
 * puts themselves back On Queue after being switched keeps that choice for that break — and is
 * what "undo" works from: when the break is removed or moved beyond the window, the agent is put
 * back On Queue if still in Pre-Break.
 *
 * It lives in memory only. The long-running loop keeps it for its lifetime, the Lambda across
 * warm invocations. A cold start remembers nothing: agents it then finds in Pre-Break for a break
 * in the window are adopted (remembered, so undo still covers them), but an agent who went back On
 * Queue before the cold start is switched once more for that break.
 */
export interface Remembered {
  userId: string;
  breakStartMs: number;
  /** When the job switched them, or found them already in Pre-Break (adopted). */
  atMs: number;
  adopted: boolean;
}

const key = (userId: string, startMs: number) => `${userId}|${startMs}`;

export class SwitchMemory {
  private readonly entries = new Map<string, Remembered>();

  get size(): number {
    return this.entries.size;
  }

  has(b: Pick<ScheduledBreak, 'userId' | 'startMs'>): boolean {
    return this.entries.has(key(b.userId, b.startMs));
  }

  remember(r: Remembered): void {
    this.entries.set(key(r.userId, r.breakStartMs), r);
  }

  forget(r: Pick<Remembered, 'userId' | 'breakStartMs'>): void {
    this.entries.delete(key(r.userId, r.breakStartMs));
  }

  /** The earliest remembered break start (the schedule refresh must reach back to it). */
  oldestStartMs(): number | undefined {
    let min: number | undefined;
    for (const r of this.entries.values()) if (min === undefined || r.breakStartMs < min) min = r.breakStartMs;
    return min;
  }

  list(): Remembered[] {
    return [...this.entries.values()];
  }
}

export interface Reconciled {
  /** Switched agents whose break was removed or moved beyond the window: put back On Queue if still in Pre-Break. */
  undo: Remembered[];
  /** Breaks that started as scheduled: nothing more to do, forgotten. */
  done: Remembered[];
  /** Breaks moved but still inside the window: remembered under the new start, not switched again. */
  moved: Array<{ from: Remembered; toStartMs: number }>;
}

/**
 * Compares what the job remembers with freshly read schedules (pure; the caller applies it).
 * `breaksOf(userId)` are the agent's breaks in the fresh schedules.
 */
export function reconcile(memory: SwitchMemory, breaksOf: (userId: string) => readonly ScheduledBreak[], nowMs: number, leadMs: number): Reconciled {
  const out: Reconciled = { undo: [], done: [], moved: [] };
  for (const r of memory.list()) {
    const breaks = breaksOf(r.userId);
    if (breaks.some((b) => b.startMs === r.breakStartMs)) {
      if (r.breakStartMs <= nowMs) out.done.push(r);
      continue;
    }
    const inWindow = breaks.filter((b) => b.startMs > nowMs && b.startMs <= nowMs + leadMs).sort((a, b) => a.startMs - b.startMs)[0];
    if (inWindow && !memory.has(inWindow)) out.moved.push({ from: r, toStartMs: inWindow.startMs });
    else if (inWindow) out.done.push(r);
    else out.undo.push(r);
  }
  return out;
}
