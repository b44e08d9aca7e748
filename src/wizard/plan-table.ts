import chalk from 'chalk';
import type { Action, Plan, PlanStep } from '../engine/plan.js';
import { RESOURCES } from '../resources/index.js';

/**
 * Step 5: the plan as a table people read before saying yes — grouped by blueprint, one row per
 * resource: what will happen (create / update / keep / adopt), the kind as the admin UI calls it,
 * the name, and why. A resource two blueprints share is listed under the first and noted.
 */
const WORD: Record<Action, string> = { create: 'create', update: 'update', adopt: 'adopt', delete: 'delete', noop: 'keep' };
const PAINT: Record<Action, (s: string) => string> = { create: chalk.green, update: chalk.yellow, adopt: chalk.cyan, delete: chalk.red, noop: chalk.dim };

const kindLabel = (s: PlanStep) => RESOURCES[s.kind].label;

function why(s: PlanStep): string {
  if (s.action === 'noop') return '';
  if (s.action === 'update') return s.changes.map((c) => c.field).join(', ') || s.reason;
  if (s.action === 'create') return s.reason === 'not in the org' ? '' : s.reason;
  return s.reason;
}

export function planTable(plan: Plan): string[] {
  const lines: string[] = [];
  const kindW = Math.max(4, ...plan.steps.map((s) => kindLabel(s).length));
  const nameW = Math.min(48, Math.max(4, ...plan.steps.map((s) => s.name.length)));
  const shownUnder = new Set<PlanStep>();
  for (const bp of plan.blueprints) {
    const steps = plan.steps.filter((s) => s.blueprints.includes(bp));
    if (!steps.length) continue;
    lines.push(chalk.bold(bp));
    for (const s of steps) {
      const shared = shownUnder.has(s);
      shownUnder.add(s);
      const action = shared ? chalk.dim('shared') : PAINT[s.action](WORD[s.action].padEnd(6));
      const reason = shared ? chalk.dim(`(with ${s.blueprints.filter((b) => b !== bp).join(', ')})`) : chalk.dim(why(s));
      lines.push(`  ${shared ? action.padEnd(6 + action.length - 6) : action}  ${kindLabel(s).padEnd(kindW)}  ${s.name.padEnd(nameW)}  ${reason}`.trimEnd());
    }
  }
  lines.push(planCounts(plan));
  return lines;
}

export function planCounts(plan: Plan): string {
  const s = plan.summary;
  const parts = [`${s.create} to create`, `${s.update} to update`];
  if (s.adopt) parts.push(`${s.adopt} to adopt (found, made outside presence-kit)`);
  if (s.delete) parts.push(`${s.delete} to delete`);
  parts.push(`${s.noop} unchanged`);
  return `Plan: ${parts.join(', ')}.`;
}
