import type { Command } from 'commander';
import { plan, withLock } from '../../engine/index.js';
import { blueprintOptions, engineInputs, type BlueprintFlags } from '../options.js';
import { makeOutput } from '../output.js';
import { confirmAndRun } from '../run-plan.js';
import { openTarget } from '../target.js';

/**
 * `presence-kit apply`: prints the plan, asks (or takes `--yes`), then runs it with a line per
 * resource. Idempotent: a second run writes nothing and says so.
 */
export function register(program: Command): void {
  blueprintOptions(program.command('apply').description('create or update what the blueprints need, in dependency order (idempotent, resumable)'))
    .option('-y, --yes', 'apply without asking')
    .action(async (o: BlueprintFlags & { yes?: boolean }) => {
      const out = makeOutput(Boolean(o.json));
      const target = await openTarget();
      try {
        // One writer at a time: the plan is made and run under the lock, so no other run's writes slip in between.
        await withLock(process.cwd(), 'apply', async () => confirmAndRun(await plan({ client: target.client, ...engineInputs(o) }), o, 'apply', out));
      } finally {
        await target.close();
      }
    });
}
