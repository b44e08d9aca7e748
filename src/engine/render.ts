import type { ProgressEvent, ApplyResult } from './apply.js';
import type { Action, Plan, PlanStep } from './plan.js';
import type { StatusReport } from './status.js';
import { RESOURCES } from '../resources/index.js';

/**
 * Plans, progress and status as text for people (the CLI and the setup wizard print these). Plain
 * strings, no colour decisions beyond symbols; secrets never reach here (plans hold none).
 */
const SYMBOL: Record<Action, string> = { create: '+', update: '~', adopt: '⇐', delete: '-', noop: '=' };

const label = (s: Pick<PlanStep, 'kind' | 'name'>) => `${RESOURCES[s.kind].label} "${s.name}"`;

const value = (v: unknown): string => {
  const t = typeof v === 'string' ? v : JSON.stringify(v);
  return t === undefined ? '(none)' : t.length > 100 ? `${t.slice(0, 97)}…` : t;
};

export function renderStep(s: PlanStep, verbose = true): string[] {
  const lines = [`  ${SYMBOL[s.action]} ${s.action.padEnd(6)} ${label(s)} — ${s.reason}`];
  if (verbose)
    for (const c of s.changes) {
      // "field — note", not "field: note": "secret: …" reads as a secret to the redactor.
      const detail = c.note ? ` — ${c.note}` : `: ${value(c.from)} → ${value(c.to)}`;
      lines.push(`        ${c.field}${detail}${c.replace ? ' (re-created)' : ''}`);
    }
  return lines;
}

export function summaryLine(summary: Record<Action, number>, kind: Plan['kind'] = 'apply'): string {
  if (kind === 'destroy') return `${summary.delete} to delete, ${summary.noop} to leave in place.`;
  return `${summary.create} to create, ${summary.update} to update, ${summary.adopt} to adopt, ${summary.delete} to delete, ${summary.noop} unchanged.`;
}

export function renderPlan(plan: Plan): string {
  const what = plan.kind === 'destroy' ? 'Teardown' : 'Plan';
  const lines = [...plan.notes.map((n) => `Note: ${n}`), `${what} for ${plan.blueprints.join(', ') || '(nothing deployed)'} (deployment "${plan.deployment}"):`];
  for (const s of plan.steps) lines.push(...renderStep(s, s.action !== 'noop'));
  lines.push(summaryLine(plan.summary, plan.kind));
  return lines.join('\n');
}

/** Whether running the plan would do anything (adopting counts: it changes what presence-kit manages). */
export const hasChanges = (plan: Plan) => plan.steps.some((s) => s.action !== 'noop');

export function renderProgress(e: ProgressEvent): string | undefined {
  if (e.phase === 'start') return undefined;
  const secs = `${((e.elapsedMs ?? 0) / 1000).toFixed(1)}s`;
  const n = `[${e.index + 1}/${e.total}]`;
  if (e.phase === 'fail') return `✗ ${n} ${e.step.action} ${label(e.step)} (${secs}): ${e.error}`;
  const did = e.performed ?? e.step.action;
  return `${did === 'noop' ? '·' : '✓'} ${n} ${did === 'noop' ? 'unchanged' : did} ${label(e.step)} (${secs})`;
}

export function renderResult(r: ApplyResult): string {
  const done = r.steps.filter((s) => s.performed !== 'noop').length;
  if (r.writes === 0) return `Nothing changed: 0 writes (${r.steps.length} resources checked).`;
  return `${r.kind === 'destroy' ? 'Teardown' : 'Apply'} complete: ${done} resource(s) changed, ${r.writes} write(s).`;
}

export function renderStatus(s: StatusReport): string {
  if (!s.blueprints.length) return 'Nothing deployed (no .presence-kit/state.json entries). Run `presence-kit apply`.';
  const lines = s.blueprints.map((b) => `${b.name}: applied ${b.appliedAt ?? '(partially — apply did not finish)'}`);
  for (const r of s.resources) {
    const mark = r.status === 'in-sync' ? '✓' : '!';
    lines.push(`  ${mark} ${r.status.padEnd(10)} ${RESOURCES[r.kind].label} "${r.name}"${r.createdBy === 'adopted' ? ' (adopted)' : r.createdBy === 'used' ? ' (used as it is)' : ''}${r.status === 'in-sync' ? '' : ` — ${r.reason}`}`);
    if (r.status !== 'in-sync') for (const c of r.changes) lines.push(`        ${c.field}${c.note ? ` — ${c.note}` : `: ${value(c.from)} → ${value(c.to)}`}`);
  }
  lines.push(s.inSync ? 'Everything matches the manifests.' : 'Drift found: `presence-kit apply` brings the org back to the manifests.');
  return lines.join('\n');
}
