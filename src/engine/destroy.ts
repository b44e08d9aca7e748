import { RESOURCES, ResourceContext } from '../resources/index.js';
import type { Observed } from '../resources/types.js';
import { shippedBlueprints } from './blueprints.js';
import { didYouMean, EngineError } from './errors.js';
import { attachInternals, sortForDeletion, summarize, type Plan, type PlanInternals, type PlanStep } from './plan.js';
import { readMark, withMark, withoutMark } from '../resources/mark.js';
import { canRewriteMark } from './apply.js';
import { sameSet } from '../resources/diff.js';
import { openState, type DeploymentInputs } from './deployment.js';
import { StateStore, type StateEntry } from './state.js';
import type { GenesysClient } from '../genesys/client.js';
import { GenesysError } from '../genesys/errors.js';

/**
 * Teardown: deletes exactly what presence-kit created for the selected blueprints, dependants
 * first. An adopted entity is put back as it was before adoption (its before-image in the state),
 * or left as it is when that cannot be done, saying which and why — deleted only with
 * `includeAdopted`; its adoption mark is taken off either way. What is the deployment's comes from
 * the org (the state file is corrected from it first: engine/ownership.ts). A resource another
 * deployed blueprint still uses stays, its mark rewritten to name only those blueprints. The
 * result is a Plan of kind `destroy`, printed first, then run by `apply`.
 */
export interface DestroyOptions extends DeploymentInputs {
  client: GenesysClient;
  workDir?: string;
  /** Default: every blueprint the state file records. */
  blueprints?: string[];
  includeAdopted?: boolean;
}

export function deployedBlueprints(store: StateStore): string[] {
  const names = new Set(Object.keys(store.state.blueprints));
  for (const e of Object.values(store.state.resources)) e.blueprints.forEach((b) => names.add(b));
  return [...names].sort();
}

/** What happens to an adopted entity at teardown: put back as it was, or left as it is — and why. */
function adoptedStep(entry: StateEntry, current: Observed): Pick<PlanStep, 'action' | 'reason'> {
  const module = RESOURCES[entry.kind];
  if (entry.before === undefined)
    return { action: 'noop', reason: 'adopted; left as it is now and forgotten — its state before adoption is not known here (recorded only by the state file of the adopting run)' };
  if (!module.restore) return { action: 'noop', reason: `adopted; left as it is now and forgotten — cannot be put back: ${module.cannotRestore ?? 'Genesys offers no way'}` };
  return { action: 'update', reason: `adopted: put back as it was before adoption (${current.id})` };
}

export async function planDestroy(opts: DestroyOptions): Promise<Plan> {
  const workDir = opts.workDir ?? process.cwd();
  const ctx = new ResourceContext(opts.client, workDir);
  const { store, deployment, notes } = await openState(ctx, { deployment: opts.deployment, config: opts.config, env: opts.env, blueprints: opts.blueprints });
  const deployed = deployedBlueprints(store);
  const selected = opts.blueprints?.length ? [...new Set(opts.blueprints)] : deployed;
  const known = [...new Set([...deployed, ...shippedBlueprints()])];
  for (const b of selected) if (!known.includes(b)) throw new EngineError(`unknown blueprint "${b}"${didYouMean(b, known)} — deployed: ${deployed.join(', ') || 'none'}`);

  const writesBefore = opts.client.stats.writes;
  const callsAtPlan = opts.client.stats.byMethod();
  const steps: PlanStep[] = [];
  const items: PlanInternals['items'] = [];
  const entries = sortForDeletion(Object.entries(store.state.resources).filter(([, e]) => e.blueprints.some((b) => selected.includes(b))));
  for (const [key, entry] of entries) {
    const module = RESOURCES[entry.kind];
    const others = entry.blueprints.filter((b) => !selected.includes(b));
    const base = { resource: entry.addresses[0] ?? key, kind: entry.kind, name: entry.name, blueprints: entry.blueprints, changes: [] };
    let current: Observed | undefined;
    if (!others.length) {
      if (entry.id) current = await module.read(ctx, entry.id);
      // A create recorded as started but never confirmed: it may exist under its name. Some kinds
      // cannot look without the spec the state does not keep (a local file's path) — that is "not
      // found"; but a Genesys refusal or outage is no answer, and forgetting the entry on one would
      // leave what the create made behind, untracked.
      else
        current = await module.find(ctx, entry.name, {}).catch((e: unknown) => {
          if (e instanceof GenesysError) throw e;
          return undefined;
        });
      // Found by name only: deleted only if it carries our mark (or cannot carry one).
      if (current && !entry.id && module.mark && readMark(module.mark.read(current))?.deployment !== deployment) current = undefined;
    }
    let step: PlanStep;
    let remark: string | undefined;
    if (others.length) {
      // Kept for the others — and its mark must stop naming what is torn down, or a rebuilt state would keep it for them too.
      const kept = entry.id ? await module.read(ctx, entry.id) : undefined;
      const mark = kept && module.mark ? readMark(module.mark.read(kept)) : undefined;
      if (kept && mark?.deployment === deployment && canRewriteMark(entry.kind) && !sameSet(mark.blueprints ?? [], others)) {
        remark = withMark(module.mark!.read(kept), { ...mark, blueprints: others });
        current = kept;
        step = { ...base, action: 'update', reason: `still used by ${others.join(', ')}: kept, its mark no longer names ${entry.blueprints.filter((b) => !others.includes(b)).join(', ')}`, id: kept.id };
      } else step = { ...base, action: 'noop', reason: `still used by ${others.join(', ')}: kept`, id: entry.id ?? undefined };
    }
    else if (!current) step = { ...base, action: 'noop', reason: 'already gone from the org: forgotten' };
    else if (entry.createdBy === 'presence-kit') step = { ...base, action: 'delete', reason: 'created by presence-kit', id: current.id };
    else if (opts.includeAdopted) step = { ...base, action: 'delete', reason: 'adopted, deleted because of --include-adopted', id: current.id };
    else {
      step = { ...base, ...adoptedStep(entry, current), id: current.id };
      // Not put back: its adoption mark goes all the same, or another directory would take it for ours.
      const text = module.mark?.read(current);
      if (step.action === 'noop' && readMark(text)?.deployment === deployment && canRewriteMark(entry.kind)) {
        remark = withoutMark(text);
        step = { ...step, action: 'update', reason: `${step.reason}; its adoption mark is removed` };
      }
    }
    steps.push(step);
    items.push({ stateKey: key, entry, current, owner: entry.createdBy, before: entry.before, ...(remark !== undefined ? { remark } : {}) });
  }
  const p: Plan = { kind: 'destroy', blueprints: selected, deployment, notes, steps, summary: summarize(steps) };
  attachInternals(p, { ctx, store, items, writesBefore, callsAtPlan });
  return p;
}
