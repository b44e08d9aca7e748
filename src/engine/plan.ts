import type { GenesysClient } from '../genesys/client.js';
import { RESOURCES, ResourceContext, ResourceError } from '../resources/index.js';
import { isUnknown, UNKNOWN, type Change, type Kind, type Observed, type ResourceModule } from '../resources/types.js';
import { loadBlueprints, type Desired, type DesiredNode, type LoadOptions } from './blueprints.js';
import { EngineError } from './errors.js';
import { hashOf } from './hash.js';
import { shown } from './manifest.js';
import { parseReference, REF, substitute } from './references.js';
import { readMark, withMark } from '../resources/mark.js';
import { openState, type DeploymentInputs } from './deployment.js';
import type { Ownership } from './ownership.js';
import { checkInputsAgainstOrg } from './org-inputs.js';
import { didYouMean } from './errors.js';
import { StateStore, type StateEntry } from './state.js';
import { cannotServe, namedKinds, outsideOurIntegration, usedReason } from './use.js';

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
  /**
   * `status` only: an entity with the name presence-kit would use but not its mark (someone took
   * the mark off, or made it by hand). A plan stops on it; status reports it as not ours.
   */
  foreign?: true;
}

export interface Plan {
  kind: 'apply' | 'destroy';
  blueprints: string[];
  /** The deployment whose mark the entities carry. */
  deployment: string;
  /** What the user must be told before the steps (the state was rebuilt from the org). */
  notes: string[];
  steps: PlanStep[];
  summary: Record<Action, number>;
}

export interface EngineOptions extends LoadOptions, DeploymentInputs {
  client: GenesysClient;
  /** Where `.presence-kit/` lives (default: the current directory). */
  workDir?: string;
  /** `kind/name` of same-named entities made by someone else that apply may take over (`--adopt`). */
  adopt?: string[];
  /** `kind/name` of entities another tool owns, used as they are (`--use`): read and wired to, never written, marked or deleted. */
  use?: string[];
  /** `kind/name` of adopted OAuth clients whose secret may be regenerated (`--rotate-secret`). */
  rotateSecret?: string[];
  /** `status`: the plan only reports and is never applied, so it asks for no secret apply would send. */
  report?: boolean;
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
    /** Whose the entity is (or will be, once this step ran). */
    owner: 'presence-kit' | 'adopted';
    /** Used as it is (`--use`): apply wires to it and never writes it; the state does not record it. */
    used?: boolean;
    /** A credentials file not written: it would need a new secret of a client whose secret this directory never saw (see planSecrets). */
    withheld?: boolean;
    /** An adopted entity as it was before presence-kit changed anything (what destroy puts back). */
    before?: unknown;
    /** destroy: the mark text to write instead of deleting (a shared entity kept for other blueprints; an adopted one not put back loses its mark). */
    remark?: string;
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
export function changesFor(node: DesiredNode, spec: Record<string, unknown>, current: Observed, entry: StateEntry | undefined, ours: boolean): { changes: Change[]; notes: string[] } {
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

/** Plans an apply of the selected blueprints (default: all shipped). Reads only (a rebuilt state file aside). */
export async function plan(opts: EngineOptions): Promise<Plan> {
  const workDir = opts.workDir ?? process.cwd();
  const ctx = new ResourceContext(opts.client, workDir);
  // Variables recorded by the last apply only count once the state is known good: read it first.
  const peek = new StateStore(workDir);
  const desired = loadBlueprints({ ...opts, recorded: { ...peek.recordedVariables(), ...(opts.recorded ?? {}) } });
  checkLocalFiles(desired);
  const adopt = checkNames('--adopt', opts.adopt ?? [], desired);
  const rotate = checkNames('--rotate-secret', opts.rotateSecret ?? [], desired);
  const use = checkNames('--use', opts.use ?? [], desired);
  for (const u of use) if (adopt.has(u)) throw new EngineError(`${u}: both --use and --adopt — use it as it is, or take it over, not both`);
  const { store, deployment, notes, ownership } = await openState(ctx, opts, desired);
  await checkInputsAgainstOrg(ctx, desired);
  const writesBefore = opts.client.stats.writes;
  const callsAtPlan = opts.client.stats.byMethod();
  const steps: PlanStep[] = [];
  const items: PlanInternals['items'] = [];
  const ids = new Map<string, string>();
  const claimed = new Set<string>();
  const twins: string[] = [];
  /** What adoption cannot do to a foreign entity without breaking it or ours: the plan stops on these. */
  const conflicts: string[] = [];
  /** Entities named with --use that cannot do what ours need of them. */
  const unusable: string[] = [];
  /** Whose each node's entity is, as planned so far (the nodes a later one names come first). */
  const ownerOfNode = new Map<string, 'presence-kit' | 'adopted'>();

  for (const node of desired.nodes) {
    const module = RESOURCES[node.kind];
    const found = store.lookup(node.key, node.addresses);
    const [stateKey, entry] = found ?? [node.key, undefined];
    if (found) claimed.add(stateKey);
    const bare = resolveSpec(desired, node, (k) => ids.get(k));
    let current: Observed | undefined;
    if (entry?.id) current = await module.read(ctx, entry.id, bare);
    if (!current) current = await module.find(ctx, node.name, bare);
    const base = { resource: node.addresses[0]!, kind: node.kind, name: node.name, blueprints: node.blueprints };
    if (use.has(adoptId(node))) {
      // Another tool's entity: ours are wired to it; it is never written. One that cannot serve stops the plan.
      const label = `  ${module.label} "${node.name}"`;
      if (!current) {
        const outside = await outsideOurIntegration(ctx, node, bare, desired);
        unusable.push(
          outside
            ? `${label} ${outside}, or drop --use ${adoptId(node)}`
            : `${label}: --use names it, but the org has no ${module.label} of that name — make it first, or drop --use ${adoptId(node)} to let presence-kit make its own`,
        );
        continue;
      }
      const why = cannotServe(node, bare, current, desired);
      if (why) unusable.push(`${label} (${current.id}) ${why} — it cannot be used as it is: give it what it lacks, or drop --use ${adoptId(node)}`.slice(0, 300));
      ids.set(node.key, current.id);
      steps.push({ ...base, action: 'noop', reason: usedReason(node, bare, current), changes: [], id: current.id });
      items.push({ node, stateKey, entry, current, owner: 'adopted', used: true });
      continue;
    }
    const owner = current ? ownerOf(node.kind, current, entry, ownership) : 'presence-kit';
    if (owner === 'foreign' && !adopt.has(adoptId(node))) {
      const line = twinLine(node, current!, deployment, desired);
      // status reads: it says so for this entity (not ours) and goes on with the others.
      if (opts.report) steps.push({ ...base, action: 'noop', reason: line.trim(), changes: [], id: current!.id, foreign: true });
      else twins.push(line);
      // Its id lets what depends on it be looked up too (an action in a foreign integration), so all twins show at once.
      ids.set(node.key, current!.id);
      continue;
    }
    const adopting = owner === 'foreign';
    const createdBy = adopting ? 'adopted' : owner;
    ownerOfNode.set(node.key, createdBy);
    if (module.mark) {
      // Every blueprint that uses it: those already in its mark, and this run's.
      const marked = current && !adopting ? (ownership.whose(node.kind, current.id)?.blueprints ?? []) : [];
      const blueprints = [...new Set([...marked, ...node.blueprints])].sort();
      // What it names that is used as it is, or adopted (a credential in our integration, a presence our job client names),
      // is said in its mark: else the org vouches for it as made by presence-kit, and destroy deletes it.
      const uses = namedKinds(node, desired, (n) => use.has(adoptId(n)));
      const adopts = namedKinds(node, desired, (n) => ownerOfNode.get(n.key) === 'adopted');
      node.spec = {
        ...node.spec,
        [module.mark.field]: withMark(node.spec[module.mark.field] as string | undefined, {
          deployment,
          adopted: createdBy === 'adopted',
          blueprints,
          ...(uses.length ? { uses } : {}),
          ...(adopts.length ? { adopts } : {}),
        }),
      };
    }
    const spec = resolveSpec(desired, node, (k) => ids.get(k));
    if (!current) {
      steps.push({ ...base, action: 'create', reason: entry?.id ? 'gone from the org since the last apply: creating it again' : 'not in the org', changes: [] });
      items.push({ node, stateKey, entry, owner: 'presence-kit' });
      continue;
    }
    ids.set(node.key, current.id);
    if (createdBy === 'adopted') conflicts.push(...adoptionConflicts(node, spec, current, desired));
    const { changes, notes: why } = changesFor(node, spec, current, entry, createdBy === 'presence-kit');
    const pending = changes.some((c) => isUnknown(c.to)) ? ' (some values known after apply)' : '';
    let action: Action;
    let reason: string;
    if (adopting) {
      action = 'adopt';
      reason = `made outside presence-kit, adopted (--adopt): ${changes.length ? `${changes.length} field(s) change, each put back by destroy` : 'nothing to change'}`;
    } else if (!entry || entry.id !== current.id) {
      action = changes.length ? 'update' : 'noop';
      reason = `found by deployment "${deployment}"'s mark${changes.length ? `; ${changes.map((c) => c.field).join(', ')} differ${pending}` : ', in sync'}`;
    } else if (changes.length) {
      action = 'update';
      reason = `${changes.map((c) => c.field).join(', ')} differ${changes.length === 1 ? 's' : ''}${pending}`;
    } else {
      action = 'noop';
      reason = 'in sync';
    }
    if (why.length) reason += `; ${why.join('; ')}`;
    steps.push({ ...base, action, reason, changes, id: current.id });
    items.push({ node, stateKey, entry, current, owner: createdBy, before: adopting ? current.actual : entry?.before });
  }

  // Nothing is written while any same-named entity is not ours: one line per entity, with the choices.
  if (twins.length)
    throw new EngineError(
      `${twins.length} entit${twins.length === 1 ? 'y' : 'ies'} in the org ha${twins.length === 1 ? 's' : 've'} the name presence-kit would use but not its mark — nothing was written:\n${twins.join('\n')}`,
    );

  if (unusable.length)
    throw new EngineError(`${unusable.length} entit${unusable.length === 1 ? 'y' : 'ies'} named with --use cannot serve presence-kit's resources — nothing was written:\n${unusable.join('\n')}`);
  if (conflicts.length)
    throw new EngineError(
      `${conflicts.length} adopted entit${conflicts.length === 1 ? 'y differs' : 'ies differ'} from ours in what Genesys cannot change in place — nothing was written:\n${conflicts.join('\n')}`,
    );

  planSecrets(desired, steps, items, rotate);
  if (!opts.report) checkSecretsToSend(desired, steps, items);

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
    items.push({ stateKey: key, entry, current, owner: entry.createdBy });
  }

  const p: Plan = { kind: 'apply', blueprints: desired.blueprints, deployment, notes, steps: steps.map((s) => ({ ...s, changes: printable(s.changes) })), summary: summarize(steps) };
  attachInternals(p, { ctx, store, desired, items, writesBefore, callsAtPlan });
  return p;
}

/** `kind/name`, as `--adopt` and `--rotate-secret` spell a resource. */
export const adoptId = (n: { kind: Kind; name: string }) => `${n.kind}/${n.name}`;

/** Every `kind/name` given must name a resource of the selected blueprints (a typo must not pass silently). */
function checkNames(flag: string, given: readonly string[], desired: Desired): Set<string> {
  const known = desired.nodes.map(adoptId);
  for (const g of given) if (!known.includes(g)) throw new EngineError(`${flag} ${g}: no such resource in ${desired.blueprints.join(', ')}${didYouMean(g, known)} — spell it kind/name, e.g. ${flag} ${known[0]}`);
  return new Set(given);
}

/**
 * Whose an entity found in the org is: the org decides (engine/ownership.ts). The state file can
 * only add caution (an entity it recorded as adopted stays adopted) and vouch for a field-less
 * entity whose create it recorded but whose marked voucher is not written yet (a run killed in
 * between); a local file in our folder is ours.
 */
function ownerOf(kind: Kind, current: Observed, entry: StateEntry | undefined, own: Ownership): 'presence-kit' | 'adopted' | 'foreign' {
  const o = own.whose(kind, current.id);
  // Under an adopted voucher, whether a field-less entity was made or adopted is only in the state.
  if (o) return entry?.id === current.id && (entry.createdBy === 'adopted' || o.via) ? entry.createdBy : o.adopted ? 'adopted' : 'presence-kit';
  if (kind === 'credentials-file') return 'presence-kit';
  if (RESOURCES[kind].mark) return 'foreign';
  return entry && (!entry.id || entry.id === current.id) ? entry.createdBy : 'foreign';
}

/** One line naming a same-named entity that is not ours, and the two ways on. */
/** How the user gives one of ours another name: the variable its manifest name uses, else the manifest entry. */
function renameHint(node: DesiredNode, desired: Desired): string {
  const [bp, logical] = node.addresses[0]!.split(/\.(.*)/) as [string, string];
  const raw = desired.manifests.find((x) => x.name === bp)?.resources[logical]?.name ?? '';
  const variable = /\$\{var\.([\w]+)\}/.exec(raw)?.[1];
  return variable ? `--set ${variable}=<another name>` : `another name at ${shown(node.file)} resources.${logical}.name`;
}

const clip = (v: unknown, n = 60): string => {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
};

/**
 * What adopting `current` would need that Genesys cannot do in place, or that would break what
 * uses it — a trigger's topic (Genesys refuses to change it), a data action's contract (the
 * workflows calling ours would not import), a data table's columns beyond or unlike ours (Genesys
 * refuses the schema) — one line each (≤ 300 characters), with the reason and the way on. A
 * presence's parent is the one such field adoption leaves as it is (the user stays in that presence).
 */
function adoptionConflicts(node: DesiredNode, spec: Record<string, unknown>, current: Observed, desired: Desired): string[] {
  const module = RESOURCES[node.kind];
  const head = `  ${module.label} "${node.name}" (${current.id})`;
  const way = `rename ours (${renameHint(node, desired)}) or change that ${module.label} by hand, then plan again`;
  const raw = module.diff(node.name, spec, current).filter((c) => !isUnknown(c.to));
  const out: string[] = [];
  for (const c of raw.filter((x) => x.replace && node.kind !== 'presence-definition')) {
    const why =
      c.field === 'topicName'
        ? `listens to ${clip(c.from)}, ours to ${clip(c.to)}: Genesys cannot change a trigger's topic`
        : c.field === 'contract'
          ? `has another contract than ours: the workflows calling "${node.name}" would not import`
          : `has another ${c.field} (${clip(c.from, 40)}, ours ${clip(c.to, 40)}): Genesys changes it only by re-creating`;
    out.push(`${head} ${why} — ${way}`.slice(0, 300));
  }
  const columns = raw.find((c) => c.field === 'columns');
  if (node.kind === 'data-table' && columns) {
    const have = (columns.from ?? {}) as Record<string, unknown>;
    const want = (columns.to ?? {}) as Record<string, unknown>;
    const clash = Object.keys(have).filter((k) => !(k in want) || want[k] !== have[k]);
    if (clash.length) out.push(`${head} has columns ours lacks or types differently (${clip(clash.join(', '), 80)}): Genesys refuses that schema change — ${way}`.slice(0, 300));
  }
  return out;
}

function twinLine(node: DesiredNode, current: Observed, deployment: string, desired: Desired): string {
  const module = RESOURCES[node.kind];
  const m = module.mark ? readMark(module.mark.read(current)) : undefined;
  const whose = m ? `belongs to presence-kit deployment "${m.deployment}", not "${deployment}"` : module.mark ? 'has no presence-kit mark' : `cannot carry a mark (found through what uses it; not recorded as ours)`;
  const rename = renameHint(node, desired);
  const cased = current.name !== node.name ? ` (named "${current.name}": the same name to Genesys, which ignores case in ${module.label} names)` : '';
  return `  ${module.label} "${node.name}"${cased} (${current.id}) ${whose} — rename ours (${rename}) or adopt it (--adopt ${adoptId(node)})`;
}

/**
 * Every file a spec points at (a data action export, a flow's YAML) reads and checks out before
 * the first call: a typo in a path or a broken file stops the plan with one line naming the
 * manifest entry, instead of stopping apply after it created half of what the manifests name.
 */
function checkLocalFiles(desired: Desired): void {
  for (const node of desired.nodes) oneLineAt(desired, node, RESOURCES[node.kind].check);
}

/**
 * The secrets the admin provides (an Entra app's client secret) are needed only by a step that
 * sends them: asked for before apply's first write, never by a plan that would not write them.
 */
function checkSecretsToSend(desired: Desired, steps: PlanStep[], items: PlanInternals['items']): void {
  steps.forEach((s, i) => {
    const node = items[i]?.node;
    if (node && (s.action === 'create' || s.action === 'update' || s.action === 'adopt')) oneLineAt(desired, node, RESOURCES[node.kind].checkSecrets);
  });
}

/** Runs a resource's check on a node's spec; its refusal names the manifest entry. */
function oneLineAt(desired: Desired, node: DesiredNode, check: ResourceModule['check']): void {
  if (!check) return;
  try {
    check(node.name, resolveSpec(desired, node, () => undefined));
  } catch (e) {
    if (!(e instanceof ResourceError)) throw e;
    const [, logical] = node.addresses[0]!.split(/\.(.*)/);
    throw new EngineError(`${shown(node.file)}: resources.${logical}: ${e.message}`);
  }
}

/**
 * Genesys shows a client secret only when it issues one. A credential or credentials file that
 * must be written, whose client is not created in this run, needs a new secret — and then every
 * other consumer of that client's secret must be rewritten too.
 */
function planSecrets(desired: Desired, steps: PlanStep[], items: PlanInternals['items'], rotate: ReadonlySet<string>): void {
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
        // Someone else's client: a new secret breaks whatever uses the old one — only on request.
        const client = items[si]!;
        if (client.used)
          throw new EngineError(
            `${RESOURCES[it.node.kind].label} "${it.node.name}" needs the secret of OAuth client "${client.node!.name}", which is used as it is (--use) and whose secret Genesys shows no one — use "${it.node.name}" as it is too (--use ${adoptId(it.node)}), or let presence-kit make its own client`,
          );
        // Ours, but recorded from the org: its secret is with whoever applied it (a deployed job) — a new one would cut them off.
        // (A consumer still to be created holds no secret: nothing known uses the current one, so a new one breaks nothing.)
        const holder = it.node.kind === 'credentials-file' || steps[i]!.action !== 'create';
        if (client.owner === 'presence-kit' && client.entry?.fromOrg && holder && !rotate.has(adoptId(client.node!))) {
          const why = `OAuth client "${client.node!.name}" was made from another directory, and its secret is never shown again: a new one stops what uses the current one`;
          if (it.node.kind !== 'credentials-file')
            throw new EngineError(`${RESOURCES[it.node.kind].label} "${it.node.name}" needs a new secret (${why}) — pass --rotate-secret ${adoptId(client.node!)}, or apply from the directory that made it`);
          it.withheld = true;
          steps[i] = { ...steps[i]!, action: 'noop', changes: [], reason: `not written here: ${why} — copy it from the directory that wrote it, or pass --rotate-secret ${adoptId(client.node!)}` };
          continue;
        }
        if (client.owner === 'adopted' && !rotate.has(adoptId(client.node!)))
          throw new EngineError(
            `${RESOURCES[it.node.kind].label} "${it.node.name}" needs the secret of OAuth client "${client.node!.name}", which presence-kit adopted and Genesys shows no secret of — pass --rotate-secret ${adoptId(client.node!)} (whatever uses its current secret stops working), or rename ours so presence-kit makes its own client`,
          );
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
    // Genesys never shows a credential's fields: taking one over writes presence-kit's client into them, which destroy cannot
    // undo (whatever else used it would hold a client destroy deletes) — only when the admin says so: --rotate-secret for the
    // credential, or for the adopted client it holds (a new secret for that client rewrites it anyway).
    const clients = secretSources(desired, it.node).map((k) => items[stepOf.get(k)!]?.node).filter((n) => n !== undefined);
    if (it.node.kind === 'credential' && steps[i]!.action === 'adopt' && ![it.node, ...clients].some((n) => rotate.has(adoptId(n))))
      throw new EngineError(
        `${RESOURCES[it.node.kind].label} "${it.node.name}" (${it.current?.id}): taking it over writes presence-kit's client into fields Genesys never shows, and destroy cannot put theirs back — to accept that, pass --rotate-secret ${adoptId(it.node)}; or use it as it is (--use ${adoptId(it.node)}), or rename ours (${renameHint(it.node, desired)})`,
      );
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
