import { defaultBlueprints, loadBlueprints, type Desired, type LoadOptions } from './blueprints.js';
import { readConfigFile } from './config-file.js';
import { EngineError } from './errors.js';
import { entriesFrom, type RebuiltEntry } from './rebuild.js';
import { readOwnership, type Ownership } from './ownership.js';
import { RESOURCES } from '../resources/index.js';
import { KINDS, type Kind } from '../resources/types.js';
import { sameSet } from '../resources/diff.js';
import { STATE_FILE, StateStore } from './state.js';
import { DEPLOYMENT_ID } from '../resources/mark.js';
import { readOrganization } from '../resources/organization.js';
import type { ResourceContext } from '../resources/index.js';

/**
 * Which deployment a run manages, and its state (rebuilt from the org when the file is missing or
 * damaged). A deployment id is what presence-kit's ownership marks name: every clone that uses the
 * same id — CI and a laptop — manages the same entities.
 */
export const DEFAULT_DEPLOYMENT = 'default';
export const ENV_DEPLOYMENT = 'PRESENCE_KIT_DEPLOYMENT';

export interface DeploymentInputs {
  /** `--deployment`. */
  deployment?: string;
  config?: LoadOptions['config'];
  env?: Readonly<Record<string, string | undefined>>;
}

/** `--deployment`, else PRESENCE_KIT_DEPLOYMENT, else the config file's, else the state's, else "default". */
export function resolveDeployment(i: DeploymentInputs, recorded: string | undefined): string {
  const fromConfig = typeof i.config === 'string' ? readConfigFile(i.config).deployment : (i.config as { deployment?: string } | undefined)?.deployment;
  const given = i.deployment ?? (i.env ?? process.env)[ENV_DEPLOYMENT] ?? fromConfig;
  if (given !== undefined && !DEPLOYMENT_ID.test(given)) throw new EngineError(`deployment "${given}": use letters, digits, . _ - (up to 40), e.g. --deployment contact-center-prod`);
  if (given && recorded && given !== recorded)
    throw new EngineError(`${STATE_FILE} here is deployment "${recorded}", but this run names "${given}" — run from a directory of deployment "${given}" (or an empty one: its state is rebuilt from the org), or pass --deployment ${recorded}`);
  return given ?? recorded ?? DEFAULT_DEPLOYMENT;
}

export interface OpenedState {
  store: StateStore;
  deployment: string;
  /** What the run must tell the user (a rebuild, a correction). */
  notes: string[];
  /** What the org says is ours (engine/ownership.ts): the answer every decision uses. */
  ownership: Ownership;
}

/** The default blueprints plus the selected ones: what a rebuild maps entities to (opt-in ones need their own variables, so only when named). */
function everything(opts: LoadOptions, selected: Desired | undefined): Desired | undefined {
  try {
    return loadBlueprints({ ...opts, blueprints: [...new Set([...defaultBlueprints(opts.dir), ...(opts.blueprints ?? [])])] });
  } catch {
    return selected;
  }
}

/** The kinds a plan of `selected` looks at, plus the marked kinds that vouch for its field-less ones. */
function kindsFor(selected: Desired | undefined): Set<Kind> {
  if (!selected) return new Set(KINDS);
  const kinds = new Set<Kind>(selected.nodes.map((n) => n.kind));
  if (['credential', 'data-action', 'auth-action'].some((k) => kinds.has(k as Kind))) kinds.add('integration');
  if (kinds.has('presence-definition')) kinds.add('oauth-client');
  return kinds;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * The state file made to agree with the org: what the org says is ours is recorded (with the
 * blueprints its mark names), and what the file calls ours but the org shows without our mark is
 * forgotten. The file can make presence-kit more careful (an entity it recorded as adopted stays
 * adopted), never make it own or disown anything. Returns how many entries changed.
 */
async function correct(ctx: ResourceContext, store: StateStore, rebuilt: Record<string, RebuiltEntry>, own: Ownership): Promise<number> {
  const res = store.state.resources;
  const now = new Date().toISOString();
  const keyOfId = new Map(Object.entries(res).flatMap(([k, e]) => (e.id ? [[`${e.kind}:${e.id}`, k] as const] : [])));
  let n = 0;
  for (const [key, e] of Object.entries(rebuilt)) {
    const at = keyOfId.get(`${e.kind}:${e.id}`) ?? key;
    const old = res[at];
    if (old?.id === e.id) {
      // The file adds caution only — and, under an adopted voucher, says whether a field-less entity was made or adopted.
      const createdBy = old.createdBy === 'adopted' || own.whose(e.kind, e.id!)?.via ? old.createdBy : e.createdBy;
      const blueprints = own.whose(e.kind, e.id!)?.blueprints ? e.blueprints : [...new Set([...old.blueprints, ...e.blueprints])];
      // Rebuilt once without its blueprint's variables (an opt-in blueprint not named, a required
      // variable not given), an entry has no digests: every later plan would then rewrite it — for a
      // credential, with a secret this directory never saw. Filled in as a rebuild would fill them.
      const digests = old.specHash === undefined && e.specHash !== undefined ? { specHash: e.specHash, fingerprint: e.fingerprint } : {};
      // Recorded under another key (an auth action rebuilt without its blueprint is keyed by the name Genesys gave it): moved to the manifest's.
      if (createdBy === old.createdBy && sameSet(blueprints, old.blueprints) && old.status === 'ready' && !digests.specHash && at === key) continue;
      if (at !== key) delete res[at];
      res[key] = { ...old, ...digests, createdBy, blueprints, name: e.name, addresses: e.addresses.length ? e.addresses : old.addresses, status: 'ready', updatedAt: now };
    } else {
      // Not recorded, recorded as a create in flight (its contents unknown: written again), or recorded with an id that is not ours.
      res[key] = old && !old.id ? { ...e, specHash: undefined, fingerprint: undefined, updatedAt: now } : { ...e, fromOrg: true, updatedAt: now };
    }
    n++;
  }
  for (const [k, e] of Object.entries(res)) {
    const m = RESOURCES[e.kind];
    if (!e.id || !own.kinds.has(e.kind) || own.whose(e.kind, e.id) || !m.mark || !m.listAll) continue;
    // In the org, but not with this deployment's mark: someone else's (a state copied from elsewhere, a mark removed).
    if ((await m.listAll(ctx)).some((o) => o.id === e.id)) {
      delete res[k];
      n++;
    }
  }
  return n;
}

export async function openState(ctx: ResourceContext, opts: LoadOptions & DeploymentInputs, selected?: Desired): Promise<OpenedState> {
  const store = new StateStore(ctx.workDir);
  const org = await readOrganization(ctx.client);
  store.bindOrg(org);
  const deployment = resolveDeployment(opts, store.state.deployment);
  store.state.deployment = deployment;
  const notes: string[] = [];
  const desired = everything(opts, selected);
  const ownership = await readOwnership(ctx, deployment, kindsFor(selected), desired ?? selected);
  const entries = entriesFrom(ownership, desired ?? selected);
  if (store.problem) {
    const n = Object.keys(entries).length;
    const now = new Date().toISOString();
    store.state.resources = Object.fromEntries(Object.entries(entries).map(([k, e]) => [k, { ...e, fromOrg: true, updatedAt: now }]));
    notes.push(
      store.problem === 'missing' && !n
        ? `no ${STATE_FILE} here, and nothing in the org carries the mark of deployment "${deployment}": a first deployment`
        : `${STATE_FILE} ${store.problem}: rebuilt from the org — ${n ? `${plural(n, 'entity carries', 'entities carry')}` : 'nothing carries'} the mark of deployment "${deployment}"`,
    );
    if (store.problem !== 'missing' || n) {
      store.setAsideDamaged();
      store.save();
    }
  } else {
    const n = await correct(ctx, store, entries, ownership);
    if (n) {
      notes.push(`${STATE_FILE} disagreed with the org on ${plural(n, 'entity', 'entities')}: corrected from the org (the marks of deployment "${deployment}" decide)`);
      store.save();
    }
  }
  return { store, deployment, notes, ownership };
}

/** `presence-kit state rebuild`: the state from the org, whatever the file says. */
export async function rebuildState(ctx: ResourceContext, opts: LoadOptions & DeploymentInputs): Promise<OpenedState> {
  const old = new StateStore(ctx.workDir);
  const recorded = old.problem ? undefined : old.state;
  const store = new StateStore(ctx.workDir);
  store.bindOrg(await readOrganization(ctx.client));
  const deployment = resolveDeployment(opts, recorded?.deployment);
  const desired = everything(opts, undefined);
  if (!desired) throw new EngineError('the shipped blueprints do not load — fix them first (presence-kit plan names the problem)');
  const ownership = await readOwnership(ctx, deployment, new Set(KINDS), desired);
  const entries = entriesFrom(ownership, desired);
  const now = new Date().toISOString();
  // What only the file knew survives: an adopted entity's before-image, the last variable values.
  store.state.resources = Object.fromEntries(
    Object.entries(entries).map(([k, e]) => {
      const prev = recorded?.resources[k];
      const kept = prev?.id === e.id ? { ...(prev.before !== undefined ? { before: prev.before } : {}), ...(prev.fromOrg ? { fromOrg: true } : {}) } : { fromOrg: true };
      return [k, { ...e, ...kept, updatedAt: now }];
    }),
  );
  store.state.deployment = deployment;
  store.setAsideDamaged();
  store.save();
  const n = Object.keys(entries).length;
  return { store, deployment, ownership, notes: [`${STATE_FILE} rebuilt from the org: ${n} entit${n === 1 ? 'y' : 'ies'} of deployment "${deployment}"`] };
}
