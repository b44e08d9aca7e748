import type { Command } from 'commander';
import { blueprintOptions, DETAILED_EXITCODE, engineInputs, EXIT_CHANGES, sandboxOption, type BlueprintFlags } from '../options.js';
import { makeOutput } from '../output.js';

/**
 * `presence-kit plan`: what `apply` would do, resource by resource, with the reason and the fields
 * that differ. Reads only.
 */
export function register(program: Command): void {
  sandboxOption(blueprintOptions(program.command('plan').description('show what apply would create, update, adopt or delete, and why (reads only)')))
    .option(DETAILED_EXITCODE, 'exit 2 when apply would change something (0 no changes, 1 error) — for CI')
    .action(async (o: BlueprintFlags & { detailedExitcode?: boolean; sandbox?: boolean }) => {
      const [{ plan, renderPlan, hasChanges }, { openCommandTarget }] = await Promise.all([import('../../engine/index.js'), import('../target.js')]);
      const out = makeOutput(Boolean(o.json));
      const target = await openCommandTarget(out, { sandbox: o.sandbox });
      try {
        const p = await plan({ client: target.client, ...engineInputs(o) });
        out.result(p, renderPlan(p));
        if (o.detailedExitcode && hasChanges(p)) process.exitCode = EXIT_CHANGES;
      } finally {
        await target.close();
      }
    });
}
