import { RESOURCES, ResourceContext } from '../resources/index.js';
import type { Observed } from '../resources/types.js';
import { shippedBlueprints } from './blueprints.js';
import { didYouMean, EngineError } from './errors.js';
import { attachInternals, sortForDeletion, summarize, type Plan, type PlanInternals, type PlanStep } from './plan.js';
import { readOrganization } from '../resources/organization.js';
import { StateStore } from './state.js';
import type { GenesysClient } from '../genesys/client.js';
import { GenesysError } from '../genesys/errors.js';

/**
 * Teardown: deletes exactly what presence-kit created for the selected blueprints, dependants
 * first. Adopted or pre-existing resources (system presences, a role an admin made by hand) are
 * left in place and forgotten — unless `includeAdopted`. A resource another deployed blueprint
 * still uses stays. The result is a Plan of kind `destroy`, printed first, then run by `apply`.
 */
export interface DestroyOptions {
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

export async function planDestroy(opts: DestroyOptions): Promise<Plan> {
  const workDir = opts.workDir ?? process.cwd();
  const store = new StateStore(workDir);
  const ctx = new ResourceContext(opts.client, workDir);
  store.bindOrg(await readOrganization(opts.client));
  const deployed = deployedBlueprints(store);
  const selected = opts.blueprints?.length ? [...new Set(opts.blueprints)] : deployed;
  const known = [...new Set([...deployed, ...shippedBlueprints(undefined, { includeOnRequest: true })])];
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
    }
    let step: PlanStep;
    if (others.length) step = { ...base, action: 'noop', reason: `still used by ${others.join(', ')}: kept`, id: entry.id ?? undefined };
    else if (!current) step = { ...base, action: 'noop', reason: 'already gone from the org: forgotten' };
    else if (entry.createdBy === 'presence-kit') step = { ...base, action: 'delete', reason: 'created by presence-kit', id: current.id };
    else if (opts.includeAdopted) step = { ...base, action: 'delete', reason: 'adopted, deleted because of --include-adopted', id: current.id };
    else step = { ...base, action: 'noop', reason: 'adopted (it existed before presence-kit): left in place and forgotten; --include-adopted deletes it', id: current.id };
    steps.push(step);
    items.push({ stateKey: key, entry, current });
  }
  const p: Plan = { kind: 'destroy', blueprints: selected, steps, summary: summarize(steps) };
  attachInternals(p, { ctx, store, items, writesBefore, callsAtPlan });
  return p;
}
