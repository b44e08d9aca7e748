import type { Moment } from './drive.js';
import type { Execution, PresenceChange } from './types.js';

/**
 * A readable timeline of one simulation: what happened to the call, which workflows ran and
 * how they ended, and every presence change, in clock order with offsets from the start.
 */
export interface TimelineRow {
  time: string;
  offset: string;
  what: string;
}

const offsetOf = (start: string, t: string) => {
  const s = Math.max(0, Math.round((new Date(t).getTime() - new Date(start).getTime()) / 1000));
  return `+${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};

export function describeExecution(e: Execution): string {
  const via = e.trigger ? ` (trigger "${e.trigger.name}")` : '';
  const outcome =
    e.status === 'FAILED' ? `failed: ${e.error?.message ?? 'unknown error'}` : e.status === 'COMPLETED' ? 'completed' : e.status === 'WAITING' ? `still waiting (until ${e.waitingUntil})` : 'still running';
  const calls = e.steps.filter((s) => s.action === 'callData');
  const failed = calls.filter((s) => s.detail?.outcome !== 'success');
  const actions = calls.length ? `, ${calls.length} data action call${calls.length === 1 ? '' : 's'}${failed.length ? ` (${failed.length} failed)` : ''}` : '';
  return `workflow "${e.name}"${via} ${outcome}${actions}`;
}

/** The user's Teams presence beside the Genesys one (`simulate interaction`): where it started, and each change. */
export interface TeamsSide {
  initial?: string;
  changes: Array<{ time: string; activity: string }>;
}

export function buildTimeline(start: string, initialPresence: string | undefined, moments: Moment[], runs: Execution[], changes: PresenceChange[], teams?: TeamsSide): TimelineRow[] {
  const rows: Array<{ time: string; order: number; what: string }> = [];
  if (initialPresence) rows.push({ time: start, order: 0, what: `presence is ${initialPresence}` });
  if (teams?.initial) rows.push({ time: start, order: 0, what: `Teams presence is ${teams.initial}` });
  let teamsBefore = teams?.initial;
  for (const c of teams?.changes ?? []) {
    rows.push({ time: c.time, order: 3, what: `Teams presence ${teamsBefore ? `${teamsBefore} → ` : ''}${c.activity}` });
    teamsBefore = c.activity;
  }
  moments.forEach((m) => rows.push({ time: m.time, order: 1, what: m.what }));
  for (const e of runs) {
    rows.push({ time: e.startTime, order: 2, what: `workflow "${e.name}" starts${e.trigger ? ` (trigger "${e.trigger.name}")` : ''}` });
    rows.push({ time: e.endTime ?? e.steps.at(-1)?.time ?? e.startTime, order: 4, what: describeExecution(e) });
  }
  let previous = initialPresence;
  for (const c of changes) {
    rows.push({ time: c.time, order: 3, what: `presence ${previous ? `${previous} → ` : ''}${c.systemPresence}` });
    previous = c.systemPresence;
  }
  return rows
    .sort((a, b) => a.time.localeCompare(b.time) || a.order - b.order)
    .map((r) => ({ time: r.time, offset: offsetOf(start, r.time), what: r.what }));
}

export function renderTimeline(rows: TimelineRow[]): string {
  const w = Math.max(4, ...rows.map((r) => r.offset.length));
  return [`${'TIME'.padEnd(w)}  WHAT`, ...rows.map((r) => `${r.offset.padEnd(w)}  ${r.what}`)].join('\n');
}
