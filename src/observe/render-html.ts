import type { UserTimeline } from './attribution.js';
import { describeCause, presenceLabel } from './render-text.js';
import type { TimelineReport } from './timeline.js';

/**
 * `timeline --html`: one self-contained page (inline CSS and SVG, no script, no network): a lane
 * per user coloured by presence, a marker for every change an automation made and for every run
 * that held or failed, a tooltip (<title>) on each. Lanes are 18 px, so 50 users fit one screen.
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

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function renderTimelineHtml(r: TimelineReport): string {
  const lane = 18;
  const gap = 4;
  const left = 180;
  const width = 1200;
  const a = Date.parse(r.from);
  const span = Math.max(1, Date.parse(r.to) - a);
  const x = (iso: string) => left + Math.min(width, Math.max(0, ((Date.parse(iso) - a) / span) * width));
  const height = 30 + r.users.length * (lane + gap) + 10;
  const ticks = Array.from({ length: 13 }, (_, i) => a + (i * span) / 12).map(
    (t) => `<line x1="${x(new Date(t).toISOString())}" y1="20" x2="${x(new Date(t).toISOString())}" y2="${height - 10}" class="tick"/><text x="${x(new Date(t).toISOString())}" y="14" class="tl">${new Date(t).toISOString().slice(11, 16)}</text>`,
  );
  const lanes = r.users.map((u: UserTimeline, i) => {
    const y = 26 + i * (lane + gap);
    const rects = u.spans.map((s) => {
      const start = s.start < r.from ? r.from : s.start;
      const end = s.end === undefined || s.end > r.to ? r.to : s.end;
      if (end <= start) return '';
      const colour = s.presenceId && s.presenceId === r.preBreakPresence?.id ? PRE_BREAK : (COLOURS[s.systemPresence] ?? '#ddd');
      return `<rect class="span" x="${x(start)}" y="${y}" width="${Math.max(0.5, x(end) - x(start))}" height="${lane}" fill="${colour}"><title>${esc(`${presenceLabel(s.systemPresence, s.presenceName)} ${s.start.slice(11, 19)}–${s.end?.slice(11, 19) ?? 'now'}`)}</title></rect>`;
    });
    const changeMarks = u.changes
      .filter((c) => c.cause.kind !== 'person')
      .map((c) => `<path class="marker change ${c.cause.kind}" data-run="${esc(c.cause.runId ?? '')}" d="M${x(c.time)} ${y - 2} l4 -5 h-8 z"><title>${esc(`${c.time.slice(11, 19)} → ${presenceLabel(c.to, c.presenceName)} by ${describeCause(c.cause)}`)}</title></path>`);
    const runMarks = u.runs
      .filter((run) => run.outcome === 'failed' || run.outcome === 'held')
      .map((run) => `<circle class="marker run ${run.outcome}" data-run="${esc(run.id)}" cx="${x(run.start)}" cy="${y + lane / 2}" r="4"><title>${esc(`${run.start.slice(11, 19)} "${run.flowName}" ${run.outcome === 'failed' ? `failed: ${run.error}` : `held${run.rule ? ` (rule: ${run.rule})` : ''}`}`)}</title></circle>`);
    return `<g class="lane" data-user-id="${esc(u.userId)}"><text x="${left - 6}" y="${y + 13}" class="name">${esc(u.name)}</text>${rects.join('')}${changeMarks.join('')}${runMarks.join('')}</g>`;
  });
  const legend = [...Object.entries(COLOURS), ...(r.preBreakPresence ? [[r.preBreakPresence.name, PRE_BREAK] as const] : [])]
    .map(([k, c]) => `<span><i style="background:${c}"></i>${esc(k)}</span>`)
    .join('');
  const failures = r.failures.map((f) => `<li><b>${esc(f.time)}</b> "${esc(f.flowName)}" — ${esc(f.error)}</li>`).join('');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>presence-kit timeline ${esc(r.from)} – ${esc(r.to)}</title>
<style>
body{font:13px system-ui,sans-serif;margin:16px;color:#222}
svg{display:block}
.name{text-anchor:end;font-size:12px}
.tl{text-anchor:middle;font-size:10px;fill:#666}
.tick{stroke:#eee}
.marker.change{fill:#111}
.marker.change.pre-break{fill:${PRE_BREAK};stroke:#111}
.marker.run.failed{fill:#fff;stroke:#d00;stroke-width:2}
.marker.run.held{fill:#fff;stroke:#333;stroke-width:1.5}
.legend span{margin-right:12px;white-space:nowrap}.legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
</style></head><body>
<h1>Presence timeline</h1>
<p>${esc(r.from)} → ${esc(r.to)} (UTC) · ${r.users.length} user${r.users.length === 1 ? '' : 's'} · ▼ a change an automation made · ○ a run that changed nothing (the rule held) · red ○ a failed run. Hover for details.</p>
<p class="legend">${legend}</p>
<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 20}" height="${height}" role="img" aria-label="presence swimlanes">${ticks.join('')}${lanes.join('')}</svg>
${failures ? `<h2>Failed runs</h2><ul class="failures">${failures}</ul>` : ''}
</body></html>
`;
}
