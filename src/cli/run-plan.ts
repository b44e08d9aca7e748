import { apply, hasChanges, renderPlan, renderProgress, renderResult, type Plan, type ProgressEvent } from '../engine/index.js';
import { UserError } from './errors.js';
import type { Output } from './output.js';
import type { Stopper } from './interrupt.js';
import { RESOURCES } from '../resources/index.js';

/**
 * What `apply` and `destroy` share once they have a plan: print it, ask (or take `--yes`), run it
 * with a line per resource, print the result. A change to how a plan is confirmed or shown lands
 * in both.
 */
export async function confirmAndRun(p: Plan, o: { yes?: boolean }, verb: 'apply' | 'destroy', out: Output, stopper?: Stopper): Promise<void> {
  out.info(renderPlan(p));
  if (hasChanges(p)) await confirmOrRefuse(o, verb);
  const show = progressTo(out);
  const r = await apply(p, {
    signal: stopper?.signal,
    onProgress: (e) => {
      if (stopper) stopper.inFlight = e.phase === 'start' ? `${RESOURCES[e.step.kind].label} "${e.step.name}"` : undefined;
      show(e);
    },
  });
  out.result(r, renderResult(r));
}

/** With no terminal to ask on, nothing changes without `--yes`. */
async function confirmOrRefuse(o: { yes?: boolean }, verb: string): Promise<void> {
  if (o.yes) return;
  if (!process.stdin.isTTY || !process.stderr.isTTY) throw new UserError(`not ${verb}ing without confirmation: no terminal to ask on — pass --yes to ${verb}`);
  const { confirm } = await import('@inquirer/prompts');
  const ok = await confirm({ message: `${verb[0]!.toUpperCase()}${verb.slice(1)} these changes?`, default: false }, { output: process.stderr });
  if (!ok) throw new UserError(`${verb} cancelled; nothing was changed`);
}

const progressTo = (out: Output) => (e: ProgressEvent) => {
  const line = renderProgress(e);
  if (line) (e.phase === 'fail' ? out.warn : out.info)(line);
};
