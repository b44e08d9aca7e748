import { MATRIX_PRESENCES, type PolicyPresence } from '../../src/model/presence-policy.js';
import { Rng } from '../../src/sandbox/core/rng.js';

/**
 * The property test's generator: one worst day for a few people, as a script of timed steps — the
 * Communicate calls they take (overlapping, short, unanswered), ACD interactions, Teams statuses
 * they set, and the pre-break ticks — all drawn from one seed, so a day is reproducible from it.
 * Pure: the test plays the script against the sandbox and keeps the history the policy judges.
 */

/** Statuses a person sets (or their Teams client reports). Not Presenting / InAConferenceCall: those are what presence-kit's own session shows, and the sync takes them for its echo during a call (the policy's no-echo rule). */
export const PERSON_TEAMS_STATUSES = ['Available', 'Away', 'BeRightBack', 'Busy', 'DoNotDisturb', 'Offline', 'InAMeeting', 'Focusing', 'InACall', 'OutOfOffice'] as const;

/** Two Teams changes of one person are at least this far apart (the sync applies them in delivery order: closer ones may swap). */
export const TEAMS_SPACING_MS = 20_000;

export interface CallPlan {
  kind: 'call';
  person: number;
  atMs: number;
  direction: 'inbound' | 'outbound';
  /** Ringing time; null: never answered (it rings out after `ringMs`). */
  answerAfterMs: number | null;
  ringMs: number;
  talkMs: number;
  queue: boolean;
}

export type Step =
  | CallPlan
  | { kind: 'teams'; person: number; atMs: number; status: string }
  | { kind: 'tick'; atMs: number };

export interface DayPlan {
  seed: number;
  starts: PolicyPresence[];
  steps: Step[];
}

const between = (r: Rng, min: number, max: number) => r.int(min, max + 1);

/**
 * A day for `people` persons over about two minutes. `ticks`: whether this day draws the pre-break
 * ticks (0–1; they are the org's, so one day of the days that share a stretch of time draws them).
 */
export function generateDay(seed: number, people: number, ticks = true): DayPlan {
  const r = new Rng(seed);
  const starts = Array.from({ length: people }, () => r.pick(MATRIX_PRESENCES));
  const steps: Step[] = [];
  starts.forEach((start, person) => {
    const agent = start.name === 'On Queue';
    const calls = between(r, 0, agent ? 1 : 3);
    for (let i = 0; i < calls; i++) {
      const answered = r.next() < 0.8;
      steps.push({
        kind: 'call',
        person,
        atMs: between(r, 0, 90_000),
        direction: r.next() < 0.75 ? 'inbound' : 'outbound',
        answerAfterMs: answered ? between(r, 200, 30_000) : null,
        ringMs: between(r, 500, 30_000),
        // Short calls (under a second) are the ones whose end overtakes their start.
        talkMs: r.next() < 0.3 ? between(r, 100, 1_500) : between(r, 1_500, 60_000),
        queue: false,
      });
    }
    if (agent)
      for (let i = between(r, 0, 2); i > 0; i--)
        steps.push({ kind: 'call', person, atMs: between(r, 0, 90_000), direction: 'inbound', answerAfterMs: between(r, 200, 8_000), ringMs: 0, talkMs: between(r, 500, 40_000), queue: true });
    let at = between(r, 0, 30_000);
    for (let i = between(r, 0, 3); i > 0; i--) {
      steps.push({ kind: 'teams', person, atMs: at, status: r.pick(PERSON_TEAMS_STATUSES) });
      at += TEAMS_SPACING_MS + between(r, 0, 30_000);
    }
  });
  if (ticks) for (let i = between(r, 0, 1); i > 0; i--) steps.push({ kind: 'tick', atMs: between(r, 0, 100_000) });
  return { seed, starts, steps: steps.sort((a, b) => a.atMs - b.atMs) };
}

/** One line per step, for a failure message a person can read. */
export function describeDay(d: DayPlan, names: readonly string[]): string {
  const who = (p: number) => `${names[p] ?? `person ${p}`}`;
  return [
    `starts: ${d.starts.map((s, p) => `${who(p)} ${s.name}`).join(', ')}`,
    ...d.steps.map((s) => {
      const t = `${(s.atMs / 1000).toFixed(1)}s`;
      if (s.kind === 'tick') return `${t} pre-break tick`;
      if (s.kind === 'teams') return `${t} ${who(s.person)} sets Teams ${s.status}`;
      const ring = s.answerAfterMs === null ? `unanswered, rings ${s.ringMs} ms` : `answered after ${s.answerAfterMs} ms, talks ${s.talkMs} ms`;
      return `${t} ${who(s.person)} ${s.queue ? 'ACD' : s.direction} call, ${ring}`;
    }),
  ].join('\n    ');
}
