import { defaultBlueprints, loadBlueprints, type Desired, type LoadOptions } from './blueprints.js';
import { readConfigFile } from './config-file.js';
import { EngineError } from './errors.js';
import { rebuildFromOrg } from './rebuild.js';
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
  /** What the run must tell the user (a rebuild). */
  notes: string[];
}

/** The default blueprints plus the selected ones: what a rebuild maps entities to (opt-in ones need their own variables, so only when named). */
function everything(opts: LoadOptions, selected: Desired | undefined): Desired | undefined {
  try {
    return loadBlueprints({ ...opts, blueprints: [...new Set([...defaultBlueprints(opts.dir), ...(opts.blueprints ?? [])])] });
  } catch {
    return selected;
  }
}

export async function openState(ctx: ResourceContext, opts: LoadOptions & DeploymentInputs, selected?: Desired): Promise<OpenedState> {
  const store = new StateStore(ctx.workDir);
  const org = await readOrganization(ctx.client);
  store.bindOrg(org);
  const deployment = resolveDeployment(opts, store.state.deployment);
  store.state.deployment = deployment;
  const notes: string[] = [];
  if (store.problem) {
    const desired = everything(opts, selected);
    const entries = desired ? await rebuildFromOrg(ctx, deployment, desired, selected ? new Set(selected.nodes.map((n) => n.kind)) : undefined) : {};
    const n = Object.keys(entries).length;
    const now = new Date().toISOString();
    store.state.resources = Object.fromEntries(Object.entries(entries).map(([k, e]) => [k, { ...e, updatedAt: now }]));
    notes.push(
      store.problem === 'missing' && !n
        ? `no ${STATE_FILE} here, and nothing in the org carries the mark of deployment "${deployment}": a first deployment`
        : `${STATE_FILE} ${store.problem}: rebuilt from the org — ${n ? `${n} entit${n === 1 ? 'y carries' : 'ies carry'}` : 'nothing carries'} the mark of deployment "${deployment}"`,
    );
    if (store.problem !== 'missing' || n) {
      store.setAsideDamaged();
      store.save();
    }
  }
  return { store, deployment, notes };
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
  const entries = await rebuildFromOrg(ctx, deployment, desired);
  const now = new Date().toISOString();
  // What only the file knew survives: an adopted entity's before-image, the last variable values.
  store.state.resources = Object.fromEntries(
    Object.entries(entries).map(([k, e]) => {
      const prev = recorded?.resources[k];
      return [k, { ...e, ...(prev?.id === e.id && prev.before !== undefined ? { before: prev.before } : {}), updatedAt: now }];
    }),
  );
  store.state.deployment = deployment;
  store.setAsideDamaged();
  store.save();
  const n = Object.keys(entries).length;
  return { store, deployment, notes: [`${STATE_FILE} rebuilt from the org: ${n} entit${n === 1 ? 'y' : 'ies'} of deployment "${deployment}"`] };
}
