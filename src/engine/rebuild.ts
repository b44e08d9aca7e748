import { RESOURCES, type ResourceContext } from '../resources/index.js';
import type { ObservedIntegration } from '../resources/integration.js';
import type { ActionEntity } from '../resources/data-action.js';
import { readMark } from '../resources/mark.js';
import { isUnknown, KINDS, type Kind, type Observed } from '../resources/types.js';
import type { Desired } from './blueprints.js';
import { digests, resolveSpec } from './plan.js';
import type { StateEntry } from './state.js';

/**
 * The state, rebuilt from the org: whatever carries this deployment's mark is presence-kit's;
 * what Genesys gives no field to mark is found through a marked entity that refers to it —
 *
 * | kind                | found through                                                        |
 * |---------------------|----------------------------------------------------------------------|
 * | credential          | a marked integration whose `config/current` credentials name its id  |
 * | data-action         | its `integrationId`: a marked integration                            |
 * | presence-definition | its id in a marked entity's description (the pre-break job client's) |
 * | credentials-file    | a local file in `.presence-kit/`: found at its path                  |
 *
 * Each is recorded under its manifest entry (kind + exact name in the given manifests); a marked
 * entity no manifest names any more (renamed since) is recorded too, so the next apply retires it.
 * Contents Genesys cannot show back (a flow's YAML, a credential's fields) are taken to be what the
 * manifests say; an adopted entity's before-image is not in the org, so it is not recovered.
 */
export type RebuiltEntry = Omit<StateEntry, 'updatedAt'>;

interface Found {
  kind: Kind;
  o: Observed;
  adopted: boolean;
}

async function marked(ctx: ResourceContext, deployment: string, kinds: ReadonlySet<Kind>): Promise<Found[]> {
  const out: Found[] = [];
  for (const kind of KINDS.filter((k) => kinds.has(k))) {
    const m = RESOURCES[kind];
    if (!m.mark || !m.listAll) continue;
    for (const o of await m.listAll(ctx)) {
      const mark = readMark(m.mark.read(o));
      if (mark?.deployment === deployment) out.push({ kind, o, adopted: mark.adopted });
    }
  }
  return out;
}

/** Field-less kinds: which entities the marked ones vouch for. */
function vouchers(found: Found[]): Array<[Kind, (o: Observed) => boolean]> {
  const own = found.filter((f) => !f.adopted);
  const integrations = own.filter((f) => f.kind === 'integration').map((f) => f.o as Observed<ObservedIntegration>);
  const credentialIds = new Set(integrations.flatMap((i) => Object.values(i.actual.config?.credentials ?? {}).map((c) => c.id)));
  const integrationIds = new Set(integrations.map((i) => i.id));
  const texts = own.map((f) => RESOURCES[f.kind].mark!.read(f.o) ?? '').join('\n');
  return [
    ['credential', (o) => credentialIds.has(o.id)],
    ['data-action', (o) => integrationIds.has((o.actual as ActionEntity).integrationId ?? '')],
    ['presence-definition', (o) => texts.includes(o.id)],
  ];
}

/** `kinds`: the kinds to look for (a plan looks only at those its blueprints make, and needs only their permissions). */
export async function rebuildFromOrg(ctx: ResourceContext, deployment: string, desired: Desired, kinds: ReadonlySet<Kind> = new Set(KINDS)): Promise<Record<string, RebuiltEntry>> {
  const found = await marked(ctx, deployment, kinds);
  // Nothing marked, nothing vouched for (and a first apply lists no more than before).
  if (found.length) for (const [kind, ours] of vouchers(found)) if (kinds.has(kind)) for (const o of await RESOURCES[kind].listAll!(ctx)) if (ours(o)) found.push({ kind, o, adopted: false });

  const nodes = new Map(desired.nodes.map((n) => [n.key, n]));
  const ids = new Map<string, string>();
  for (const f of found) if (nodes.has(`${f.kind}:${f.o.name}`)) ids.set(`${f.kind}:${f.o.name}`, f.o.id);
  const blueprintsWith = (kind: Kind) => {
    const b = [...new Set(desired.nodes.filter((n) => n.kind === kind).flatMap((n) => n.blueprints))];
    return b.length ? b : desired.blueprints;
  };

  const entries: Record<string, RebuiltEntry> = {};
  for (const { kind, o, adopted } of found) {
    const key = `${kind}:${o.name}`;
    if (entries[key]) continue;
    const node = nodes.get(key);
    const spec = node && resolveSpec(desired, node, (k) => ids.get(k));
    entries[key] = {
      kind,
      name: o.name,
      id: o.id,
      status: 'ready',
      createdBy: adopted ? 'adopted' : 'presence-kit',
      blueprints: node?.blueprints ?? blueprintsWith(kind),
      addresses: node?.addresses ?? [],
      ...(node && spec && !isUnknown(spec) ? digests(node, spec) : {}),
      revision: RESOURCES[kind].revision?.(o),
    };
  }
  return entries;
}
