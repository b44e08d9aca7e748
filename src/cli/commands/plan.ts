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
      const [{ plan, renderPlan, hasChanges }, { openCommandTarget }, { planOverlaps, overlapLine }] = await Promise.all([import('../../engine/index.js'), import('../target.js'), import('../../engine/overlap.js')]);
      const out = makeOutput(Boolean(o.json));
      const target = await openCommandTarget(out, { sandbox: o.sandbox });
      try {
        const { withSavedAnswers } = await import('../run-plan.js');
        const p = await plan({ client: target.client, ...withSavedAnswers(engineInputs(o), {}).inputs });
        // Triggers that would double the kit's work: said with the plan, with the ways on (apply refuses them otherwise).
        const overlaps = await planOverlaps(p);
        const said = overlaps.length ? ['', 'Enabled triggers presence-kit does not own act on the same events as its own:', ...overlaps.map((x) => `  ${overlapLine(x)}`), '  apply --disable-overlapping disables them (recorded; destroy enables them again); --allow-overlap runs both'] : [];
        out.result(overlaps.length ? { ...p, overlaps } : p, [renderPlan(p), ...said].join('\n'));
        if (o.detailedExitcode && hasChanges(p)) process.exitCode = EXIT_CHANGES;
      } finally {
        await target.close();
      }
    });
}
