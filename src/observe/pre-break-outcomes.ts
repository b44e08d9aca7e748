import type { AnalyticsUserDetail } from '../model/user-details.js';

/**
 * Did pre-break help? For each scheduled break or meal: whether the agent was switched to
 * Pre-Break and when, when they entered the break's own presence (Break for a break, Meal for a
 * meal — not Pre-Break, whose system presence is Break too, hence the organisation presence id),
 * how late that was against the schedule, and whether they were still in Pre-Break when the break
 * ended. Then the switched and the not-switched breaks side by side: median and p90 lateness.
 * Pure: the schedules and the presence history are read elsewhere.
 */
export interface BreakInput {
  userId: string;
  category: string;
  startMs: number;
  endMs?: number;
}

export interface BreakOutcome {
  userId: string;
  name?: string;
  category: string;
  scheduledStart: string;
  scheduledEnd?: string;
  /** When the agent entered Pre-Break before this break; absent: not switched. */
  switchedAt?: string;
  /** When the agent entered the break's own presence; absent: never did during the break. */
  enteredAt?: string;
  /** Minutes from the scheduled start to entering the break's presence (negative: early); absent when never entered. */
  minutesLate?: number;
  /** Minutes the agent was still in Pre-Break after the break's scheduled end (absent: was not). */
  preBreakAfterEndMinutes?: number;
}

export interface GroupSummary {
  breaks: number;
  /** Breaks whose presence the agent entered (the lateness figures are over these). */
  entered: number;
  neverEntered: number;
  medianMinutesLate?: number;
  p90MinutesLate?: number;
  /** Of these breaks, how many ended with the agent still in Pre-Break. */
  stayedInPreBreak: number;
}

export interface PreBreakReport {
  from: string;
  to: string;
  preBreakPresence: { id: string; name: string };
  breaks: BreakOutcome[];
  summary: { switched: GroupSummary; notSwitched: GroupSummary };
  /** Breaks left out: the agent was Offline (or had no presence recorded) at the scheduled start — not at work. */
  notAtWork: number;
  /** Where the figures come from, for the reader (and --json). */
  sources: string[];
}

/** How long before a break a switch to Pre-Break still counts as that break's (the job's lead is 15 minutes by default). */
export const SWITCH_LOOKBACK_MS = 60 * 60_000;
/** A break presence entered this long before the scheduled start still counts as taking this break (early). */
export const EARLY_MS = 30 * 60_000;

const OWN_PRESENCE: Record<string, string> = { Break: 'BREAK', Meal: 'MEAL' };

const round1 = (n: number) => Math.round(n * 10) / 10;

/** The median (mean of the middle two for an even count). */
export function median(xs: readonly number[]): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The nearest-rank percentile: the smallest value with at least p % of the values at or below it. */
export function percentile(xs: readonly number[], p: number): number | undefined {
  if (!xs.length) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)]!;
}

export function breakOutcome(b: BreakInput, detail: AnalyticsUserDetail | undefined, preBreakId: string, windowEndMs: number, previousEndMs?: number): BreakOutcome {
  const segs = [...(detail?.primaryPresence ?? [])].sort((x, y) => x.startTime.localeCompare(y.startTime));
  const endMs = b.endMs ?? b.startMs;
  // A switch belongs to this break when it came after the previous break of the same agent ended.
  const lookback = Math.max(b.startMs - SWITCH_LOOKBACK_MS, previousEndMs ?? -Infinity);
  const isPreBreak = (s: (typeof segs)[number]) => s.organizationPresenceId === preBreakId;
  const own = OWN_PRESENCE[b.category] ?? b.category.toUpperCase();
  const switched = segs.find((s) => isPreBreak(s) && Date.parse(s.startTime) >= lookback && Date.parse(s.startTime) <= b.startMs);
  const entered = segs.find((s) => s.systemPresence === own && !isPreBreak(s) && Date.parse(s.startTime) >= Math.max(b.startMs - EARLY_MS, lookback) && Date.parse(s.startTime) < Math.max(endMs, b.startMs + 1));
  const atEnd = segs.find((s) => Date.parse(s.startTime) <= endMs && (s.endTime === undefined || Date.parse(s.endTime) > endMs));
  // Only a break that ended inside the window can be said to have been overstayed.
  const stayed = b.endMs !== undefined && b.endMs <= windowEndMs && atEnd && isPreBreak(atEnd) ? round1((Math.min(atEnd.endTime ? Date.parse(atEnd.endTime) : windowEndMs, windowEndMs) - endMs) / 60_000) : undefined;
  return {
    userId: b.userId,
    category: b.category,
    scheduledStart: new Date(b.startMs).toISOString(),
    ...(b.endMs !== undefined ? { scheduledEnd: new Date(b.endMs).toISOString() } : {}),
    ...(switched ? { switchedAt: switched.startTime } : {}),
    ...(entered ? { enteredAt: entered.startTime, minutesLate: round1((Date.parse(entered.startTime) - b.startMs) / 60_000) } : {}),
    ...(stayed !== undefined ? { preBreakAfterEndMinutes: stayed } : {}),
  };
}

/** At work at the scheduled start: a presence other than Offline covers it. */
export function atWork(detail: AnalyticsUserDetail | undefined, atMs: number): boolean {
  const s = (detail?.primaryPresence ?? []).find((p) => Date.parse(p.startTime) <= atMs && (p.endTime === undefined || Date.parse(p.endTime) > atMs));
  return s !== undefined && s.systemPresence !== 'OFFLINE';
}

export function summarise(rows: readonly BreakOutcome[]): GroupSummary {
  const late = rows.flatMap((r) => (r.minutesLate === undefined ? [] : [r.minutesLate]));
  const med = median(late);
  const p90 = percentile(late, 90);
  return {
    breaks: rows.length,
    entered: late.length,
    neverEntered: rows.length - late.length,
    ...(med !== undefined ? { medianMinutesLate: round1(med) } : {}),
    ...(p90 !== undefined ? { p90MinutesLate: p90 } : {}),
    stayedInPreBreak: rows.filter((r) => r.preBreakAfterEndMinutes !== undefined).length,
  };
}

/** Every break's outcome, in start order, and the two groups' summaries. */
export function preBreakOutcomes(input: {
  from: string;
  to: string;
  breaks: readonly BreakInput[];
  details: readonly AnalyticsUserDetail[];
  preBreakPresence: { id: string; name: string };
  names?: ReadonlyMap<string, string>;
  sources: string[];
}): PreBreakReport {
  const byUser = new Map(input.details.map((d) => [d.userId, d]));
  const sorted = [...input.breaks].sort((a, b) => a.startMs - b.startMs || a.userId.localeCompare(b.userId));
  const lastEnd = new Map<string, number>();
  const windowEnd = Date.parse(input.to);
  let notAtWork = 0;
  const rows = sorted.flatMap((b) => {
    const previous = lastEnd.get(b.userId);
    lastEnd.set(b.userId, b.endMs ?? b.startMs);
    if (!atWork(byUser.get(b.userId), b.startMs)) {
      notAtWork++;
      return [];
    }
    const o = breakOutcome(b, byUser.get(b.userId), input.preBreakPresence.id, windowEnd, previous);
    const name = input.names?.get(b.userId);
    return [name ? { ...o, name } : o];
  });
  return {
    from: input.from,
    to: input.to,
    preBreakPresence: input.preBreakPresence,
    breaks: rows,
    summary: { switched: summarise(rows.filter((r) => r.switchedAt)), notSwitched: summarise(rows.filter((r) => !r.switchedAt)) },
    notAtWork,
    sources: input.sources,
  };
}
