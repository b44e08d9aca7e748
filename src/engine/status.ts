import { deployedBlueprints } from './destroy.js';
import { internalsOf, plan, type EngineOptions } from './plan.js';
import { openState } from './deployment.js';
import { ResourceContext } from '../resources/index.js';
import type { Change, Kind } from '../resources/types.js';

/**
 * What is deployed (per the org's marks, the state file corrected from them) and how the org
 * differs from the manifests, using the variable values of the last apply. Reads only (a corrected
 * state file aside).
 */
/** `foreign`: the name is taken by an entity without presence-kit's mark (its mark was taken off, or it was made by hand). */
export type ResourceStatus = 'in-sync' | 'drift' | 'missing' | 'unrecorded' | 'orphaned' | 'foreign';

export interface StatusReport {
  blueprints: Array<{ name: string; appliedAt?: string; variables: Record<string, unknown> }>;
  resources: Array<{
    resource: string;
    kind: Kind;
    name: string;
    id?: string;
    /** `used`: answered --use (a flag, or the saved answers), never written nor recorded. */
    createdBy?: 'presence-kit' | 'adopted' | 'used';
    blueprints: string[];
    status: ResourceStatus;
    reason: string;
    changes: Change[];
  }>;
  inSync: boolean;
}

export async function status(opts: EngineOptions): Promise<StatusReport> {
  // From a fresh clone too: a missing state is rebuilt from the org's marks first.
  const { store } = await openState(new ResourceContext(opts.client, opts.workDir ?? process.cwd()), opts);
  const deployed = opts.blueprints?.length ? opts.blueprints : deployedBlueprints(store);
  if (!deployed.length) return { blueprints: [], resources: [], inSync: true };
  const p = await plan({ ...opts, blueprints: deployed, report: true });
  const entries = Object.values(store.state.resources);
  const { items } = internalsOf(p);
  const resources = p.steps.map((s, i) => {
    const entry = entries.find((e) => e.kind === s.kind && e.name === s.name);
    const st: ResourceStatus =
      s.foreign ? 'foreign' : s.action === 'create' ? 'missing' : s.action === 'update' ? 'drift' : s.action === 'adopt' ? (s.changes.length ? 'drift' : 'unrecorded') : s.action === 'delete' ? 'orphaned' : 'in-sync';
    return { resource: s.resource, kind: s.kind, name: s.name, id: s.id, createdBy: items[i]?.used ? ('used' as const) : entry?.createdBy, blueprints: s.blueprints, status: st, reason: s.reason, changes: s.changes };
  });
  return {
    blueprints: deployed.map((name) => ({ name, appliedAt: store.state.blueprints[name]?.appliedAt, variables: store.state.blueprints[name]?.variables ?? {} })),
    resources,
    inSync: resources.every((r) => r.status === 'in-sync'),
  };
}
