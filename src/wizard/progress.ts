import chalk from 'chalk';
import type { ProgressEvent } from '../engine/apply.js';
import { errorLine, GenesysError } from '../genesys/errors.js';
import { RESOURCES } from '../resources/index.js';
import type { WizardIO } from './io.js';

/**
 * Step 6: live progress — one line per resource that starts as "…" and turns into ✓ or ✗ with its
 * elapsed time (rewritten in place on a terminal; printed once when finished elsewhere). Resources
 * left as they were are counted, not listed, so the lines that matter stand out.
 */
const DID: Record<string, string> = { create: 'created', update: 'updated', adopt: 'adopted', delete: 'deleted' };

const what = (e: ProgressEvent) => `${RESOURCES[e.step.kind].label} "${e.step.name}"`;
const secs = (ms = 0) => chalk.dim(`(${(ms / 1000).toFixed(1)}s)`);

export function progressPrinter(io: WizardIO): { onProgress: (e: ProgressEvent) => void; unchanged: () => number } {
  let unchanged = 0;
  const onProgress = (e: ProgressEvent) => {
    const n = chalk.dim(`[${e.index + 1}/${e.total}]`);
    if (e.phase === 'start') {
      if (e.step.action !== 'noop') io.update?.(`  … ${n} ${e.step.action === 'delete' ? 'deleting' : e.step.action === 'create' ? 'creating' : 'checking'} ${what(e)}`);
      return;
    }
    if (e.phase === 'fail') {
      io.say(`  ${chalk.red('✗')} ${n} ${e.step.action} ${what(e)} ${secs(e.elapsedMs)}`);
      return;
    }
    if (e.performed === 'noop') {
      unchanged++;
      return;
    }
    io.say(`  ${chalk.green('✓')} ${n} ${DID[e.performed ?? e.step.action] ?? e.performed} ${what(e)} ${secs(e.elapsedMs)}`);
  };
  return { onProgress, unchanged: () => unchanged };
}

/** On failure: the exact resource, Genesys's own words, and what to do next. */
export function failureLines(err: unknown, failed: ProgressEvent | undefined): string[] {
  const lines: string[] = [];
  if (failed) lines.push(`${chalk.red('Failed:')} ${failed.step.action} ${what(failed)} (${failed.step.resource})`);
  const message = errorLine(err);
  lines.push(`  Genesys said: ${message}`);
  const fix = err instanceof GenesysError ? fixFor(err, failed) : undefined;
  // Re-running only helps once the cause is gone, so the fix comes first when there is one.
  if (fix) lines.push(`  What to do: ${fix}`);
  lines.push(
    `  ${fix ? 'Then' : 'What to do'}: run presence-kit setup again (or presence-kit apply --config presence-kit.config.json --yes): it resumes where it stopped, without duplicates`,
  );
  return lines;
}

function fixFor(err: GenesysError, failed: ProgressEvent | undefined): string | undefined {
  const kind = failed ? RESOURCES[failed.step.kind].label : 'resource';
  if (err.status === 403)
    return `grant the admin client ${err.missingPermissions.length ? err.missingPermissions.join(', ') : 'the missing permission'} (presence-kit doctor lists everything the blueprints need)`;
  if (err.status === 429 || err.status >= 500 || err.status === 0) return 'Genesys was busy or unreachable: wait a minute';
  // A name Genesys reserves or someone else holds: running again would only hit it again.
  if (err.status === 409 && /already exists|duplicate|in use/i.test(err.message))
    return `the org already has a ${kind} with that name that presence-kit may not take over: choose another name when setup asks (non-interactive: --set), or rename the existing one`;
  if (err.status === 409) return 'someone else changed it at the same time';
  if (err.status === 400) return `Genesys refused the ${kind}'s values: check the answers that fed it in presence-kit.config.json`;
  return undefined;
}
