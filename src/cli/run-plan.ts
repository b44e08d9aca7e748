import { apply, hasChanges, renderPlan, renderProgress, renderResult, type Plan, type ProgressEvent } from '../engine/index.js';
import { disableOverlapping, overlapLine, overlapRefusal, overlapsToDisable, planOverlaps } from '../engine/overlap.js';
import { releaseDisabled, releasePreview } from '../engine/disabled-triggers.js';
import { internalsOf } from '../engine/plan.js';
import { existingAnswers, readConfigFile } from '../engine/config-file.js';
import { UserError } from './errors.js';
import type { Output } from './output.js';
import type { Stopper } from './interrupt.js';
import { RESOURCES } from '../resources/index.js';
import { InUseError } from '../resources/writes.js';
import type { OverlapFlags } from './overlap-flags.js';

/**
 * What `apply` and `destroy` share once they have a plan: print it, ask (or take `--yes`), run it
 * with a line per resource, print the result. A change to how a plan is confirmed or shown lands
 * in both.
 */
export async function confirmAndRun(p: Plan, o: { yes?: boolean } & OverlapFlags, verb: 'apply' | 'destroy', out: Output, stopper?: Stopper): Promise<void> {
  out.info(renderPlan(p));
  // No double automation: enabled triggers the kit does not own, on the kit's events, stop an apply unless disabled or allowed.
  const overlaps = verb === 'apply' ? await planOverlaps(p) : [];
  if (overlaps.length && !o.disableOverlapping && !o.allowOverlap) throw overlapRefusal(overlaps);
  const disabling = overlapsToDisable(overlaps, o);
  for (const ov of overlaps) out.info(`${disabling.includes(ov) ? 'to disable' : 'runs beside ours (--allow-overlap)'}: ${overlapLine(ov)}`);
  // What destroy will enable again (or let go of): the triggers this deployment holds disabled, from the org.
  const leaving = new Set(p.steps.flatMap((s) => (s.kind === 'trigger' && s.action === 'delete' && s.id ? [s.id] : [])));
  const held = verb === 'destroy' ? await releasePreview(internalsOf(p).ctx, p.deployment, leaving) : [];
  for (const line of held) out.info(`disabled by presence-kit: ${line}`);
  if (hasChanges(p) || disabling.length || held.length) await confirmOrRefuse(o, verb);
  if (verb === 'apply') for (const line of await disableOverlapping(p, disabling)) out.info(line);
  const show = progressTo(out);
  // The triggers this deployment disabled, found in the org (not in this directory): enabled again once it no longer needs them.
  const release = async () => {
    if (verb === 'destroy') for (const line of await releaseDisabled(internalsOf(p).ctx, p.deployment)) out.info(line);
  };
  let r;
  try {
    r = await apply(p, {
      signal: stopper?.signal,
      onProgress: (e) => {
        if (stopper) stopper.inFlight = e.phase === 'start' ? `${RESOURCES[e.step.kind].label} "${e.step.name}"` : undefined;
        show(e);
      },
    });
  } catch (e) {
    // Everything else torn down, something in use left: what the deployment no longer needs is let go of all the same.
    if (e instanceof InUseError) await release();
    throw e;
  }
  await release();
  out.result(r, renderResult(r));
}

/**
 * The existing-install answers a `--config` file saved (setup writes them): its `adopt` and `use`
 * lists join `--adopt` and `--use` (a flag wins for an entity both name), and its `overlapping`
 * choice stands unless a flag says otherwise.
 */
export function withSavedAnswers<T extends { config?: string; adopt?: string[]; use?: string[] }>(inputs: T, flags: OverlapFlags): { inputs: T & { adopt: string[]; use: string[] }; overlap: OverlapFlags } {
  const saved = inputs.config ? readConfigFile(inputs.config) : undefined;
  const { adopt, use } = existingAnswers(inputs, saved);
  const overlap = flags.allowOverlap || flags.disableOverlapping ? flags : { allowOverlap: saved?.overlapping === 'allow', disableOverlapping: saved?.overlapping === 'disable' };
  return { inputs: { ...inputs, adopt, use }, overlap };
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
