import type { Command } from 'commander';
import { repeatable, sandboxOption } from '../options.js';
import { makeOutput } from '../output.js';

/**
 * `presence-kit import action|workflow`: brings the original blueprints' exports (or any Genesys
 * export) into the org as they are — data actions through the actions API, workflows (Archy YAML,
 * or `.i3WorkFlow` converted to it) through the flows-jobs API.
 */
export function register(program: Command): void {
  const cmd = program.command('import').description('import a data action export or a workflow (Archy YAML or Architect .i3WorkFlow) into the org');

  sandboxOption(cmd.command('action'))
    .description('create or update a data action from its export (*.custom.json), by exact name, in an integration')
    .argument('<file>', 'data action export (Admin > Integrations > Actions > Export)')
    .requiredOption('--integration <name>', 'the integration to add it to (its name becomes the action category)')
    .option('--name <name>', 'import under this name (e.g. the one a workflow calls); default: the export’s, without " - Exported …"')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { integration: string; name?: string; json?: boolean; sandbox?: boolean }) => {
      const [{ importAction }, { openCommandTarget }] = await Promise.all([import('../../engine/import/import-action.js'), import('../target.js')]);
      const out = makeOutput(Boolean(o.json));
      const target = await openCommandTarget(out, { sandbox: o.sandbox, writes: true });
      try {
        const r = await importAction(target.client, { file, integration: o.integration, name: o.name });
        const what = `data action "${r.name}" in "${r.category}" (${r.id})`;
        const human = r.outcome === 'unchanged' ? `${what} is already up to date` : `${r.outcome} ${what}${r.changes.length ? `: ${r.changes.join(', ')}` : ''}`;
        out.result(r, human);
      } finally {
        await target.close();
      }
    });

  sandboxOption(cmd.command('workflow'))
    .description('import and publish a workflow through the flows-jobs API (.i3WorkFlow is converted to Archy YAML first)')
    .argument('<file>', 'Archy YAML (.yaml) or Architect export (.i3WorkFlow)')
    .option('--set <KEY=VALUE>', 'value for a {{KEY}} placeholder (repeatable)', repeatable, [])
    .option('--division <name>', 'division for a converted .i3WorkFlow (Architect exports carry none)', 'Home')
    .option('--out <file>', 'also write the YAML that is imported (after conversion and substitution); - = stdout')
    .option('--dry-run', 'convert and check the data actions and tables it calls, import nothing')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, o: { set: string[]; division: string; out?: string; dryRun?: boolean; json?: boolean; sandbox?: boolean }) => {
      const [{ importWorkflowFile }, { parseSetFlags }, { writeFileAtomic }, { openCommandTarget }] = await Promise.all([
        import('../../engine/import/import-workflow.js'),
        import('../../engine/variables.js'),
        import('../../util/atomic-file.js'),
        import('../target.js'),
      ]);
      const out = makeOutput(Boolean(o.json));
      const set = parseSetFlags(o.set);
      const target = await openCommandTarget(out, { sandbox: o.sandbox, writes: !o.dryRun });
      try {
        const r = await importWorkflowFile(target.client, { file, set, division: o.division, dryRun: o.dryRun });
        for (const w of r.warnings) out.warn(`warning: ${w}`);
        const toStdout = o.out === '-';
        if (o.out && !toStdout) writeFileAtomic(o.out, r.yaml);
        const { yaml, ...summary } = r;
        const from = r.format === 'i3WorkFlow' ? ' (converted from .i3WorkFlow)' : '';
        if (!r.imported) {
          // A summary, not ~250 lines of YAML: --out FILE writes the YAML, --out - prints it.
          const refs = `${r.references.actions.length} data action(s), ${r.references.dataTables.length} data table(s)`;
          if (toStdout && !o.json) {
            process.stdout.write(yaml.endsWith('\n') ? yaml : `${yaml}\n`);
            out.warn(`dry run: workflow "${r.name}"${from} checked (${refs} found), not imported`);
            return;
          }
          const where = o.out ? `; YAML written to ${o.out}` : ' (--out FILE writes the YAML it would import)';
          out.result({ ...summary, yaml }, `dry run: checked workflow "${r.name}"${from}: ${refs} found, not imported${where}`);
          return;
        }
        out.result(summary, `imported workflow "${r.name}"${from}: published${r.flow?.publishedVersion ? ` version ${r.flow.publishedVersion}` : ''} (flow ${r.flow?.id})`);
      } finally {
        await target.close();
      }
    });
}
