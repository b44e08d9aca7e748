import type { Command } from 'commander';
import { commaList, deploymentOptions, DETAILED_EXITCODE, EXIT_CHANGES, sandboxOption } from '../options.js';
import { makeOutput } from '../output.js';

/** `presence-kit status`: what is deployed, and where the org drifted from the manifests. Reads only. */
export function register(program: Command): void {
  deploymentOptions(sandboxOption(program.command('status')))
    .description('what presence-kit deployed, and any drift from the manifests (reads only)')
    .option('--blueprint <names>', 'only these blueprints (default: every deployed one)', commaList, [])
    .option('--json', 'print the result as JSON')
    .option(DETAILED_EXITCODE, 'exit 2 when anything drifted, is missing or is not ours yet (0 in sync, 1 error) — for CI')
    .action(async (o: { blueprint: string[]; json?: boolean; detailedExitcode?: boolean; deployment?: string; set: string[]; config?: string; sandbox?: boolean }) => {
      const [{ renderStatus, status }, { openCommandTarget }, { migrationReport, migrationLines }, { withSavedAnswers }, { configOrSaved }] = await Promise.all([
        import('../../engine/index.js'),
        import('../target.js'),
        import('../../engine/migration.js'),
        import('../run-plan.js'),
        import('../../engine/saved-config.js'),
      ]);
      const out = makeOutput(Boolean(o.json));
      const target = await openCommandTarget(out, { sandbox: o.sandbox });
      try {
        // The saved answers (variables, and which existing entities are used as they are), and --set:
        // after a lost state.json nothing else knows a required variable's value.
        const inputs = withSavedAnswers({ config: configOrSaved(o.config) }, {}).inputs;
        const s = await status({ client: target.client, blueprints: o.blueprint, deployment: o.deployment, set: o.set, env: process.env, ...inputs });
        // After a takeover: what came from the old install, and what presence-kit changed in it.
        const migration = await migrationReport(target.client, { deployment: o.deployment });
        const lines = migrationLines(migration);
        out.result(lines.length ? { ...s, migration } : s, [renderStatus(s), ...lines].join('\n'));
        if (o.detailedExitcode && !s.inSync) process.exitCode = EXIT_CHANGES;
      } finally {
        await target.close();
      }
    });
}
