import type { AgentRow, TickResult } from './result.js';

/** How a tick is shown: `--json` data (stable field order) or a table for people. */

/** The documented `--json` shape: `{due, changed, apiCalls, callsByEndpoint, agents}` first, context after. */
export function tickJson(r: TickResult) {
  return {
    due: r.due,
    changed: r.changed,
    apiCalls: r.apiCalls,
    callsByEndpoint: r.callsByEndpoint,
    agents: r.agents,
    now: r.now,
    putBack: r.putBack,
    ended: r.ended,
    window: r.window,
    cold: r.cold,
    refreshed: r.refreshed,
    remembered: r.remembered,
    notDone: r.notDone,
    dryRun: r.dryRun,
    presenceDefinition: r.presenceDefinition,
    managementUnits: r.managementUnits,
    errors: r.errors,
  };
}

const ACTION_TEXT: Record<AgentRow['action'], string> = {
  'set-pre-break': 'set Pre-Break',
  'already-pre-break': 'leave (already Pre-Break)',
  'on-break': 'leave (on break)',
  offline: 'leave (offline)',
  'off-queue': 'leave (off queue)',
  'not-routable': 'leave (On Queue, not IDLE/INTERACTING; again next tick)',
  'unknown-presence': 'leave (presence unknown)',
  'put-back': 'put back On Queue (break removed or moved)',
  'start-break': "move into the break's presence (the break starts; still in Pre-Break)",
  release: 'release back On Queue (still in Pre-Break after the break ended)',
};

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()).join('\n');
}

/** The plan as a table (agent, break start, current presence, action) and a summary line. */
export function tickTable(r: TickResult, muNames: ReadonlyMap<string, string> = new Map(r.managementUnits.map((m) => [m.id, m.name ?? m.id]))): string {
  const head = `${r.dryRun ? 'Dry run' : 'Tick'} at ${r.now}${r.cold ? ' (cold)' : ''}: breaks starting in (${r.window.start}, ${r.window.end}], schedules ${r.refreshed ? 'read' : 'from memory'}`;
  const summary =
    `${r.due} agent(s) due, ${r.dryRun ? `${r.agents.filter((a) => a.outcome === 'would-switch').length} would be` : `${r.changed}`} switched to ${r.presenceDefinition.name ?? r.presenceDefinition.id}` +
    `${r.putBack ? `, ${r.putBack} put back On Queue` : ''}${r.ended ? `, ${r.ended} moved out of Pre-Break` : ''}; ${r.apiCalls} API call(s)` +
    (r.notDone.length ? `\nNot done (deadline): ${r.notDone.join('; ')}` : '');
  if (r.agents.length === 0) return `${head}\n${summary}`;
  const rows = [
    ['AGENT', 'MANAGEMENT UNIT', 'BREAK START', 'CATEGORY', 'PRESENCE', 'ACTION'],
    ...r.agents.map((a) => [
      a.userId,
      muNames.get(a.managementUnitId) ?? a.managementUnitId,
      a.breakStart.replace('.000Z', 'Z'),
      a.category,
      a.presence,
      a.outcome === 'failed' ? `${ACTION_TEXT[a.action]} — FAILED` : a.outcome === 'not-done' ? `${ACTION_TEXT[a.action]} — NOT DONE (deadline)` : ACTION_TEXT[a.action],
    ]),
  ];
  return `${head}\n${table(rows)}\n${summary}`;
}
