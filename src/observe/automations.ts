import { blueprintFile, shippedBlueprints } from '../engine/blueprints.js';
import { loadManifest, nameWithDefaults } from '../engine/manifest.js';
import { readMark } from '../resources/mark.js';
import { ORIGINALS, sameName } from '../preflight/originals.js';

/**
 * Which automation a presence change can come from, and whose workflow made it. The kit's
 * workflows are known from the org — by the ownership mark at the end of their description, for
 * the deployment observed — and, where a workflow carries no mark (one the kit uses as it is), by
 * the names the deployment's variables give (a `namePrefix` too). Unmarked workflows under an
 * original blueprint's names are that original's, installed beside the kit: their runs are read
 * too, and said to be the original's, never the kit's. Pre-break is a job, not a flow, and is
 * known by the presence only it sets.
 */
/** `interaction`: Genesys → Teams (teams-presence-outbound): an interaction shown in Teams. */
export type Automation = 'communicate-call' | 'teams' | 'interaction' | 'pre-break';

export const AUTOMATION_LABEL: Record<Automation | 'person', string> = {
  'communicate-call': 'Communicate call',
  teams: 'Teams',
  interaction: 'an interaction (Genesys → Teams)',
  'pre-break': 'pre-break',
  person: 'a person',
};

/** Whose workflow: presence-kit's (the deployment observed), or an original blueprint's beside it. */
export type WorkflowOwner = 'presence-kit' | 'original';

export interface KitWorkflow {
  name: string;
  blueprint: string;
  automation: Automation;
  owner: WorkflowOwner;
  /** For an original's workflow: the original blueprint's title (what an admin calls it). */
  original?: string;
}

export const automationOf = (blueprint: string): Automation | undefined =>
  blueprint === 'teams-presence-outbound' ? 'interaction' : blueprint.startsWith('teams-presence') ? 'teams' : blueprint === 'communicate-call' ? 'communicate-call' : undefined;

/** The shipped blueprints whose workflows are an automation the observers attribute. */
export const automationBlueprints = (): string[] => shippedBlueprints().filter((b) => automationOf(b) !== undefined);

/**
 * The deployment the observers read: its id (what its marks name) and the names its variables
 * give its workflows (`--set`, the environment, presence-kit.config.json, the last apply), the
 * fallback for a workflow that carries no mark.
 */
export interface ObservedDeployment {
  deployment: string;
  /** Workflow name → the blueprint that makes it, with the deployment's variables. */
  names: ReadonlyMap<string, string>;
  /** `workflow/NAME` entries the kit uses as they are (the config file's `use`). */
  used: ReadonlySet<string>;
  /** The Pre-Break presence's name its variables give (`preBreakPresenceName`), when not the default. */
  preBreakPresenceName?: string;
}

/** Workflow names with the variables' defaults (no namePrefix): what a mark without blueprints is matched to. */
function defaultNames(): Map<string, string> {
  const out = new Map<string, string>();
  for (const bp of automationBlueprints()) {
    const m = loadManifest(blueprintFile(bp));
    for (const r of Object.values(m.resources)) {
      const name = r.kind === 'workflow' ? nameWithDefaults(m, r.name) : undefined;
      if (name !== undefined) out.set(name, bp);
    }
  }
  return out;
}

/** What an org's workflow listing gives: enough to read its mark. */
export interface ListedFlow {
  id: string;
  name: string;
  description?: string;
  deleted?: boolean;
}

const kitMarked = (f: ListedFlow) => readMark(f.description);

/**
 * The deployment whose marks count: the one observed when any workflow carries its mark; else,
 * when the org's marked workflows all belong to one deployment, that one (a directory that never
 * applied reads the org's only deployment); else the one observed (which then owns none).
 */
function markedDeployment(flows: readonly ListedFlow[], observed: string): string {
  const ids = new Set(flows.flatMap((f) => kitMarked(f)?.deployment ?? []));
  return ids.has(observed) || ids.size !== 1 ? observed : [...ids][0]!;
}

/**
 * The workflows of the org the observers attribute runs to: the deployment's (by mark, else by the
 * variables' names) and the original blueprints' beside them. Pure: the listing is read once by the caller.
 */
export function observedWorkflows(flows: readonly ListedFlow[], view: ObservedDeployment): Array<{ id: string; name: string; workflow: KitWorkflow }> {
  const deployment = markedDeployment(flows, view.deployment);
  const defaults = defaultNames();
  const out: Array<{ id: string; name: string; workflow: KitWorkflow }> = [];
  const add = (f: ListedFlow, blueprint: string | undefined, owner: WorkflowOwner, original?: string) => {
    const automation = blueprint ? automationOf(blueprint) : undefined;
    if (blueprint && automation) out.push({ id: f.id, name: f.name, workflow: { name: f.name, blueprint, automation, owner, ...(original ? { original } : {}) } });
  };
  for (const f of flows.filter((x) => !x.deleted)) {
    const mark = kitMarked(f);
    if (mark) {
      // Another deployment's workflow is neither ours nor an original's: not read.
      if (mark.deployment === deployment) add(f, mark.blueprints?.find((b) => automationOf(b)) ?? view.names.get(f.name) ?? defaults.get(f.name), 'presence-kit');
      continue;
    }
    const original = ORIGINALS.find((o) => (o.names.workflow ?? []).some((n) => sameName(n, f.name)));
    const byVariables = view.names.get(f.name);
    // Unmarked under a name the variables give: ours only when it is no original's name, or the kit uses it as it is.
    if (byVariables && (!original || view.used.has(`workflow/${f.name}`))) add(f, byVariables, 'presence-kit');
    else if (original) add(f, original.blueprint, 'original', original.title);
  }
  return out;
}

/** The pre-break presence's default name (the blueprint's variable), used when none is given. */
export function defaultPreBreakPresenceName(): string {
  const v = loadManifest(blueprintFile('pre-break')).variables?.preBreakPresenceName?.default;
  return typeof v === 'string' ? v : 'Pre-Break';
}
