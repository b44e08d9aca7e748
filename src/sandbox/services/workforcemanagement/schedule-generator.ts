import { Rng } from '../../core/rng.js';

/**
 * Published schedules, generated on demand. A 50,000-agent org must not store 50,000 schedules
 * (nor write them to `--data`), so every agent's shift for a day is a pure function of the org's
 * schedule seed, the agent id and the day: the same question always gets the same answer, and the
 * cost of a search grows with the agents asked about, not with the org.
 *
 * Shifts are laid out around the org's schedule anchor (the sandbox clock when WFM was seeded,
 * floored to 5 minutes): on the anchor's day every scheduled agent is mid-shift, with breaks and
 * meals on the 5-minute grid WFM schedules use, and about a quarter of the agents have a break
 * within 15 minutes of the anchor. Other days repeat the pattern 24 h apart with fresh draws.
 */

export const MINUTE = 60_000;
export const DAY_MINUTES = 1440;
/** Activities start on this grid (minutes). */
export const GRID = 5;

/** Which activity code each generated activity uses (ids differ per business unit). */
export interface ActivityCodeIds {
  onQueue: string;
  break: string;
  coffeeBreak: string;
  meal: string;
  meeting: string;
  training: string;
}

export interface GeneratedActivity {
  startDate: string;
  lengthMinutes: number;
  description: string;
  activityCodeId: string;
  paid: boolean;
  payableMinutes: number;
}

export interface GeneratedShift {
  id: string;
  startDate: string;
  lengthMinutes: number;
  activities: GeneratedActivity[];
  manuallyEdited: boolean;
  schedule: { id: string; weekDate: string };
}

export interface ScheduleSource {
  seed: number;
  /** Epoch ms, on the 5-minute grid. */
  anchorMs: number;
  codes: ActivityCodeIds;
  /** Published week schedule for a week start (yyyy-MM-dd) — stable ids per week. */
  scheduleIdFor(weekDate: string): string;
}

/** cyrb53: a fast, well-mixed string hash; seeds one generator per (org, agent, day). */
export function hash53(s: string, seed = 0): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < s.length; i++) {
    const ch = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

export const rngFor = (seed: number, ...parts: Array<string | number>): Rng => new Rng(hash53(parts.join('|'), seed) % 4294967296);

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Monday of the (UTC) week containing `ms`, as WFM's `weekDate` (yyyy-MM-dd). */
export function weekDateOf(ms: number): string {
  const d = new Date(ms);
  const dow = (d.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - dow)).toISOString().slice(0, 10);
}

interface Segment {
  offset: number;
  length: number;
  kind: keyof ActivityCodeIds;
}

const DESCRIPTIONS: Record<keyof ActivityCodeIds, string> = {
  onQueue: 'On Queue Work',
  break: 'Break',
  coffeeBreak: 'Coffee Break',
  meal: 'Lunch',
  meeting: 'Team Meeting',
  training: 'Product Training',
};

/** The agent's shift for day `day` (0 = the anchor's day), or undefined for a day off. */
export function shiftFor(src: ScheduleSource, userId: string, day: number): GeneratedShift | undefined {
  const rng = rngFor(src.seed, userId, day);
  if (day !== 0 && rng.next() < 0.1) return undefined;
  const length = rng.pick([480, 510, 540]);
  const grid = (lo: number, hi: number) => GRID * rng.int(Math.ceil(lo / GRID), Math.max(Math.ceil(lo / GRID), Math.floor(hi / GRID)) + 1);
  const break1 = grid(90, 150);
  const meal = grid(length / 2 - 30, length / 2 + 15);
  const break2 = grid(length - 150, length - 90);
  const mealLength = length >= 540 ? 60 : 30;
  const extras: Segment[] = [];
  const r = rng.next();
  // A meeting or a training only where it fits between the breaks with 15 minutes either side.
  if (r < 0.2 && meal - break1 >= 15 + 15 + 30 + 15) extras.push({ offset: grid(break1 + 30, meal - 45), length: 30, kind: 'meeting' });
  else if (r < 0.3 && break2 - (meal + mealLength) >= 15 + 30 + 15) extras.push({ offset: grid(meal + mealLength + 15, break2 - 45), length: 30, kind: 'training' });
  const breaks: Segment[] = [
    { offset: break1, length: 15, kind: 'break' },
    { offset: meal, length: mealLength, kind: 'meal' },
    { offset: break2, length: 15, kind: rng.next() < 0.3 ? 'coffeeBreak' : 'break' },
    ...extras,
  ];
  breaks.sort((a, b) => a.offset - b.offset);
  // About a quarter of the agents break within 15 minutes of the anchor; the rest started their
  // shift between 30 minutes and 6 hours before it.
  const soon = rng.next() < 0.25;
  const startOffset = soon ? GRID * rng.int(1, 4) - break1 : -GRID * rng.int(6, 73);
  const shiftStart = src.anchorMs + (day * DAY_MINUTES + startOffset) * MINUTE;
  const activities: GeneratedActivity[] = [];
  let at = 0;
  const push = (offset: number, len: number, kind: keyof ActivityCodeIds) => {
    if (len <= 0) return;
    const paid = kind !== 'meal';
    activities.push({
      startDate: iso(shiftStart + offset * MINUTE),
      lengthMinutes: len,
      description: DESCRIPTIONS[kind],
      activityCodeId: src.codes[kind],
      paid,
      payableMinutes: paid ? len : 0,
    });
  };
  for (const b of breaks) {
    push(at, b.offset - at, 'onQueue');
    push(b.offset, b.length, b.kind);
    at = b.offset + b.length;
  }
  push(at, length - at, 'onQueue');
  const weekDate = weekDateOf(shiftStart);
  return {
    id: `${hash53(`${userId}|${day}`, src.seed).toString(16).padStart(14, '0').slice(0, 12)}-shift`,
    startDate: iso(shiftStart),
    lengthMinutes: length,
    activities,
    manuallyEdited: false,
    schedule: { id: src.scheduleIdFor(weekDate), weekDate },
  };
}

/** Shifts overlapping [startMs, endMs). */
export function shiftsBetween(src: ScheduleSource, userId: string, startMs: number, endMs: number): GeneratedShift[] {
  // A shift starts at most 6 h 5 min before its day's anchor and lasts at most 9 h.
  const firstDay = Math.floor((startMs - src.anchorMs - 10 * 60 * MINUTE) / (DAY_MINUTES * MINUTE));
  const lastDay = Math.ceil((endMs - src.anchorMs + 7 * 60 * MINUTE) / (DAY_MINUTES * MINUTE));
  const out: GeneratedShift[] = [];
  for (let d = firstDay; d <= lastDay; d++) {
    const s = shiftFor(src, userId, d);
    if (!s) continue;
    const from = Date.parse(s.startDate);
    const to = from + s.lengthMinutes * MINUTE;
    if (from < endMs && to > startMs) out.push(s);
  }
  return out;
}
