import type { BreakOutcome, GroupSummary, PreBreakReport } from './pre-break-outcomes.js';

/** `report pre-break`'s terminal table and its self-contained HTML page (a chart of lateness, the summary, every break). */
const hhmm = (iso?: string) => (iso ? iso.slice(11, 16) : '—');
const mins = (n?: number) => (n === undefined ? '—' : `${n > 0 ? '+' : ''}${n} min`);
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

const summaryCells = (g: GroupSummary) => [String(g.breaks), String(g.entered), mins(g.medianMinutesLate), mins(g.p90MinutesLate), String(g.neverEntered), String(g.stayedInPreBreak)];
const SUMMARY_HEAD = ['BREAKS', 'ENTERED', 'MEDIAN LATE', 'P90 LATE', 'NEVER ENTERED', 'IN PRE-BREAK AFTER END'];
const ROW_HEAD = ['AGENT', 'CATEGORY', 'SCHEDULED', 'SWITCHED', 'ENTERED', 'LATE', 'PRE-BREAK AFTER END'];
const rowCells = (b: BreakOutcome) => [b.name ?? b.userId, b.category, `${hhmm(b.scheduledStart)}–${hhmm(b.scheduledEnd)}`, hhmm(b.switchedAt), hhmm(b.enteredAt), mins(b.minutesLate), b.preBreakAfterEndMinutes === undefined ? '' : `${b.preBreakAfterEndMinutes} min`];

function table(head: string[], rows: string[][]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [head, ...rows].map((r) => r.map((c, i) => c.padEnd(w[i]!)).join('  ').trimEnd()).join('\n');
}

export function renderPreBreakText(r: PreBreakReport): string {
  const { switched, notSwitched } = r.summary;
  if (!r.breaks.length) return `No scheduled breaks or meals of agents at work ${r.from} → ${r.to}${r.notAtWork ? ` (${r.notAtWork} left out: the agent was Offline at the start)` : ''}.`;
  return [
    `Pre-break outcomes ${r.from} → ${r.to} (UTC): ${r.breaks.length} scheduled break(s) and meal(s)${r.notAtWork ? ` (${r.notAtWork} more left out: the agent was Offline at the start)` : ''}; lateness = entering the break's own presence against the schedule`,
    '',
    table(['', ...SUMMARY_HEAD], [
      [`switched to ${r.preBreakPresence.name}`, ...summaryCells(switched)],
      ['not switched', ...summaryCells(notSwitched)],
    ]),
    '',
    table(ROW_HEAD, r.breaks.map(rowCells)),
  ].join('\n');
}

/** Lateness per break as dots on two rows (switched, not switched), each with its median and p90 marked. */
function chart(r: PreBreakReport): string {
  const W = 1100;
  const left = 250;
  const plot = W - left - 30;
  const late = r.breaks.flatMap((b) => (b.minutesLate === undefined ? [] : [b.minutesLate]));
  const lo = Math.min(-2, Math.floor(Math.min(0, ...late)));
  const hi = Math.max(10, Math.ceil(Math.max(0, ...late)));
  const x = (m: number) => left + ((m - lo) / (hi - lo)) * plot;
  const groups: Array<[string, string, GroupSummary, BreakOutcome[]]> = [
    ['switched', `switched to ${r.preBreakPresence.name}`, r.summary.switched, r.breaks.filter((b) => b.switchedAt)],
    ['not-switched', 'not switched', r.summary.notSwitched, r.breaks.filter((b) => !b.switchedAt)],
  ];
  const rowH = 80;
  const ticks: string[] = [];
  const step = hi - lo > 30 ? 5 : hi - lo > 12 ? 2 : 1;
  for (let m = Math.ceil(lo / step) * step; m <= hi; m += step)
    ticks.push(`<line class="grid${m === 0 ? ' zero' : ''}" x1="${x(m).toFixed(1)}" x2="${x(m).toFixed(1)}" y1="20" y2="${20 + groups.length * rowH}"/><text class="tick" x="${x(m).toFixed(1)}" y="${34 + groups.length * rowH}">${m}</text>`);
  const rows = groups.map(([cls, label, g, list], i) => {
    const cy = 20 + i * rowH + rowH / 2;
    // Dots at the same minute are stacked a little apart, so each break shows.
    const seen = new Map<number, number>();
    const dots = list
      .filter((b) => b.minutesLate !== undefined)
      .map((b) => {
        const k = Math.round(b.minutesLate! * 2);
        const n = seen.get(k) ?? 0;
        seen.set(k, n + 1);
        return `<circle class="dot ${cls}" cx="${x(b.minutesLate!).toFixed(1)}" cy="${(cy + ((n % 7) - 3) * 5).toFixed(1)}" r="4"><title>${esc(`${b.name ?? b.userId} ${b.category} ${hhmm(b.scheduledStart)}: ${mins(b.minutesLate)}`)}</title></circle>`;
      });
    // The median is labelled above the row and the p90 below it, so close values never overlap.
    const mark = (v: number | undefined, what: 'median' | 'p90') =>
      v === undefined
        ? ''
        : `<line class="stat ${what}" x1="${x(v).toFixed(1)}" x2="${x(v).toFixed(1)}" y1="${cy - 24}" y2="${cy + 24}"/><text class="stat-label" x="${(x(v) + 3).toFixed(1)}" y="${what === 'median' ? cy - 26 : cy + 33}">${what} ${mins(v)}</text>`;
    return `<g class="group ${cls}"><text class="glabel" x="${left - 10}" y="${cy + 4}">${esc(label)} (${g.entered}/${g.breaks})</text>${dots.join('')}${mark(g.medianMinutesLate, 'median')}${mark(g.p90MinutesLate, 'p90')}</g>`;
  });
  const H = 50 + groups.length * rowH;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-label="minutes late per break, switched and not switched">${ticks.join('')}${rows.join('')}<text class="axis" x="${left + plot / 2}" y="${H - 2}">minutes late entering the break (negative: early)</text></svg>`;
}

export function renderPreBreakHtml(r: PreBreakReport): string {
  const { switched, notSwitched } = r.summary;
  const summary = `<table class="summary"><thead><tr><th></th>${SUMMARY_HEAD.map((h) => `<th>${esc(h.toLowerCase())}</th>`).join('')}</tr></thead><tbody>${[
    ['switched', `switched to ${r.preBreakPresence.name}`, switched] as const,
    ['not-switched', 'not switched', notSwitched] as const,
  ]
    .map(([cls, label, g]) => `<tr class="${cls}"><th>${esc(label)}</th>${summaryCells(g).map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('')}</tbody></table>`;
  const rows = r.breaks
    .map((b) => `<tr class="${b.switchedAt ? 'switched' : 'not-switched'}${b.preBreakAfterEndMinutes !== undefined ? ' stayed' : ''}">${rowCells(b).map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
    .join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>presence-kit: pre-break outcomes ${esc(r.from)} – ${esc(r.to)}</title>
<style>
body{font:13px system-ui,sans-serif;margin:16px;color:#222}
svg{display:block;width:100%;max-width:1100px;height:auto}
.grid{stroke:#eee}.grid.zero{stroke:#999}.tick{font-size:10px;fill:#666;text-anchor:middle}.axis{font-size:11px;fill:#444;text-anchor:middle}
.glabel{text-anchor:end;font-size:12px;font-weight:600}
.dot.switched{fill:#e377c2;fill-opacity:.8}.dot.not-switched{fill:#4a90d9;fill-opacity:.8}
.stat{stroke:#111;stroke-width:2}.stat.p90{stroke-dasharray:4 3}.stat-label{font-size:10.5px}
table{border-collapse:collapse;margin:10px 0;width:100%;table-layout:auto}
th,td{border-bottom:1px solid #e5e5e5;padding:3px 8px;text-align:left;overflow-wrap:anywhere}
thead th{background:#f6f6f6}
tr.stayed td{background:#fdf0f8}
</style></head><body>
<h1>Did pre-break help?</h1>
<p>${esc(r.from)} → ${esc(r.to)} (UTC) · ${r.breaks.length} scheduled break(s) and meal(s)${r.notAtWork ? ` (${r.notAtWork} left out: the agent was Offline at the start)` : ''}. Late = the minutes from the scheduled start until the agent entered the break's own presence (Break or Meal, not ${esc(r.preBreakPresence.name)}).</p>
${chart(r)}
<h2>Summary</h2>
${summary}
<h2>Every break</h2>
<table class="breaks"><thead><tr>${ROW_HEAD.map((h) => `<th>${esc(h.toLowerCase())}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>
<p class="sources">Read from: ${r.sources.map(esc).join('; ')}.</p>
</body></html>
`;
}
