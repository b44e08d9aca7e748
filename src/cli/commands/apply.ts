import type { Command } from 'commander';
import { blueprintOptions, engineInputs, sandboxOption, type BlueprintFlags } from '../options.js';
import { makeOutput } from '../output.js';
import { OVERLAP_HELP, type OverlapFlags } from '../overlap-flags.js';

/**
 * `presence-kit apply`: prints the plan, asks (or takes `--yes`), then runs it with a line per
 * resource. Idempotent: a second run writes nothing and says so.
 */
export function register(program: Command): void {
  sandboxOption(blueprintOptions(program.command('apply').description('create or update what the blueprints need, in dependency order (idempotent, resumable)')))
    .option('-y, --yes', 'apply without asking')
    .option('--allow-overlap', OVERLAP_HELP.allow)
    .option('--disable-overlapping', OVERLAP_HELP.disable)
    .action(async (o: BlueprintFlags & OverlapFlags & { yes?: boolean; sandbox?: boolean }) => {
      const [{ plan, withLock }, { confirmAndRun, withSavedAnswers }, { openCommandTarget }, { interruptible }] = await Promise.all([
        import('../../engine/index.js'),
        import('../run-plan.js'),
        import('../target.js'),
        import('../interrupt.js'),
      ]);
      const { inputs, overlap } = withSavedAnswers(engineInputs(o), o);
      const out = makeOutput(Boolean(o.json));
      const target = await openCommandTarget(out, { sandbox: o.sandbox, writes: true });
      try {
        // One writer at a time: the plan is made and run under the lock, so no other run's writes slip in between.
        await interruptible('apply', Boolean(o.json), (stopper) =>
          withLock(process.cwd(), 'apply', async () => confirmAndRun(await plan({ client: target.client, ...inputs }), { ...o, ...overlap }, 'apply', out, stopper)),
        );
      } finally {
        await target.close();
      }
    });
}
