import type { GenesysClient } from '../genesys/client.js';
import { RESOURCES, ResourceContext, ResourceError } from '../resources/index.js';
import { isUnknown, UNKNOWN, type Change, type Kind, type Observed } from '../resources/types.js';
import { loadBlueprints, type Desired, type DesiredNode, type LoadOptions } from './blueprints.js';
import { EngineError } from './errors.js';
import { hashOf } from './hash.js';
import { shown } from './manifest.js';
import { parseReference, REF, substitute } from './references.js';
import { readOrganization } from '../resources/organization.js';
import { StateStore, type StateEntry } from './state.js';

/**
 * Planning: desired (the manifests) against actual (the org, found by id from the state file or
 * by exact name) — a list of steps, each with its action, its reason and the fields that differ.
 * A plan is data: printed before anything changes, then replayed by `apply`.
 */
export type Action = 'create' | 'update' | 'delete' | 'noop' | 'adopt';

export interface PlanStep {
  /** `blueprint.logicalName` (the first manifest entry naming it). */
  resource: string;
  kind: Kind;
  name: string;
  blueprints: string[];
  action: Action;
  reason: string;
  changes: Change[];
  /** The entity's id, when it exists. */
  id?: string;
}

export interface Plan {
  kind: 'apply' | 'destroy';
  blueprints: string[];
  steps: PlanStep[];
  summary: Record<Action, number>;
}

export interface EngineOptions extends LoadOptions {
  client: GenesysClient;
  /** Where `.presence-kit/` lives (default: the current directory). */
  workDir?: string;
}

/** What `apply` needs beyond the printed plan; kept off the plan object so `--json` stays plain data. */
export interface PlanInternals {
  ctx: ResourceContext;
  store: StateStore;
  desired?: Desired;
  /** Per step (same index): its node, the entity as found, the state key, and planning notes. */
  items: Array<{
    node?: DesiredNode;
    stateKey: string;
    entry?: StateEntry;
    current?: Observed;
    /** oauth-client: issue a new secret (a consumer needs it, and Genesys never shows one again). */
    regenerateSecret?: boolean;
    /** A consumer of a secret that this run issues anew: must be rewritten. */
    secretFrom?: string[];
  }>;
  writesBefore: number;
  callsAtPlan: Record<string, number>;
}

const internals = new WeakMap<Plan, PlanInternals>();
export const internalsOf = (plan: Plan): PlanInternals => {
  const i = internals.get(plan);
  if (!i) throw new Error('this plan was not made by plan() in this process');
  return i;
};
export const attachInternals = (plan: Plan, i: PlanInternals) => internals.set(plan, i);

export const SECRET_SHOWN = '(secret)';
export const UNKNOWN_SHOWN = '(known after apply)';

/** Deletion order: dependants first. */
export const DELETE_ORDER: readonly Kind[] = [
  'credentials-file',
  'trigger',
  'workflow',
  'data-action',
  'data-table',
  'integration',
  'credential',
  'oauth-client',
  'role',
  'presence-definition',
];

export function summarize(steps: readonly PlanStep[]): Record<Action, number> {
  const s: Record<Action, number> = { create: 0, update: 0, adopt: 0, delete: 0, noop: 0 };
  for (const st of steps) s[st.action]++;
  return s;
}

/** Node index → node, for `${nINDEX.attr}` references. */
const byIndex = (d: Desired) => new Map(d.nodes.map((n) => [`n${n.index}`, n]));

/**
 * A node's spec with references filled in: ids through `idOf` (UNKNOWN when not yet known), names,
 * and secrets through `secretOf` (left as `${kind:name.secret}` text when undefined — the form the
 * state digests use, stable whichever blueprints are selected).
 */
export function resolveSpec(
  desired: Desired,
  node: DesiredNode,
  idOf: (key: string) => string | undefined,
  secretOf: (key: string) => string | undefined = () => undefined,
): Record<string, unknown> {
  const nodes = byIndex(desired);
  return substitute(node.spec, (ref) => {
    if (ref.type !== 'resource') return undefined;
    const target = nodes.get(ref.name);
    if (!target) return undefined;
    if (ref.attr === 'name') return target.name;
    if (ref.attr === 'id') return idOf(target.key) ?? UNKNOWN;
    return secretOf(target.key) ?? `\${${target.key}.secret}`;
  }) as Record<string, unknown>;
}

/** Keys of the oauth-client nodes whose secret a node's spec uses. */
export function secretSources(desired: Desired, node: DesiredNode): string[] {
  const nodes = byIndex(desired);
  const out = new Set<string>();
  for (const m of JSON.stringify(node.spec).matchAll(REF)) {
    const ref = parseReference(m[1]!);
    if (!('error' in ref) && ref.type === 'resource' && ref.attr === 'secret') {
      const t = nodes.get(ref.name);
      if (t) out.add(t.key);
    }
  }
  return [...out];
}

/** The state digests of a node's spec: secrets stay references, so no digest depends on one. */
export function digests(node: DesiredNode, spec: Record<string, unknown>): { specHash: string; fingerprint?: string } {
  const module = RESOURCES[node.kind];
  const specHash = hashOf({ name: node.name, spec });
  if (module.fingerprint) return { specHash, fingerprint: module.fingerprint(node.name, spec) };
  if (module.opaque) return { specHash, fingerprint: hashOf(Object.fromEntries(module.opaque.map((k) => [k, spec[k]]))) };
  return { specHash };
}

/**
 * Every difference `apply` must act on: the kind's own diff, plus what only the state file can
 * tell (opaque contents, changes made outside presence-kit). On a resource presence-kit did not
 * create, a change Genesys can make only by re-creating is not made: it is reported instead.
 */
export function changesFor(node: DesiredNode, spec: Record<string, unknown>, current: Observed, entry: StateEntry | undefined): { changes: Change[]; notes: string[] } {
  const module = RESOURCES[node.kind];
  let changes = module.diff(node.name, spec, current);
  const notes: string[] = [];
  const { fingerprint } = digests(node, spec);
  if (fingerprint !== undefined && entry?.fingerprint !== fingerprint) {
    changes.push({
      field: (module.opaque ?? ['content']).join(', '),
      note: entry?.fingerprint ? 'changed since the last apply' : 'Genesys cannot show it back: written to be sure',
    });
  }
  const rev = module.revision?.(current);
  if (entry?.revision && rev && rev !== entry.revision) changes.push({ field: 'revision', from: entry.revision, to: rev, note: 'changed outside presence-kit since the last apply' });
  const ours = entry?.createdBy === 'presence-kit';
  if (!ours && changes.some((c) => c.replace)) {
    for (const c of changes.filter((x) => x.replace)) notes.push(`${c.field} differs (${show(c.from)} vs ${show(c.to)}) but Genesys can change it only by re-creating, which presence-kit does not do to a resource it did not create`);
    changes = changes.filter((c) => !c.replace);
  }
  return { changes, notes };
}

const show = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v));

/** Makes changes printable: unknown values and secrets as words. */
export function printable(changes: Change[]): Change[] {
  const clean = (v: unknown): unknown => {
    if (typeof v === 'string') return v.includes(UNKNOWN) ? UNKNOWN_SHOWN : /\$\{[^}]*\.secret\}/.test(v) ? SECRET_SHOWN : v;
    if (Array.isArray(v)) return v.map(clean);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, clean(x)]));
    return v;
  };
  return changes.map((c) => ({ ...c, ...(c.from !== undefined ? { from: clean(c.from) } : {}), ...(c.to !== undefined ? { to: clean(c.to) } : {}) }));
}

/** Plans an apply of the selected blueprints (default: all shipped). Reads only. */
export async function plan(opts: EngineOptions): Promise<Plan> {
  const workDir = opts.workDir ?? process.cwd();
  const store = new StateStore(workDir);
  const desired = loadBlueprints({ ...opts, recorded: { ...store.recordedVariables(), ...(opts.recorded ?? {}) } });
  checkLocalFiles(desired);
  const ctx = new ResourceContext(opts.client, workDir);
  store.bindOrg(await readOrganization(opts.client));
  const writesBefore = opts.client.stats.writes;
  const callsAtPlan = opts.client.stats.byMethod();
  const steps: PlanStep[] = [];
  const items: PlanInternals['items'] = [];
  const ids = new Map<string, string>();
  const claimed = new Set<string>();

  for (const node of desired.nodes) {
    const module = RESOURCES[node.kind];
    const spec = resolveSpec(desired, node, (k) => ids.get(k));
    const found = store.lookup(node.key, node.addresses);
    const [stateKey, entry] = found ?? [node.key, undefined];
    if (found) claimed.add(stateKey);
    let current: Observed | undefined;
    if (entry?.id) current = await module.read(ctx, entry.id, spec);
    if (!current) current = await module.find(ctx, node.name, spec);
    const base = { resource: node.addresses[0]!, kind: node.kind, name: node.name, blueprints: node.blueprints };
    if (!current) {
      steps.push({ ...base, action: 'create', reason: entry?.id ? 'gone from the org since the last apply: creating it again' : 'not in the org', changes: [] });
      items.push({ node, stateKey, entry });
      continue;
    }
    ids.set(node.key, current.id);
    const { changes, notes } = changesFor(node, spec, current, entry);
    const pending = changes.some((c) => isUnknown(c.to)) ? ' (some values known after apply)' : '';
    let action: Action;
    let reason: string;
    if (!entry) {
      action = 'adopt';
      reason = `found by name, made outside presence-kit: will be managed but never deleted${changes.length ? `; ${changes.length} field(s) to update` : ''}`;
    } else if (changes.length) {
      action = 'update';
      reason = `${changes.map((c) => c.field).join(', ')} differ${changes.length === 1 ? 's' : ''}${pending}`;
    } else {
      action = 'noop';
      reason = 'in sync';
    }
    if (notes.length) reason += `; ${notes.join('; ')}`;
    steps.push({ ...base, action, reason, changes, id: current.id });
    items.push({ node, stateKey, entry, current });
  }

  planSecrets(desired, steps, items);

  // What the state file holds for the selected blueprints but the manifests no longer name.
  const removals: Array<[string, StateEntry]> = Object.entries(store.state.resources).filter(
    ([k, e]) => !claimed.has(k) && !desired.nodes.some((n) => n.key === k) && e.blueprints.some((b) => desired.blueprints.includes(b)),
  );
  for (const [key, entry] of sortForDeletion(removals)) {
    const others = entry.blueprints.filter((b) => !desired.blueprints.includes(b));
    const base = { resource: entry.addresses[0] ?? key, kind: entry.kind, name: entry.name, blueprints: entry.blueprints, changes: [] as Change[] };
    const current = entry.id ? await RESOURCES[entry.kind].read(ctx, entry.id) : undefined;
    if (others.length) steps.push({ ...base, action: 'noop', reason: `no longer in ${entry.blueprints.filter((b) => !others.includes(b)).join(', ')}; still used by ${others.join(', ')}`, id: entry.id ?? undefined });
    else if (!current) steps.push({ ...base, action: 'noop', reason: 'no longer in the manifests and already gone from the org: forgotten' });
    else if (entry.createdBy === 'presence-kit') steps.push({ ...base, action: 'delete', reason: 'no longer in the manifests', id: current.id });
    else steps.push({ ...base, action: 'noop', reason: 'no longer in the manifests; adopted, so left in place and forgotten', id: current.id });
    items.push({ stateKey: key, entry, current });
  }

  const p: Plan = { kind: 'apply', blueprints: desired.blueprints, steps: steps.map((s) => ({ ...s, changes: printable(s.changes) })), summary: summarize(steps) };
  attachInternals(p, { ctx, store, desired, items, writesBefore, callsAtPlan });
  return p;
}

/**
 * Every file a spec points at (a data action export, a flow's YAML) reads and checks out before
 * the first call: a typo in a path or a broken file stops the plan with one line naming the
 * manifest entry, instead of stopping apply after it created half of what the manifests name.
 */
function checkLocalFiles(desired: Desired): void {
  for (const node of desired.nodes) {
    const check = RESOURCES[node.kind].check;
    if (!check) continue;
    try {
      check(node.name, resolveSpec(desired, node, () => undefined));
    } catch (e) {
      if (!(e instanceof ResourceError)) throw e;
      const [, logical] = node.addresses[0]!.split(/\.(.*)/);
      throw new EngineError(`${shown(node.file)}: resources.${logical}: ${e.message}`);
    }
  }
}

/**
 * Genesys shows a client secret only when it issues one. A credential or credentials file that
 * must be written, whose client is not created in this run, needs a new secret — and then every
 * other consumer of that client's secret must be rewritten too.
 */
function planSecrets(desired: Desired, steps: PlanStep[], items: PlanInternals['items']): void {
  const stepOf = new Map(items.map((it, i) => [it.node?.key, i] as const));
  const writes = (a: Action, changes: Change[]) => a === 'create' || changes.length > 0;
  const rotated = new Set<string>();
  for (const [i, it] of items.entries()) {
    if (!it.node) continue;
    for (const src of secretSources(desired, it.node)) {
      const si = stepOf.get(src);
      if (si === undefined) continue;
      if (steps[si]!.action === 'create') rotated.add(src);
      else if (writes(steps[i]!.action, steps[i]!.changes) && !rotated.has(src)) {
        rotated.add(src);
        items[si]!.regenerateSecret = true;
        const s = steps[si]!;
        s.changes.push({ field: 'secret', note: `a new secret is issued: ${it.node.addresses[0]} needs it, and Genesys shows a secret only once` });
        if (s.action === 'noop') s.action = 'update';
        s.reason = s.reason === 'in sync' ? 'secret to be issued anew' : `${s.reason}; secret to be issued anew`;
      }
    }
  }
  for (const [i, it] of items.entries()) {
    if (!it.node) continue;
    const from = secretSources(desired, it.node).filter((s) => rotated.has(s));
    if (!from.length) continue;
    it.secretFrom = from;
    const s = steps[i]!;
    if (s.action === 'create') continue;
    if (!s.changes.some((c) => c.field === 'clientSecret' || c.note?.includes('new secret'))) s.changes.push({ field: 'secret', note: 'rewritten with the new client secret' });
    if (s.action === 'noop') {
      s.action = 'update';
      s.reason = 'rewritten with the new client secret';
    }
  }
}

export function sortForDeletion<T extends { kind: Kind }>(entries: Array<[string, T]>): Array<[string, T]> {
  return [...entries].sort(([, a], [, b]) => DELETE_ORDER.indexOf(a.kind) - DELETE_ORDER.indexOf(b.kind));
}
