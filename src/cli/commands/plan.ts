import type { Command } from 'commander';
import { blueprintOptions, engineInputs, type BlueprintFlags } from '../options.js';
import { makeOutput } from '../output.js';

/**
 * `presence-kit plan`: what `apply` would do, resource by resource, with the reason and the fields
 * that differ. Reads only.
 */
export function register(program: Command): void {
  blueprintOptions(program.command('plan').description('show what apply would create, update, adopt or delete, and why (reads only)')).action(async (o: BlueprintFlags) => {
    const [{ plan, renderPlan }, { openTarget }] = await Promise.all([import('../../engine/index.js'), import('../target.js')]);
    const out = makeOutput(Boolean(o.json));
    const target = await openTarget();
    try {
      const p = await plan({ client: target.client, ...engineInputs(o) });
      out.result(p, renderPlan(p));
    } finally {
      await target.close();
    }
  });
}
