import type { Desired, DesiredNode } from '../engine/blueprints.js';
import { kitTriggers, overlapsInOrg, type Overlap } from '../engine/overlap.js';
import { adoptId, printable, resolveSpec } from '../engine/plan.js';
import { RESOURCES, type ResourceContext } from '../resources/index.js';
import { listActions } from '../resources/data-action.js';
import { listIntegrations } from '../resources/integration.js';
import { readMark } from '../resources/mark.js';
import { listRoles } from '../resources/role.js';
import { listTables } from '../resources/data-table.js';
import { listPresenceDefinitions } from '../resources/presence-definition.js';
import { listTriggers } from '../resources/trigger.js';
import { listWorkflows } from '../resources/workflow.js';
import type { Change, Kind, Observed } from '../resources/types.js';
import { ORIGINALS, sameName, type OriginalBlueprint } from './originals.js';

/**
 * "Is something already installed here?" — asked before any question: the original blueprints'
 * entities (by the names and shapes their guides and Terraform use), the entities presence-kit
 * would make whose names are taken by someone else (with what differs, field by field), and the
 * enabled triggers that would run beside the kit's. Reads only, one listing per kind (the
 * context caches them), plus what a field-by-field comparison needs of a taken name.
 */
export type Owner = 'ours' | 'adopted' | 'foreign';

export interface TakenName {
  kind: Kind;
  name: string;
  id: string;
  /** `kind/name`, as `--adopt` and `--use` spell it. */
  ref: string;
  /** The kit's blueprints that would make it. */
  blueprints: string[];
  /** A presence-kit mark of another deployment, when it has one. */
  deployment?: string;
  /** What presence-kit would change, were it taken over (its own mark aside). */
  changes: Change[];
}

export interface FoundOriginal {
  repo: string;
  title: string;
  blueprint: string;
  /** Its entities found in the org (names only the original uses, and those it shares with the kit). */
  entities: Array<{ kind: Kind; name: string; id: string }>;
  /** Its triggers: found by topic and the workflow they run (their names are the admin's). */
  triggers: Array<{ id: string; name: string; topicName: string; workflow: string; enabled: boolean }>;
}

export interface ExistingInstall {
  /** The original blueprints of which at least one entity is in the org. */
  originals: FoundOriginal[];
  /** Entities presence-kit would make whose names someone else's entities hold: `plan` stops on each not answered. */
  taken: TakenName[];
  /** Enabled triggers presence-kit does not own that act on the same events as the kit's. */
  overlaps: Overlap[];
}

export interface RecogniseInput {
  ctx: ResourceContext;
  desired: Desired;
  deployment: string;
}

/** The names a kind is listed under (the cheap listing: no per-entity reads). */
const LISTINGS: Partial<Record<Kind, (ctx: ResourceContext) => Promise<Array<{ id: string; name?: string }>>>> = {
  role: listRoles,
  integration: listIntegrations,
  'data-action': listActions,
  'data-table': listTables,
  workflow: listWorkflows,
  credential: async (ctx) => (await RESOURCES.credential.listAll!(ctx)).map((o) => ({ id: o.id, name: o.name })),
  // The listing the variables' check already read (one context): custom presences only, by their label.
  'presence-definition': async (ctx) => (await listPresenceDefinitions(ctx)).filter((d) => d.type !== 'System').map((d) => ({ id: d.id, name: d.languageLabels?.en_US ?? d.name })),
};

function ownerByMark(kind: Kind, current: Observed, deployment: string): { owner: Owner; deployment?: string } {
  const module = RESOURCES[kind];
  const m = module.mark ? readMark(module.mark.read(current)) : undefined;
  if (!m) return { owner: 'foreign' };
  if (m.deployment !== deployment) return { owner: 'foreign', deployment: m.deployment };
  return { owner: m.adopted ? 'adopted' : 'ours' };
}

/** A kind with no field for a mark is ours when the marked entity it hangs from is (an action's integration, a credential's). */
function parentOf(desired: Desired, node: DesiredNode): DesiredNode | undefined {
  const refs = (spec: unknown) => [...JSON.stringify(spec).matchAll(/\$\{n(\d+)\.id\}/g)].map((m) => Number(m[1]));
  if (node.kind === 'data-action' || node.kind === 'auth-action') return desired.nodes.find((n) => n.index === refs({ i: node.spec.integrationId })[0]);
  if (node.kind === 'credential') return desired.nodes.find((n) => n.kind === 'integration' && refs(n.spec.credentials).includes(node.index));
  return undefined;
}

/** Finds, for every entity the selected blueprints make, who holds its name in the org. */
async function takenNames(input: RecogniseInput): Promise<{ taken: TakenName[]; owners: Map<string, Owner>; ids: Map<string, string> }> {
  const { ctx, desired, deployment } = input;
  const ids = new Map<string, string>();
  const found = new Map<string, { node: DesiredNode; current: Observed }>();
  for (const node of desired.nodes) {
    if (node.kind === 'credentials-file') continue;
    const current = await RESOURCES[node.kind].find(ctx, node.name, resolveSpec(desired, node, (k) => ids.get(k)));
    if (!current) continue;
    ids.set(node.key, current.id);
    found.set(node.key, { node, current });
  }
  const owners = new Map<string, Owner>();
  const others = new Map<string, string>();
  const ourTexts = () =>
    [...found.values()]
      .filter(({ node, current }) => RESOURCES[node.kind].mark && readMark(RESOURCES[node.kind].mark!.read(current))?.deployment === deployment)
      .map(({ node, current }) => RESOURCES[node.kind].mark!.read(current) ?? '')
      .join('\n');
  const ownerOf = (node: DesiredNode, current: Observed): Owner => {
    const known = owners.get(node.key);
    if (known) return known;
    let owner: Owner = 'foreign';
    if (RESOURCES[node.kind].mark) {
      const r = ownerByMark(node.kind, current, deployment);
      owner = r.owner;
      if (r.deployment) others.set(node.key, r.deployment);
    } else {
      const parent = parentOf(desired, node);
      const p = parent && found.get(parent.key);
      // A presence is vouched for by its id in one of our marked entities' text (the pre-break job client's description; engine/rebuild.ts).
      owner = p ? ownerOf(p.node, p.current) : ourTexts().includes(current.id) ? 'ours' : 'foreign';
    }
    owners.set(node.key, owner);
    return owner;
  };
  const taken: TakenName[] = [];
  for (const { node, current } of found.values()) {
    if (ownerOf(node, current) !== 'foreign') continue;
    const changes = printable(RESOURCES[node.kind].diff(node.name, resolveSpec(desired, node, (k) => ids.get(k)), current));
    taken.push({ kind: node.kind, name: current.name, id: current.id, ref: adoptId(node), blueprints: node.blueprints, deployment: others.get(node.key), changes });
  }
  return { taken, owners, ids };
}

/** Whether a listed entity carries a presence-kit mark (any deployment's): then it is the kit's, not an original's. */
const kitMarked = (e: { description?: string; notes?: string }) => readMark(e.description) !== undefined || readMark(e.notes) !== undefined;

async function originalsIn(ctx: ResourceContext, wanted: readonly OriginalBlueprint[], kitIds: ReadonlySet<string>): Promise<FoundOriginal[]> {
  const kinds = [...new Set(wanted.flatMap((o) => Object.keys(o.names) as Kind[]))];
  const listed = new Map<Kind, Array<{ id: string; name?: string }>>();
  const notKit = (e: { id: string; description?: string; notes?: string }) => !kitIds.has(e.id) && !kitMarked(e);
  for (const k of kinds) listed.set(k, ((await LISTINGS[k]?.(ctx)) ?? []).filter(notKit));
  const flows = await listWorkflows(ctx);
  const flowName = new Map(flows.filter(notKit).map((f) => [f.id, f.name]));
  const triggers = (await listTriggers(ctx)).filter(notKit);
  const out: FoundOriginal[] = [];
  for (const o of wanted) {
    const named = (kind: Kind) => (listed.get(kind) ?? []).filter((e) => e.name !== undefined && (o.names[kind] ?? []).some((n) => sameName(n, e.name!)));
    // An action is the original's when it sits in one of the original's integrations (the same action names recur across guides).
    const integrations = new Set(named('integration').map((e) => e.id));
    const entities = (Object.keys(o.names) as Kind[]).flatMap((kind) =>
      named(kind)
        .filter((e) => kind !== 'data-action' || integrations.has((e as { integrationId?: string }).integrationId ?? ''))
        .map((e) => ({ kind, name: e.name!, id: e.id })),
    );
    const trig = triggers
      .filter((t) => flowName.has(t.target?.id ?? ''))
      .map((t) => ({ id: t.id, name: t.name, topicName: t.topicName, workflow: flowName.get(t.target?.id ?? '')!, enabled: t.enabled !== false }))
      .filter((t) => o.triggers.some((s) => s.topic === t.topicName && sameName(s.workflow, t.workflow)));
    if (entities.length || trig.length) out.push({ repo: o.repo, title: o.title, blueprint: o.blueprint, entities, triggers: trig });
  }
  return out;
}

/** What is already in the org, for the selected blueprints. Reads only. */
export async function recogniseInstall(input: RecogniseInput): Promise<ExistingInstall> {
  const { taken, owners, ids } = await takenNames(input);
  const wanted = ORIGINALS.filter((o) => input.desired.blueprints.includes(o.blueprint));
  const kitIds = new Set([...owners].filter(([, o]) => o !== 'foreign').map(([k]) => ids.get(k)!));
  const originals = await originalsIn(input.ctx, wanted, kitIds);
  const overlaps = await overlapsInOrg(input.ctx, kitTriggers(input.desired), input.deployment, (id) => kitIds.has(id));
  return { originals, taken, overlaps };
}
