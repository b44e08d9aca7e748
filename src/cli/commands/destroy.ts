import type { Command } from 'commander';
import { apply, hasChanges, planDestroy, renderPlan, renderResult } from '../../engine/index.js';
import { makeOutput } from '../output.js';
import { openTarget } from '../target.js';
import { confirmOrRefuse, progressTo } from './apply.js';

/**
 * `presence-kit destroy`: the one-off teardown. Deletes only what presence-kit created (dependants
 * first); adopted and pre-existing resources stay unless `--include-adopted`.
 */
const list = (v: string, acc: string[]) => [...acc, ...v.split(',').map((s) => s.trim()).filter(Boolean)];

export function register(program: Command): void {
  program
    .command('destroy')
    .description('delete what presence-kit created for the blueprints (never what it adopted, unless --include-adopted)')
    .option('--blueprint <names>', 'blueprints to tear down, comma-separated or repeated (default: every deployed one)', list, [])
    .option('--include-adopted', 'also delete resources presence-kit adopted (found by name, made by someone else)')
    .option('-y, --yes', 'delete without asking')
    .option('--json', 'print the result as JSON (human output goes to stderr)')
    .action(async (o: { blueprint: string[]; includeAdopted?: boolean; yes?: boolean; json?: boolean }) => {
      const out = makeOutput(Boolean(o.json));
      const target = await openTarget();
      try {
        const p = await planDestroy({ client: target.client, blueprints: o.blueprint, includeAdopted: o.includeAdopted });
        out.info(renderPlan(p));
        if (hasChanges(p)) await confirmOrRefuse(o, 'destroy');
        const r = await apply(p, { onProgress: progressTo(out) });
        out.result(r, renderResult(r));
      } finally {
        await target.close();
      }
    });
}
