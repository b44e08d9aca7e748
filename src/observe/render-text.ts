import type { Cause, PresenceChange, RunView, TeamsChange, UserTimeline } from './attribution.js';
import type { TimelineReport } from './timeline.js';

/** The terminal forms of timeline and watch: one line per change, a table, and a one-line swimlane per user. */
const hhmmss = (iso: string) => iso.slice(11, 19);

export const presenceLabel = (systemPresence: string, name?: string) => (name && name.toUpperCase().replace(/ /g, '_') !== systemPresence ? `${name} (${systemPresence})` : systemPresence);

export function describeCause(c: Cause): string {
  const bits = [c.flowName ? `"${c.flowName}"` : undefined, c.rule ? `rule: ${c.rule}` : undefined, c.fallback ? `fallback: ${c.fallback}` : undefined, c.note].filter(Boolean);
  return `${c.label}${bits.length ? ` (${bits.join('; ')})` : ''}`;
}

/** One Teams change a Genesys → Teams run made, as the table reads it. */
export function teamsLine(r: RunView, t: TeamsChange, userName: string): string {
  const what = t.to === 'cleared' ? "Teams session cleared (Teams shows the person's own status again)" : `Teams → ${t.to}`;
  return `${hhmmss(t.time)}  ${userName}  ${what}  by "${r.flowName}"${r.conversationId ? ` (interaction ${r.conversationId})` : ''}`;
}

/** One change as watch prints it and as the table's rows read. */
export function changeLine(c: PresenceChange, userName: string): string {
  return `${hhmmss(c.time)}  ${userName}  ${c.from ? `${presenceLabel(c.from, c.fromPresenceName)} → ` : ''}${presenceLabel(c.to, c.presenceName)}  by ${describeCause(c.cause)}`;
}

export function runLine(r: RunView, userName: string): string {
  const what =
    r.outcome === 'failed' ? `FAILED: ${r.error}` : r.outcome === 'held' ? `changed nothing${r.rule ? ` (rule: ${r.rule})` : ''}` : r.outcome === 'running' ? 'still running' : r.teams ? 'set Teams' : 'set the presence';
  return `${hhmmss(r.start)}  ${userName}  run of "${r.flowName}" ${what}`;
}

const LANE_LETTER: Record<string, string> = { AVAILABLE: 'A', BUSY: 'B', AWAY: 'w', BREAK: 'K', MEAL: 'M', MEETING: 'm', TRAINING: 'T', ON_QUEUE: 'Q', IDLE: 'i', OFFLINE: '.' };

/** A user's presence across the window in `width` characters (P = the pre-break presence). */
export function swimlane(t: UserTimeline, from: string, to: string, width: number, preBreakId?: string): string {
  const a = Date.parse(from);
  const span = Math.max(1, Date.parse(to) - a);
  let out = '';
  for (let i = 0; i < width; i++) {
    const at = a + ((i + 0.5) * span) / width;
    const s = t.spans.find((x) => Date.parse(x.start) <= at && (x.end === undefined || Date.parse(x.end) > at));
    out += !s ? ' ' : s.presenceId && s.presenceId === preBreakId ? 'P' : (LANE_LETTER[s.systemPresence] ?? '?');
  }
  return out;
}

export function renderTimelineText(r: TimelineReport, width = 60): string {
  const lines: string[] = [`Presence timeline ${r.from} → ${r.to} (UTC)`, ''];
  const w = Math.max(4, ...r.users.map((u) => u.name.length));
  lines.push(`${''.padEnd(w)}  |${r.from.slice(11, 16)}${' '.repeat(Math.max(0, width - 10))}${r.to.slice(11, 16)}|`);
  for (const u of r.users) lines.push(`${u.name.padEnd(w)}  |${swimlane(u, r.from, r.to, width, r.preBreakPresence?.id)}|`);
  lines.push(`${''.padEnd(w)}   A Available  B Busy  Q On Queue  w Away  K Break  M Meal  m Meeting  T Training  i Idle  . Offline${r.preBreakPresence ? `  P ${r.preBreakPresence.name}` : ''}`, '');
  lines.push(changeTable(r));
  if (r.failures.length) lines.push('', `${r.failures.length} failed run${r.failures.length === 1 ? '' : 's'}:`, ...r.failures.map((f) => `  ${f.time}  "${f.flowName}" (${f.runId}): ${f.error}`));
  return lines.join('\n');
}

/** Every change and every run that changed nothing or failed, in time order: the table under the swimlanes (and `simulate`'s account). */
export function changeTable(r: Pick<TimelineReport, 'users'>): string {
  const rows = r.users
    .flatMap((u) => [
      ...u.changes.map((c) => ({ t: c.time, o: 0, line: changeLine(c, u.name) })),
      ...u.runs.flatMap((x) => (x.teams ?? []).map((t) => ({ t: t.time, o: 0, line: teamsLine(x, t, u.name) }))),
      ...u.runs.filter((x) => x.outcome !== 'changed').map((x) => ({ t: x.start, o: 1, line: runLine(x, u.name) })),
    ])
    .sort((a, b) => a.t.localeCompare(b.t) || a.o - b.o);
  if (!rows.length) return 'No presence changes and no automation runs in this window.';
  return ['TIME      WHO / WHAT / BY', ...rows.map((x) => x.line)].join('\n');
}
