import type { PresenceChange, RunView, TeamsChange, UserTimeline } from './attribution.js';
import { describeCause } from './render-text.js';
import type { TimelineReport } from './timeline.js';
import { AUTOMATION_LABEL } from './automations.js';
import { SystemPresenceName, toAnalyticsSpelling } from '../model/presence.js';

/**
 * `timeline --html`: one self-contained page (inline CSS and SVG, no script, no network) that
 * explains itself without hovering. A lane per person coloured by presence; every change marked on
 * the lane and labelled beside the mark with a number, the presence it went to and what made it
 * (a person's own changes have their own hollow mark); the Teams changes a Genesys → Teams run made
 * on a thin strip under the lane; runs that held or failed as circles. Presences are named as the
 * admin UI names them ("On Queue", "Pre-Break"), everywhere on the page. A period too short for its
 * width still gets a few pixels. Beneath, the table of every numbered mark with its full cause.
 * The SVG scales to the page's width, and the table wraps, so nothing overflows.
 */
const COLOURS: Record<string, string> = {
  AVAILABLE: '#3fae49',
  BUSY: '#d9473f',
  AWAY: '#f2b134',
  BREAK: '#8e6bbf',
  MEAL: '#b0832f',
  MEETING: '#4a90d9',
  TRAINING: '#2bb3b1',
  ON_QUEUE: '#1f6f3a',
  IDLE: '#c9c9c9',
  OFFLINE: '#8a8a8a',
};
const PRE_BREAK = '#e377c2';
/** A period always gets at least this many pixels, so a 16-second Busy in a two-hour window shows. */
export const MIN_SPAN_PX = 3;

const WIDTH = 1360;
const LEFT = 170;
const PLOT = WIDTH - LEFT - 10;
const BAR = 18;
const LABEL_ROW = 13;
const TEAMS_STRIP = 8;
const CHAR_PX = 6.2;

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const hhmmss = (iso: string) => iso.slice(11, 19);

/** One naming style: the admin UI's ("On Queue"), or the organisation presence's own name ("Pre-Break"). */
export function presenceName(systemPresence: string, name?: string): string {
  if (name) return name;
  return SystemPresenceName.options.find((p) => toAnalyticsSpelling(p) === systemPresence) ?? systemPresence;
}

const SHORT_CAUSE: Record<string, string> = { 'communicate-call': 'call', teams: 'Teams', interaction: 'interaction', 'pre-break': 'pre-break', person: 'person', unknown: 'unknown' };

/** A numbered mark: a presence change, a Teams change, or a run that held or failed. */
type Mark =
  | { n: number; kind: 'change'; time: string; c: PresenceChange }
  | { n: number; kind: 'teams'; time: string; run: RunView; t: TeamsChange }
  | { n: number; kind: 'run'; time: string; run: RunView };

const ORDER: Record<Mark['kind'], number> = { change: 0, teams: 1, run: 2 };

function marksOf(u: UserTimeline, next: () => number): Mark[] {
  const all: Mark[] = [
    ...u.changes.map((c) => ({ n: 0, kind: 'change' as const, time: c.time, c })),
    ...u.runs.flatMap((run) => (run.teams ?? []).map((t) => ({ n: 0, kind: 'teams' as const, time: t.time, run, t }))),
    ...u.runs.filter((run) => run.outcome === 'failed' || run.outcome === 'held').map((run) => ({ n: 0, kind: 'run' as const, time: run.start, run })),
  ];
  return all.sort((a, b) => a.time.localeCompare(b.time) || ORDER[a.kind] - ORDER[b.kind]).map((m) => ({ ...m, n: next() }));
}

const markLabel = (m: Mark, r: TimelineReport): string => {
  if (m.kind === 'change') return `${m.n} ${presenceName(m.c.to, m.c.presenceId === r.preBreakPresence?.id ? r.preBreakPresence?.name : m.c.presenceName)} · ${SHORT_CAUSE[m.c.cause.kind] ?? m.c.cause.kind}${m.c.cause.owner === 'original' ? ' (original)' : ''}${m.c.cause.fallback ? ' (fallback)' : ''}`;
  if (m.kind === 'teams') return `${m.n} Teams ${m.t.to === 'cleared' ? 'cleared' : m.t.to.split(' / ')[0]}`;
  return `${m.n} ${m.run.outcome === 'failed' ? 'failed' : 'held'}: ${m.run.flowName}`;
};

/** Labels in rows above the bar: each goes in the first row where it does not overlap the one before. */
function placeLabels(xs: Array<{ x: number; text: string }>): number[] {
  const rowEnds: number[] = [];
  return xs.map(({ x, text }) => {
    const w = text.length * CHAR_PX + 6;
    const start = Math.min(x, LEFT + PLOT - w);
    let row = rowEnds.findIndex((end) => end <= start);
    if (row === -1) row = rowEnds.push(0) - 1;
    rowEnds[row] = start + w;
    return row;
  });
}

function causeText(m: Mark): string {
  if (m.kind === 'change') return describeCause(m.c.cause);
  if (m.kind === 'teams') return `"${m.run.flowName}"${m.run.conversationId ? ` (interaction ${m.run.conversationId})` : ''}`;
  return `"${m.run.flowName}"${m.run.outcome === 'failed' ? ` failed: ${m.run.error ?? ''}` : ` changed nothing${m.run.rule ? ` (rule: ${m.run.rule})` : ''}`}`;
}

function whatText(m: Mark, r: TimelineReport): string {
  if (m.kind === 'change') {
    const to = presenceName(m.c.to, m.c.presenceId === r.preBreakPresence?.id ? r.preBreakPresence?.name : m.c.presenceName);
    return `${m.c.from ? `${presenceName(m.c.from, m.c.fromPresenceName)} → ` : ''}${to}`;
  }
  if (m.kind === 'teams') return m.t.to === 'cleared' ? "Teams: session cleared (the person's own status shows again)" : `Teams → ${m.t.to}`;
  return m.run.outcome === 'failed' ? 'run failed' : 'run held (no change)';
}

export function renderTimelineHtml(r: TimelineReport): string {
  const a = Date.parse(r.from);
  const span = Math.max(1, Date.parse(r.to) - a);
  const x = (iso: string) => LEFT + Math.min(PLOT, Math.max(0, ((Date.parse(iso) - a) / span) * PLOT));
  let counter = 0;
  const rows: Array<{ m: Mark; who: string }> = [];
  let y = 24;
  const lanes = r.users.map((u) => {
    const marks = marksOf(u, () => ++counter);
    marks.forEach((m) => rows.push({ m, who: u.name }));
    const labels = marks.map((m) => ({ x: x(m.time), text: markLabel(m, r) }));
    const labelRows = placeLabels(labels);
    const nRows = marks.length ? Math.max(...labelRows) + 1 : 0;
    const top = y;
    // A lane with nothing to label stays 18 px (+4), so 50 people over a day fit one screen.
    const barY = top + (nRows ? nRows * LABEL_ROW + 4 : 1);
    const hasTeams = marks.some((m) => m.kind === 'teams');
    y = barY + BAR + (hasTeams ? TEAMS_STRIP + 2 : 0) + (nRows ? 8 : 4);
    const rects = u.spans.flatMap((s) => {
      const start = s.start < r.from ? r.from : s.start;
      const end = s.end === undefined || s.end > r.to ? r.to : s.end;
      if (end <= start) return [];
      const preBreak = s.presenceId !== undefined && s.presenceId === r.preBreakPresence?.id;
      const name = presenceName(s.systemPresence, preBreak ? r.preBreakPresence?.name : s.presenceName);
      const w = Math.max(MIN_SPAN_PX, x(end) - x(start));
      const inside = w > name.length * CHAR_PX + 6 ? `<text class="in" x="${x(start) + 3}" y="${barY + 13}">${esc(name)}</text>` : '';
      return [
        `<rect class="span" data-presence="${esc(name)}" data-seconds="${Math.round((Date.parse(end) - Date.parse(start)) / 1000)}" x="${x(start).toFixed(1)}" y="${barY}" width="${w.toFixed(1)}" height="${BAR}" fill="${preBreak ? PRE_BREAK : (COLOURS[s.systemPresence] ?? '#ddd')}"><title>${esc(`${name} ${hhmmss(s.start)}–${s.end ? hhmmss(s.end) : 'now'}`)}</title></rect>${inside}`,
      ];
    });
    const markSvg = marks.map((m, i) => {
      const mx = x(m.time);
      const ly = top + labelRows[i]! * LABEL_ROW + 10;
      const lx = Math.min(mx, LEFT + PLOT - labels[i]!.text.length * CHAR_PX - 6);
      const leader = `<line class="leader" x1="${mx.toFixed(1)}" y1="${ly + 2}" x2="${mx.toFixed(1)}" y2="${barY}"/>`;
      const label = `<text class="label" x="${lx.toFixed(1)}" y="${ly}">${esc(labels[i]!.text)}</text>`;
      if (m.kind === 'change') {
        const cls = `marker change ${m.c.cause.kind}${m.c.cause.fallback ? ' fallback' : ''}`;
        const shape = m.c.cause.kind === 'person' ? `<circle class="${cls}" cx="${mx.toFixed(1)}" cy="${barY - 3}" r="3.5"/>` : `<path class="${cls}" d="M${mx.toFixed(1)} ${barY} l4 -6 h-8 z"/>`;
        return `<g class="mark" data-n="${m.n}" data-run="${esc(m.c.cause.runId ?? '')}">${leader}${shape}${label}</g>`;
      }
      if (m.kind === 'teams') {
        const ty = barY + BAR + 2;
        return `<g class="mark" data-n="${m.n}" data-run="${esc(m.run.id)}">${leader.replace(`y2="${barY}"`, `y2="${ty}"`)}<rect class="marker teams-write${m.t.to === 'cleared' ? ' cleared' : ''}" x="${(mx - 3).toFixed(1)}" y="${ty}" width="6" height="${TEAMS_STRIP}"/>${label}</g>`;
      }
      return `<g class="mark" data-n="${m.n}" data-run="${esc(m.run.id)}">${leader}<circle class="marker run ${m.run.outcome}" cx="${mx.toFixed(1)}" cy="${barY + BAR / 2}" r="4"/>${label}</g>`;
    });
    return `<g class="lane" data-user-id="${esc(u.userId)}"><line class="sep" x1="0" x2="${WIDTH}" y1="${top - 3}" y2="${top - 3}"/><text x="${LEFT - 8}" y="${barY + 13}" class="name">${esc(u.name)}</text>${rects.join('')}${markSvg.join('')}</g>`;
  });
  const height = y + 4;
  const ticks = Array.from({ length: 13 }, (_, i) => new Date(a + (i * span) / 12).toISOString()).map(
    (t) => `<line x1="${x(t).toFixed(1)}" y1="16" x2="${x(t).toFixed(1)}" y2="${height}" class="tick"/><text x="${x(t).toFixed(1)}" y="12" class="tl">${span > 2 * 3_600_000 ? t.slice(11, 16) : t.slice(11, 19)}</text>`,
  );
  const shown = new Set(r.users.flatMap((u) => u.spans.map((s) => s.systemPresence)));
  const legend = [
    ...Object.entries(COLOURS)
      .filter(([k]) => shown.has(k))
      .map(([k, c]) => [presenceName(k), c] as const),
    ...(r.preBreakPresence ? [[r.preBreakPresence.name, PRE_BREAK] as const] : []),
  ]
    .map(([k, c]) => `<span><i style="background:${c}"></i>${esc(k)}</span>`)
    .join(' ');
  const table = rows
    .sort((p, q) => p.m.n - q.m.n)
    .map(({ m, who }) => {
      const by = m.kind === 'change' ? `${esc(m.c.cause.label)}${m.c.cause.certainty === 'inferred' ? ' <em>(inferred)</em>' : ''}` : m.kind === 'teams' ? esc(`${AUTOMATION_LABEL[m.run.automation]}${m.run.original ? ' (original blueprint)' : ''}`) : m.run.outcome;
      return `<tr class="${m.kind}${m.kind === 'change' ? ` ${m.c.cause.kind}` : ''}"><td>${m.n}</td><td>${hhmmss(m.time)}</td><td>${esc(who)}</td><td>${esc(whatText(m, r))}</td><td>${by}</td><td class="detail">${esc(causeText(m))}</td></tr>`;
    })
    .join('');
  const failures = r.failures.map((f) => `<li><b>${esc(f.time)}</b> "${esc(f.flowName)}" — ${esc(f.error)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>presence-kit timeline ${esc(r.from)} – ${esc(r.to)}</title>
<style>
body{font:13px system-ui,sans-serif;margin:16px;color:#222;max-width:100%}
svg{display:block;width:100%;height:auto}
.name{text-anchor:end;font-size:12px;font-weight:600}
.tl{text-anchor:middle;font-size:10px;fill:#666}
.tick{stroke:#eee}.sep{stroke:#f3f3f3}
.in{font-size:10px;fill:#fff;pointer-events:none}
.label{font-size:10.5px;fill:#222}
.leader{stroke:#999;stroke-width:.7}
.marker.change{fill:#111}
.marker.change.pre-break{fill:${PRE_BREAK};stroke:#111}
.marker.change.person{fill:#fff;stroke:#111;stroke-width:1.5}
.marker.change.fallback{fill:#f2b134;stroke:#111}
.marker.teams-write{fill:#5059c9}.marker.teams-write.cleared{fill:#fff;stroke:#5059c9}
.marker.run.failed{fill:#fff;stroke:#d00;stroke-width:2}
.marker.run.held{fill:#fff;stroke:#333;stroke-width:1.5}
.legend span{margin-right:12px;white-space:nowrap}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
.key span{margin-right:14px;white-space:nowrap}
table{border-collapse:collapse;width:100%;table-layout:fixed;margin-top:12px}
th,td{border-bottom:1px solid #e5e5e5;padding:3px 6px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f6f6}
col.n{width:3em}col.t{width:6em}col.who{width:12em}col.what{width:16em}col.by{width:10em}
tr.person td{background:#fafafa}
</style></head><body>
<h1>Presence timeline</h1>
<p>${esc(r.from)} → ${esc(r.to)} (UTC) · ${r.users.length} ${r.users.length === 1 ? 'person' : 'people'} · ${rows.length} numbered mark${rows.length === 1 ? '' : 's'}, each a row of the table below.</p>
<p class="key"><span>▼ a change an automation made</span> <span>○ a change a person made (no automation wrote it)</span> <span>▼ in amber: the automation used its fallback</span> <span>▮ blue, under the lane: a Teams change Genesys made</span> <span>◯ a run that changed nothing (a rule held)</span> <span>red ◯ a failed run</span></p>
<p class="legend">${legend}</p>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${WIDTH} ${height}" role="img" aria-label="presence swimlanes">${ticks.join('')}${lanes.join('')}</svg>
<h2>Changes</h2>
${rows.length ? `<table class="changes"><colgroup><col class="n"><col class="t"><col class="who"><col class="what"><col class="by"><col></colgroup><thead><tr><th>#</th><th>Time</th><th>Who</th><th>What</th><th>By</th><th>Why (run, rule, fallback)</th></tr></thead><tbody>${table}</tbody></table>` : '<p>No presence changes and no automation runs in this window.</p>'}
${failures ? `<h2>Failed runs</h2><ul class="failures">${failures}</ul>` : ''}
</body></html>
`;
}
