import type { Command } from 'commander';
import { DEPLOYMENT_HELP, sandboxOption } from '../options.js';
import { makeOutput } from '../output.js';

/**
 * `presence-kit forget KIND/NAME` (Terraform's `state rm`): stop managing an entity without
 * deleting it — its mark and its state entry go, the entity stays. Under the same lock as apply.
 */
export function register(program: Command): void {
  sandboxOption(program.command('forget'))
    .argument('<kind/name>', 'the entity, as --adopt spells it, e.g. "data-table/MsTeamsPresenceMappings"')
    .description('stop managing an entity without deleting it: its presence-kit mark and state entry go, the entity stays')
    .option('--deployment <id>', DEPLOYMENT_HELP)
    .option('--json', 'print the result as JSON (human output goes to stderr)')
    .action(async (ref: string, o: { deployment?: string; json?: boolean; sandbox?: boolean }) => {
      const out = makeOutput(Boolean(o.json));
      const [{ withLock }, { forget }, { openCommandTarget }] = await Promise.all([import('../../engine/index.js'), import('../../engine/forget.js'), import('../target.js')]);
      // It writes (a mark comes off): an explicit target, as apply.
      const target = await openCommandTarget(out, { sandbox: o.sandbox, writes: true });
      try {
        const r = await withLock(process.cwd(), 'forget', () => forget({ client: target.client, ref, deployment: o.deployment }));
        out.result(r, r.lines.join('\n'));
      } finally {
        await target.close();
      }
    });
}
