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
      const [{ plan, renderPlan, hasChanges }, { openCommandTarget }, { planOverlaps, overlapLine }, { heldTriggers, heldLine }, { internalsOf }] = await Promise.all([
        import('../../engine/index.js'),
        import('../target.js'),
        import('../../engine/overlap.js'),
        import('../../engine/disabled-triggers.js'),
        import('../../engine/plan.js'),
      ]);
      const out = makeOutput(Boolean(o.json));
      const target = await openCommandTarget(out, { sandbox: o.sandbox });
      try {
        const { withSavedAnswers } = await import('../run-plan.js');
        const p = await plan({ client: target.client, ...withSavedAnswers(engineInputs(o), {}).inputs });
        // Triggers that would double the kit's work: said with the plan, with the ways on (apply refuses them otherwise).
        const overlaps = await planOverlaps(p);
        const said = overlaps.length ? ['', 'Triggers presence-kit does not own act on the same events as its own:', ...overlaps.map((x) => `  ${overlapLine(x)}`), '  apply --disable-overlapping disables them (recorded on each trigger; destroy enables them again); --allow-overlap runs both'] : [];
        // The triggers this deployment already disabled, read from the org (any checkout sees them).
        const held = await heldTriggers(internalsOf(p).ctx, p.deployment);
        const heldSaid = held.length ? ['', `Triggers presence-kit disabled for deployment "${p.deployment}":`, ...held.map((h) => `  ${heldLine(h, p.deployment)}`)] : [];
        out.result({ ...p, ...(overlaps.length ? { overlaps } : {}), ...(held.length ? { disabledTriggers: held } : {}) }, [renderPlan(p), ...said, ...heldSaid].join('\n'));
        if (o.detailedExitcode && hasChanges(p)) process.exitCode = EXIT_CHANGES;
      } finally {
        await target.close();
      }
    });
}
