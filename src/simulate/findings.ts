import { permissionsNamed, type ErrorBody } from '../genesys/errors.js';
import type { SimulationReport } from './session.js';

/**
 * What a simulation's reader must not miss, read from the workflow runs: a workflow or data action
 * that failed (the command then exits non-zero), and a lookup that found nothing so the workflow
 * took its fallback (a mistyped Teams status gets the fallback presence). Pure.
 */
export interface Finding {
  kind: 'failure' | 'fallback';
  text: string;
}

export function findings(r: Pick<SimulationReport, 'executions'>): Finding[] {
  const out: Finding[] = [];
  for (const e of r.executions) {
    for (const s of e.steps) {
      const d = (s.detail ?? {}) as { outcome?: string; dataAction?: string; dataTable?: string; key?: string; response?: { status?: number; body?: unknown } };
      if (s.action === 'callData' && d.outcome && d.outcome !== 'success')
        out.push({ kind: 'failure', text: `data action "${d.dataAction ?? s.name}" in workflow "${e.name}" failed (${d.outcome}${d.response?.status ? `, HTTP ${d.response.status}` : ''})${missingPermission(d.response)}` });
      // Only a lookup whose miss the workflow answers with its fallback: a miss that is routine
      // (no remembered presence for this user yet) is not news.
      const fallback = s.action === 'dataTableLookup' && d.outcome === 'notFound' ? fallbackStep(e.steps, s) : undefined;
      if (fallback) out.push({ kind: 'fallback', text: `"${d.key}" is not a key of data table "${d.dataTable}": workflow "${e.name}" took its fallback ("${fallback}")` });
    }
    if (e.status === 'FAILED') out.push({ kind: 'failure', text: `workflow "${e.name}" failed: ${e.error?.message ?? 'no message'}` });
  }
  return out;
}

/** The step after a lookup when it is the workflow's fallback ("Use Fallback Presence"), else undefined. */
function fallbackStep(steps: SimulationReport['executions'][number]['steps'], lookup: SimulationReport['executions'][number]['steps'][number]): string | undefined {
  const next = steps[steps.indexOf(lookup) + 1];
  return next && /fallback/i.test(next.name) ? next.name : undefined;
}

/**
 * The presences the user went through, in order: "Available → Busy → Available", not only the
 * first and the last (which read "Available → Available" after a whole call).
 */
export function presencePath(r: Pick<SimulationReport, 'presence'>): string {
  const path = [r.presence.before];
  for (const c of r.presence.changes) if (c.systemPresence !== path.at(-1)) path.push(c.systemPresence);
  if (path.at(-1) !== r.presence.after) path.push(r.presence.after);
  return path.length === 1 ? `${path[0]} (unchanged)` : path.join(' → ');
}

/** A 403's missing permission, said so the reader knows what to add to the integration's role. */
function missingPermission(response: { status?: number; body?: unknown } | undefined): string {
  if (response?.status !== 403 || typeof response.body !== 'object' || response.body === null) return '';
  const perms = permissionsNamed(response.body as ErrorBody);
  return perms.length ? `: its integration's OAuth client lacks ${perms.join(' or ')} (add it to that client's role)` : '';
}

/** The Teams presences (activities) the user went through: "Available → Presenting → Available", not only the ends. */
export function teamsPath(r: Pick<SimulationReport, 'teams'>): string {
  const path = [r.teams?.before ?? '?'];
  for (const c of r.teams?.changes ?? []) if (c.activity !== path.at(-1)) path.push(c.activity);
  const after = r.teams?.after ?? '?';
  if (path.at(-1) !== after) path.push(after);
  return path.length === 1 ? `${path[0]} (unchanged)` : path.join(' → ');
}
