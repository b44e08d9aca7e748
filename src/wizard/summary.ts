import chalk from 'chalk';
import type { ApplyResult } from '../engine/apply.js';
import { RESOURCES } from '../resources/index.js';
import type { Answers } from './answers.js';
import { DEFAULT_PROTECTED_PRESENCES, PROTECTED_VARIABLE } from '../model/presence-policy.js';
import { policySummary } from '../policy/table.js';

/**
 * Step 7: what was done (names and ids), how to try it, how to remove it, and where the answers
 * went so CI can replay them.
 */
export interface SummaryInput {
  result: ApplyResult;
  answers: Answers;
  kind: 'sandbox' | 'org';
  /** The config file as the user should type it. */
  configFile: string;
  /** A user to try the call with (the sandbox), by email or name. */
  sampleUser?: string;
  /** The temporary sandbox is gone after this run: no "try it" or "remove it" commands. */
  temporary: boolean;
  /** Environment to put before later commands (an org typed into the wizard). */
  envHint?: string;
  /** The Genesys id of a resource (from the state file), by kind and name. */
  idOf?(kind: string, name: string): string | undefined;
}

const DONE: Record<string, string> = { create: 'created', update: 'updated', adopt: 'adopted', delete: 'deleted' };

export function preBreakCommand(jobs: Answers['jobs']): string | undefined {
  const pb = jobs?.preBreak;
  if (!pb) return undefined;
  const parts = ['presence-kit pre-break'];
  if (pb.all || !pb.managementUnitIds?.length) parts.push('--all');
  else for (const id of pb.managementUnitIds) parts.push(`--management-unit ${id}`);
  if (pb.lead) parts.push(`--lead ${pb.lead}`);
  parts.push('--every 1m');
  return parts.join(' ');
}

export function summaryLines(s: SummaryInput): string[] {
  const lines: string[] = [];
  const changed = s.result.steps.filter((x) => x.performed !== 'noop');
  if (s.result.writes === 0) lines.push(`${chalk.green('✓')} No changes: everything was already in place (${s.result.steps.length} resources checked, 0 writes).`);
  else lines.push(`${chalk.green('✓')} Done: ${changed.length} resource${changed.length === 1 ? '' : 's'} changed, ${s.result.writes} write${s.result.writes === 1 ? '' : 's'}.`);
  if (changed.length) {
    lines.push('', chalk.bold('What was set up:'));
    const w = Math.max(...changed.map((x) => RESOURCES[x.kind].label.length));
    // Ids line up in their own column; a name longer than the cap pushes only its own id along.
    const nameW = Math.min(48, Math.max(...changed.map((x) => x.name.length)));
    for (const x of changed) {
      const id = x.kind === 'credentials-file' ? undefined : (s.idOf?.(x.kind, x.name) ?? x.id);
      lines.push(`  ${(DONE[x.performed] ?? x.performed).padEnd(8)} ${RESOURCES[x.kind].label.padEnd(w)}  ${id ? `${x.name.padEnd(nameW)}  ${chalk.dim(id)}` : x.name}`);
    }
  }
  const bps = s.answers.blueprints;
  const protectedList = s.answers.variables[PROTECTED_VARIABLE];
  const policy = policySummary(bps, Array.isArray(protectedList) ? protectedList.map(String) : DEFAULT_PROTECTED_PRESENCES);
  if (policy.length) lines.push('', chalk.bold('Presence policy:'), ...policy);
  if (!s.temporary) {
    lines.push('', chalk.bold('Try it:'));
    if (bps.includes('communicate-call'))
      lines.push(
        s.kind === 'sandbox'
          ? `  presence-kit simulate call --user ${quote(s.sampleUser ?? '<user>')}    (a Communicate call: Busy, then Available)`
          : '  Make a Communicate (non-ACD) call to a user who is not On Queue: they turn Busy when they answer, Available when it ends.',
      );
    if (bps.includes('teams-presence'))
      lines.push(
        s.kind === 'sandbox'
          ? `  presence-kit simulate teams --user ${quote(s.sampleUser ?? '<user>')} --status DoNotDisturb`
          : '  Change a linked user’s Teams status: their Genesys presence follows the mapping table.',
      );
    const job = preBreakCommand(s.answers.jobs);
    if (bps.includes('pre-break') && job) lines.push(`  ${job}    (the pre-break job; credentials in .presence-kit/pre-break.credentials.json)`);
    lines.push('', chalk.bold('Remove it:'), `  ${withEnv(s, 'presence-kit destroy')}    (deletes only what presence-kit created)`);
  }
  lines.push(
    '',
    chalk.bold('Answers saved:'),
    `  ${s.configFile} (no secrets). Replay in CI: ${withEnv(s, `presence-kit apply --config ${s.configFile} --yes`)}`,
  );
  return lines;
}

const withEnv = (s: SummaryInput, cmd: string) => (s.envHint ? `${s.envHint} ${cmd}` : cmd);

const quote = (s: string) => (/\s/.test(s) ? `"${s}"` : s);
