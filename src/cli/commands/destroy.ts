import type { Command } from 'commander';
import { commaList, DEPLOYMENT_HELP, sandboxOption } from '../options.js';
import { makeOutput } from '../output.js';

/**
 * `presence-kit destroy`: the one-off teardown. Deletes only what presence-kit created (dependants
 * first); adopted entities are put back as they were before adoption (deleted with `--include-adopted`).
 */
export function register(program: Command): void {
  sandboxOption(program.command('destroy'))
    .description('delete what presence-kit created for the blueprints; put back what it adopted (deleted only with --include-adopted)')
    .option('--blueprint <names>', 'blueprints to tear down, comma-separated or repeated (default: every deployed one)', commaList, [])
    .option('--include-adopted', 'also delete resources presence-kit adopted (found by name, made by someone else)')
    .option('-y, --yes', 'delete without asking')
    .option('--deployment <id>', DEPLOYMENT_HELP)
    .option('--json', 'print the result as JSON (human output goes to stderr)')
    .action(async (o: { blueprint: string[]; includeAdopted?: boolean; yes?: boolean; json?: boolean; deployment?: string; sandbox?: boolean }) => {
      const [{ planDestroy, withLock }, { confirmAndRun }, { openCommandTarget }, { interruptible }] = await Promise.all([
        import('../../engine/index.js'),
        import('../run-plan.js'),
        import('../target.js'),
        import('../interrupt.js'),
      ]);
      const out = makeOutput(Boolean(o.json));
      const target = await openCommandTarget(out, { sandbox: o.sandbox, writes: true });
      try {
        await interruptible('destroy', Boolean(o.json), (stopper) =>
          withLock(process.cwd(), 'destroy', async () =>
            confirmAndRun(await planDestroy({ client: target.client, blueprints: o.blueprint, includeAdopted: o.includeAdopted, deployment: o.deployment }), o, 'destroy', out, stopper),
          ),
        );
      } finally {
        await target.close();
      }
    });
}
