import chalk from 'chalk';
import type { GenesysClient } from '../genesys/client.js';
import type { SandboxControl } from '../simulate/control.js';
import { describeHold } from '../simulate/policy-hold.js';
import { demoUser, putAnotherUserIn, runCallSimulation, sandboxFor, type UserRef } from '../simulate/session.js';
import { renderTimeline } from '../simulate/timeline.js';
import type { Answers } from './answers.js';
import type { Where } from './where.js';

/**
 * The end of a run on a throw-away sandbox (`npm start`): one Communicate call driven through the
 * runtime's own simulate helpers, so the user sees Busy → Available happen before the sandbox goes;
 * then, with pre-break installed, the presence policy at work: an agent in Pre-Break takes a call
 * and stays in Pre-Break.
 */
export async function demoCall(where: Where, answers: Answers): Promise<string[]> {
  if (where.kind !== 'sandbox' || !answers.blueprints.includes('communicate-call')) return [];
  const ctl = await sandboxFor(where.target);
  const user = await demoUser(where.target.client);
  if (!user) return [chalk.yellow('The sandbox has no users to call: skipped the demo call.')];
  const r = await runCallSimulation(where.target.client, ctl, user, { direction: 'inbound', answerAfterSeconds: 5, durationSeconds: 120 });
  const seen = r.presence.changes.map((c) => c.systemPresence);
  // The admin may have chosen other presences than Busy/Available (e.g. Meeting): what proves the
  // automation works is a change when answered and another one when the call ended.
  const [during, after] = [seen[0], seen.at(-1)];
  const changedTwice = seen.length >= 2 && during !== r.presence.before && after !== during;
  const policy = await preBreakDemo(where.target.client, ctl, answers, user);
  return [
    '',
    chalk.bold(`A Communicate call on the sandbox, for ${user.name}:`),
    ...renderTimeline(r.timeline).split('\n').map((l) => `  ${l}`),
    '',
    changedTwice
      ? `${chalk.green('✓')} ${user.name} went ${during} when they answered and ${after} when the call ended.`
      : `${chalk.yellow('!')} presence ${r.presence.before} → ${r.presence.after} (${seen.join(' → ') || 'no change'})`,
    ...policy,
    chalk.dim(
      where.temporary
        ? 'This sandbox was temporary and is now gone. Run `presence-kit setup` in a terminal to keep one and try more.'
        : `Try more: presence-kit simulate call --user "${user.name}" --answer-after 40s, or --queue for an ACD call (left alone).`,
    ),
  ];
}

/** The second demo: another user put in Pre-Break (as the pre-break job would) takes a Communicate call. */
async function preBreakDemo(client: GenesysClient, ctl: SandboxControl, answers: Answers, first: UserRef): Promise<string[]> {
  if (!answers.blueprints.includes('pre-break')) return [];
  const name = String(answers.variables.preBreakPresenceName ?? 'Pre-Break');
  const agent = await putAnotherUserIn(client, name, first.id);
  if (!agent) return [];
  const r = await runCallSimulation(client, ctl, agent, { direction: 'inbound', answerAfterSeconds: 5, durationSeconds: 60 });
  const held = r.held[0];
  const stayed = r.presence.changes.length === 0 && r.presence.after === name;
  return [
    '',
    chalk.bold(`The presence policy: ${agent.name} is in ${name} (a break is due) and takes a Communicate call:`),
    ...renderTimeline(r.timeline).split('\n').map((l) => `  ${l}`),
    '',
    stayed
      ? `${chalk.green('✓')} ${agent.name} stayed in ${name}: presence ${name} → … → ${r.presence.after}${held ? `, ${describeHold(held, name)}` : ''}.`
      : `${chalk.yellow('!')} presence ${r.presence.before} → ${r.presence.after} (${r.presence.changes.map((c) => c.systemPresence).join(' → ')})`,
    '',
  ];
}
