import type { Command } from 'commander';
import { DEPLOYMENT_HELP, sandboxOption } from '../options.js';
import { makeOutput } from '../output.js';

/**
 * `presence-kit state rebuild`: `.presence-kit/state.json` is a cache of what the org's ownership
 * marks say; this rebuilds it from them (what only the file knew — an adopted entity's
 * before-image — is kept when the ids still match). Under the same lock as apply and destroy.
 */
export function register(program: Command): void {
  const state = program.command('state').description('the local state cache (.presence-kit/state.json)');
  sandboxOption(state.command('rebuild'))
    .description("rebuild .presence-kit/state.json from the org: everything carrying this deployment's presence-kit mark")
    .option('--deployment <id>', DEPLOYMENT_HELP)
    .option('--json', 'print the result as JSON (human output goes to stderr)')
    .action(async (o: { deployment?: string; json?: boolean; sandbox?: boolean }) => {
      const out = makeOutput(Boolean(o.json));
      // Loaded when the command runs, as every command does: `presence-kit --help` stays quick.
      const [{ rebuildState, withLock }, { ResourceContext }, { openCommandTarget }] = await Promise.all([
        import('../../engine/index.js'),
        import('../../resources/index.js'),
        import('../target.js'),
      ]);
      const target = await openCommandTarget(out, { sandbox: o.sandbox });
      try {
        const r = await withLock(process.cwd(), 'state rebuild', () => rebuildState(new ResourceContext(target.client, process.cwd()), { deployment: o.deployment }));
        const resources = Object.entries(r.store.state.resources).map(([key, e]) => ({ key, id: e.id, createdBy: e.createdBy, blueprints: e.blueprints }));
        out.result({ deployment: r.deployment, resources }, [...r.notes, ...resources.map((e) => `  ${e.key} (${e.id}) ${e.createdBy === 'adopted' ? 'adopted' : ''}`.trimEnd())].join('\n'));
      } finally {
        await target.close();
      }
    });
}
