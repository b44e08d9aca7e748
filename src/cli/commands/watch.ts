import type { Command } from 'commander';
import { commaList, deploymentOptions, sandboxOption, type DeploymentFlags } from '../options.js';
import type { WatchEvent } from '../../observe/watch.js';
import { makeOutput } from '../output.js';
import { UserError } from '../errors.js';

function line(e: WatchEvent, changeLine: typeof import('../../observe/render-text.js').changeLine): string {
  if (e.type === 'presence')
    return changeLine({ time: e.time, userId: e.userId, ...(e.from ? { from: e.from } : {}), ...(e.fromPresenceName ? { fromPresenceName: e.fromPresenceName } : {}), to: e.to, presenceId: e.presenceId, ...(e.presenceName ? { presenceName: e.presenceName } : {}), cause: e.cause }, e.name);
  if (e.type === 'routing') return `${e.time.slice(11, 19)}  ${e.name}  routing ${e.from ? `${e.from} → ` : ''}${e.to}`;
  return `-- channel ${e.channel}: ${e.status} (${e.topics} topics)${e.reason ? `: ${e.reason}` : ''}`;
}

/** Runs until Ctrl-C / SIGTERM (or, in tests, `watchAbort.current.abort()`). */
export function register(program: Command): void {
  deploymentOptions(sandboxOption(program.command('watch')))
    .description('live presence and routing-status changes (notification service), each attributed to what made it; Ctrl-C stops')
    .option('--user <user>', 'user id, email or name (repeat, or a,b,c)', commaList, [])
    .option('--all', 'every user of the org')
    .option('--pre-break-presence <name>', 'the pre-break presence\'s name (default: the deployment\'s preBreakPresenceName, as plan reads it; else Pre-Break)')
    .option('--json', 'one JSON object per line (NDJSON): presence, routing and status events')
    .action(async (o: DeploymentFlags & { user: string[]; all?: boolean; json?: boolean; preBreakPresence?: string; sandbox?: boolean }) => {
      if (Boolean(o.all) === o.user.length > 0) throw new UserError('give --user U… or --all', 2);
      const [{ openCommandTarget }, { usersNamed }, { watchPresence, topicBatches }, { changeLine }, { redactValue }, { observedDeployment }] = await Promise.all([
        import('../target.js'),
        import('../user-refs.js'),
        import('../../observe/watch.js'),
        import('../../observe/render-text.js'),
        import('../../genesys/redact.js'),
        import('../../observe/deployment.js'),
      ]);
      // Before connecting: a bad variable is the admin's to fix, whatever the org holds.
      const deployment = observedDeployment({ deployment: o.deployment, set: o.set, config: o.config });
      const human = makeOutput(Boolean(o.json));
      const target = await openCommandTarget(human, { sandbox: o.sandbox });
      const ac = new AbortController();
      const onSignal = () => ac.abort();
      process.once('SIGINT', onSignal);
      process.once('SIGTERM', onSignal);
      watchAbort.current = ac;
      try {
        const users = await usersNamed(target.client, o.all ? 'all' : o.user);
        try {
          topicBatches(users);
        } catch (e) {
          throw new UserError((e as Error).message);
        }
        await watchPresence(target.client, users, {
          signal: ac.signal,
          preBreakPresenceName: o.preBreakPresence,
          deployment,
          onEvent: (e) => {
            if (o.json) process.stdout.write(JSON.stringify(redactValue(e)) + '\n');
            else if (e.type === 'status') human.warn(line(e, changeLine));
            else process.stdout.write(line(e, changeLine) + '\n');
          },
        });
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        watchAbort.current = undefined;
        await target.close();
      }
    });
}

/** The running watch's stopper (one per process): tests end an in-process `watch` with it. */
export const watchAbort: { current?: AbortController } = {};

