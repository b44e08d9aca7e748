import type { Command } from 'commander';
import type { JobFlags } from '../../jobs/pre-break/config.js';
import { UserError } from '../errors.js';
import { repeatable, sandboxOption } from '../options.js';

/** `presence-kit pre-break`: parse, connect (env org, credentials file, or the embedded sandbox), run the job, print. */
export function register(program: Command): void {
  sandboxOption(program.command('pre-break'))
    .description('Switch On Queue agents to the Pre-Break presence shortly before their scheduled WFM breaks (one tick, or a loop with --every)')
    .option('--management-unit <id>', 'a WFM management unit to cover (repeatable)', repeatable, [])
    .option('--all', 'every management unit the OAuth client can see')
    .option('--categories <list>', 'activity-code categories that count as breaks (default Break,Meal)')
    .option('--lead <duration>', 'how long before a break to switch (default 15m)')
    .option('--tick <duration>', 'how often the job runs (default 1m)')
    .option('--every <duration>', 'keep running, one tick every period, aligned to the clock')
    .option('--refresh <duration>', 'with --every: read the schedules again after this long (default 15m; env PRE_BREAK_REFRESH)')
    .option('--now <iso>', 'evaluate the tick as of this instant (replays, dry runs of "what happens at 09:45")')
    .option('--dry-run', 'print the plan, change nothing')
    .option('--json', 'print the result as JSON on stdout')
    .option('--presence-id <id>', 'the pre-break presence definition id (env PRE_BREAK_PRESENCE_ID)')
    .option('--presence-name <name>', 'look the presence up by name instead (default "Pre-Break")')
    .option('--credentials <file>', 'the credentials file the pre-break blueprint writes')
    .option('--at-break-start <who>', "who moves an agent still in Pre-Break into the break's presence when it starts: agent (default) or job (env PRE_BREAK_AT_BREAK_START)")
    .option('--release-after <duration>', 'put an agent still in Pre-Break this long after their break ended back On Queue (default never; env PRE_BREAK_RELEASE_AFTER)')
    .action(async (o: JobFlags & { json?: boolean; managementUnit: string[]; sandbox?: boolean }) => {
      const [{ ConfigError }, { resolveJobSettings }, { executeJob }, { openJobTarget, jobTargetLine }, { targetClock }] = await Promise.all([
        import('../../genesys/config.js'),
        import('../../jobs/pre-break/config.js'),
        import('../../jobs/pre-break/invoke.js'),
        import('../target.js'),
        import('../target-clock.js'),
      ]);
      let settings;
      try {
        settings = resolveJobSettings({ ...o, managementUnit: o.managementUnit.length ? o.managementUnit : undefined });
      } catch (e) {
        if (e instanceof ConfigError) throw new UserError(e.message, 2);
        throw e;
      }
      const target = await openJobTarget(settings, { sandbox: o.sandbox, writes: !o.dryRun });
      // Its target first, as every command's (on stderr with --json: stdout stays the one document).
      (o.json ? process.stderr : process.stdout).write(jobTargetLine(target.client) + '\n');
      const abort = new AbortController();
      const stop = () => abort.abort();
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      try {
        // Without --now the tick is the target's "now": a sandbox's clock, or this machine's checked against Genesys's.
        const clock = settings.tick.nowMs === undefined ? await targetClock(target.client, { warn: (m) => process.stderr.write(m + '\n') }) : undefined;
        await executeJob(target.client, settings, {
          ...(clock ? { now: clock.now } : {}),
          json: o.json ?? false,
          stdout: (t) => process.stdout.write(t + '\n'),
          stderr: (t) => process.stderr.write(t + '\n'),
          signal: abort.signal,
        });
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await target.close();
      }
    });
}
