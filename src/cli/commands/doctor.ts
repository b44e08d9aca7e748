import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { commaList, sandboxOption } from '../options.js';
import { makeOutput } from '../output.js';

/**
 * `presence-kit doctor`: the setup wizard's preflight on its own — the admin client's permissions
 * against what each chosen blueprint needs (by Genesys permission string), Event Orchestration,
 * the Teams integration, WFM. Reads only; exits 1 when something blocks.
 */
export function register(program: Command): void {
  sandboxOption(program.command('doctor'))
    .description('check the org and the admin OAuth client before setup: permissions, Event Orchestration, Teams, WFM (reads only)')
    .option('--blueprint <names>', 'blueprints to check for, comma-separated or repeated (default: all)', commaList, [])
    .option('--json', 'print the checks as JSON')
    .action(async (o: { blueprint: string[]; json?: boolean; sandbox?: boolean }) => {
      const [{ runDoctor }, { loadBlueprintInfo }, { doctorLines }, { resolveBlueprints, AnswerError }, { openCommandTarget }] = await Promise.all([
        import('../../preflight/checks.js'),
        import('../../wizard/blueprint-info.js'),
        import('../../wizard/doctor-report.js'),
        import('../../wizard/resolve.js'),
        import('../target.js'),
      ]);
      const out = makeOutput(Boolean(o.json));
      const info = loadBlueprintInfo();
      let names: string[];
      try {
        names = resolveBlueprints(info, { flags: { blueprints: o.blueprint } }).names;
      } catch (e) {
        throw e instanceof AnswerError ? new UserError(e.message, 2) : e;
      }
      const target = await openCommandTarget(out, { sandbox: o.sandbox });
      try {
        const where = target.kind === 'sandbox' ? 'the embedded sandbox' : target.client.target;
        const report = await runDoctor({
          client: target.client,
          clientId: target.client.connection.clientId,
          where,
          blueprints: info.filter((b) => names.includes(b.name)).map((b) => b.needs),
          observe: names.includes('observe'),
        });
        const verdict = report.ok ? 'Ready: nothing blocks setup.' : 'Not ready: fix what is marked ✗, then run presence-kit doctor again.';
        out.result({ ok: report.ok, blueprints: names, checks: report.checks }, [`Checks for ${names.join(', ')} on ${where}:`, ...doctorLines(report), verdict].join('\n'));
        if (!report.ok) process.exitCode = 1;
      } finally {
        await target.close();
      }
    });
}
