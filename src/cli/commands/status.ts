import type { Command } from 'commander';
import { renderStatus, status } from '../../engine/index.js';
import { commaList, DEPLOYMENT_HELP } from '../options.js';
import { makeOutput } from '../output.js';
import { openTarget } from '../target.js';

/** `presence-kit status`: what is deployed, and where the org drifted from the manifests. Reads only. */
export function register(program: Command): void {
  program
    .command('status')
    .description('what presence-kit deployed, and any drift from the manifests (reads only)')
    .option('--blueprint <names>', 'only these blueprints (default: every deployed one)', commaList, [])
    .option('--json', 'print the result as JSON')
    .option('--deployment <id>', DEPLOYMENT_HELP)
    .action(async (o: { blueprint: string[]; json?: boolean; deployment?: string }) => {
      const out = makeOutput(Boolean(o.json));
      const target = await openTarget();
      try {
        const s = await status({ client: target.client, blueprints: o.blueprint, deployment: o.deployment });
        out.result(s, renderStatus(s));
      } finally {
        await target.close();
      }
    });
}
