import type { Command } from 'commander';
import { UserError } from '../errors.js';
import { commaList, DEPLOYMENT_HELP, repeatable, sandboxOption } from '../options.js';
import { makeOutput } from '../output.js';
import type { DoctorRole } from '../../preflight/checks.js';

/**
 * `presence-kit doctor`: the setup wizard's preflight on its own — the admin client's permissions
 * against what each chosen blueprint needs (by Genesys permission string), Event Orchestration,
 * the Teams integration, WFM. `--as observer`: an operator's read-only client instead, checked for
 * what timeline and watch read and nothing else. Reads only; exits 1 when something blocks.
 */
export function register(program: Command): void {
  sandboxOption(program.command('doctor'))
    .description('check the org and the admin OAuth client before setup: permissions, Event Orchestration, Teams, WFM (reads only)')
    .option('--blueprint <names>', 'blueprints to check for, comma-separated or repeated (default: all)', commaList, [])
    .option('--set <KEY=VALUE>', 'a manifest variable, as plan takes it (names such as namePrefix decide what counts as taken)', repeatable, [])
    .option('--config <file>', 'variable values as JSON (default: presence-kit.config.json here, when there is one)')
    .option('--adopt <kind/name>', 'an entity you will take over (repeatable): not counted as blocking', repeatable, [])
    .option('--use <kind/name>', 'an entity you will use as it is (repeatable): not counted as blocking', repeatable, [])
    .option('--allow-overlap', 'foreign triggers acting on the same events as the kit\'s do not block')
    .option('--deployment <id>', DEPLOYMENT_HELP)
    .option('--as <who>', 'whose checks: admin (the client that applies; default) or observer (an operator\'s read-only client: what timeline and watch read)', 'admin')
    .option('--json', 'print the checks as JSON')
    .action(async (o: { blueprint: string[]; set: string[]; config?: string; adopt: string[]; use: string[]; allowOverlap?: boolean; deployment?: string; as: string; json?: boolean; sandbox?: boolean }) => {
      const [{ runDoctor, DOCTOR_ROLES }, { loadBlueprintInfo }, { doctorLines }, { resolveBlueprints, AnswerError }, { openCommandTarget }, { desiredForPreflight }] = await Promise.all([
        import('../../preflight/checks.js'),
        import('../../wizard/blueprint-info.js'),
        import('../../wizard/doctor-report.js'),
        import('../../wizard/resolve.js'),
        import('../target.js'),
        import('../../preflight/desired.js'),
      ]);
      const out = makeOutput(Boolean(o.json));
      if (!(DOCTOR_ROLES as readonly string[]).includes(o.as)) throw new UserError(`--as must be one of ${DOCTOR_ROLES.join(', ')}, not "${o.as}"`, 2);
      const as = o.as as DoctorRole;
      if (as === 'observer' && o.blueprint.some((b) => b !== 'observe'))
        throw new UserError(`--as observer checks what timeline and watch read, not what blueprints provision: drop --blueprint ${o.blueprint.filter((b) => b !== 'observe').join(',')} (an admin runs doctor for those)`, 2);
      const info = loadBlueprintInfo();
      let names: string[];
      try {
        names = as === 'observer' ? ['observe'] : resolveBlueprints(info, { flags: { blueprints: o.blueprint } }).names;
      } catch (e) {
        throw e instanceof AnswerError ? new UserError(e.message, 2) : e;
      }
      // Before connecting: a bad variable is the admin's to fix, whatever the org holds.
      const { desired, deployment } = desiredForPreflight(names, { set: o.set, env: process.env, config: o.config, deployment: o.deployment });
      const target = await openCommandTarget(out, { sandbox: o.sandbox });
      try {
        const where = target.kind === 'sandbox' ? 'the embedded sandbox' : target.client.target;
        const report = await runDoctor({
          client: target.client,
          clientId: target.client.connection.clientId,
          where,
          blueprints: info.filter((b) => names.includes(b.name)).map((b) => b.needs),
          observe: names.includes('observe'),
          existing: as === 'admin' ? { desired, deployment, adopt: o.adopt, use: o.use, allowOverlap: o.allowOverlap } : undefined,
          as,
        });
        const verdict = report.ok ? 'Ready: nothing blocks setup.' : 'Not ready: fix what is marked ✗, then run presence-kit doctor again.';
        const whose = as === 'observer' ? `an operator (timeline, watch)` : names.join(', ');
        out.result({ ok: report.ok, as, blueprints: names, checks: report.checks, ...(report.existing ? { existing: report.existing } : {}) }, [`Checks for ${whose} on ${where}:`, ...doctorLines(report), verdict].join('\n'));
        if (!report.ok) process.exitCode = 1;
      } finally {
        await target.close();
      }
    });
}
