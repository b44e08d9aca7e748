import type { Command } from 'commander';
import { apply, hasChanges, plan, renderPlan, renderProgress, renderResult } from '../../engine/index.js';
import { UserError } from '../errors.js';
import { makeOutput, type Output } from '../output.js';
import { openTarget } from '../target.js';
import { blueprintOptions, engineInputs, type BlueprintFlags } from './plan.js';

/**
 * `presence-kit apply`: prints the plan, asks (or takes `--yes`), then runs it with a line per
 * resource. Idempotent: a second run writes nothing and says so.
 */
export async function confirmOrRefuse(o: { yes?: boolean }, verb: string): Promise<void> {
  if (o.yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY) throw new UserError(`not ${verb}ing without confirmation: no terminal to ask on — pass --yes to ${verb}`);
  const { confirm } = await import('@inquirer/prompts');
  const ok = await confirm({ message: `${verb[0]!.toUpperCase()}${verb.slice(1)} these changes?`, default: false }, { output: process.stderr });
  if (!ok) throw new UserError(`${verb} cancelled; nothing was changed`);
}

export const progressTo = (out: Output) => (e: Parameters<typeof renderProgress>[0]) => {
  const line = renderProgress(e);
  if (line) (e.phase === 'fail' ? out.warn : out.info)(line);
};

export function register(program: Command): void {
  blueprintOptions(program.command('apply').description('create or update what the blueprints need, in dependency order (idempotent, resumable)'))
    .option('-y, --yes', 'apply without asking')
    .action(async (o: BlueprintFlags & { yes?: boolean }) => {
      const out = makeOutput(Boolean(o.json));
      const target = await openTarget();
      try {
        const p = await plan({ client: target.client, ...engineInputs(o) });
        out.info(renderPlan(p));
        if (hasChanges(p)) await confirmOrRefuse(o, 'apply');
        const r = await apply(p, { onProgress: progressTo(out) });
        out.result(r, renderResult(r));
      } finally {
        await target.close();
      }
    });
}
