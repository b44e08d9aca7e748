import { RESOURCES, type ResourceContext } from '../resources/index.js';
import type { ObservedIntegration } from '../resources/integration.js';
import type { ActionEntity } from '../resources/data-action.js';
import { readMark } from '../resources/mark.js';
import { KINDS, type Kind, type Observed } from '../resources/types.js';
import { BLUEPRINTS_DIR, blueprintFile, shippedBlueprints, type Desired } from './blueprints.js';
import { loadManifest, nameWithDefaults } from './manifest.js';

/**
 * What in the org is presence-kit's, decided from the org alone — the one answer plan, status,
 * `state rebuild` and destroy consume. A state file only caches it, and is corrected from it.
 *
 * An entity is ours when it carries the deployment's mark (src/resources/mark.ts), which also
 * names every blueprint that uses it. What Genesys gives no field to mark is ours when a marked
 * entity vouches for it — Genesys derives it from ours, or ours names it:
 *
 * | kind                | found through                                                          |
 * |---------------------|------------------------------------------------------------------------|
 * | credential          | a marked integration whose `config/current` credentials name its id    |
 * | data-action         | its `integrationId`: a marked integration                              |
 * | auth-action         | its `integrationId`: a marked custom-auth integration (Genesys makes it) |
 * | presence-definition | its id in a marked entity's description (the pre-break job client's)   |
 * | credentials-file    | a local file at the path its manifest gives (in `.presence-kit/`)      |
 *
 * A vouched-for entity is adopted when its voucher is; it belongs to the voucher's blueprints that
 * declare it (or to all of the voucher's, when no shipped manifest names it).
 */
export interface Owned {
  kind: Kind;
  o: Observed;
  adopted: boolean;
  /** Blueprints using it: from its mark, else from its voucher and the manifests; undefined when nothing says. */
  blueprints?: string[];
  /** Logical addresses (`blueprint.logicalName`) of the shipped manifest entries that name it. */
  addresses: string[];
  /** For a vouched-for entity: the marked entity that vouches for it. */
  via?: Owned;
}

export interface Ownership {
  deployment: string;
  /** The kinds looked at: for other kinds, `whose` knows nothing. */
  kinds: ReadonlySet<Kind>;
  entities: Owned[];
  /** The owned entity with this id, if the org says it is ours (adopted included). */
  whose(kind: Kind, id: string): Owned | undefined;
}

/** `kind:name` → the shipped blueprints (and their logical addresses) that declare it; names from variables use the variable's default. */
export function declaredBy(dir = BLUEPRINTS_DIR): Map<string, { blueprints: string[]; addresses: string[] }> {
  const out = new Map<string, { blueprints: string[]; addresses: string[] }>();
  for (const b of shippedBlueprints(dir)) {
    let m;
    try {
      m = loadManifest(blueprintFile(b, dir));
    } catch {
      continue;
    }
    for (const [logical, r] of Object.entries(m.resources)) {
      const name = nameWithDefaults(m, r.name);
      if (name === undefined) continue;
      const e = out.get(`${r.kind}:${name}`) ?? { blueprints: [], addresses: [] };
      if (!e.blueprints.includes(m.name)) e.blueprints.push(m.name);
      e.addresses.push(`${m.name}.${logical}`);
      out.set(`${r.kind}:${name}`, e);
    }
  }
  return out;
}

/** Field-less kinds: which entities the marked ones vouch for, and through which. */
function vouchers(found: Owned[]): Array<[Kind, (o: Observed) => Owned | undefined]> {
  const integrations = found.filter((f) => f.kind === 'integration');
  const byCredential = new Map<string, Owned>();
  for (const i of integrations) for (const c of Object.values((i.o as Observed<ObservedIntegration>).actual.config?.credentials ?? {})) byCredential.set(c.id, i);
  const byIntegration = new Map(integrations.map((i) => [i.o.id, i]));
  const marked = found.map((f) => ({ f, text: RESOURCES[f.kind].mark!.read(f.o) ?? '' }));
  // A voucher whose mark says it uses that kind as it is (`--use`) vouches for none of it: another tool's.
  const uses = (kind: Kind) => (v: Owned | undefined) => (v && readMark(RESOURCES[v.kind].mark!.read(v.o))?.uses?.includes(kind) ? undefined : v);
  const vouched: Array<[Kind, (o: Observed) => Owned | undefined]> = [
    ['credential', (o) => byCredential.get(o.id)],
    ['data-action', (o) => byIntegration.get((o.actual as ActionEntity).integrationId ?? '')],
    ['auth-action', (o) => byIntegration.get((o.actual as ActionEntity).integrationId ?? '')],
    ['presence-definition', (o) => marked.find((m) => m.text.includes(o.id) && !readMark(m.text)?.uses?.includes('presence-definition'))?.f],
  ];
  return vouched.map(([kind, v]) => [kind, (o) => uses(kind)(v(o))]);
}

/**
 * Reads the org: every entity of `kinds` that carries `deployment`'s mark, and what those vouch
 * for. `desired` places local files (the credentials file) and names blueprints where the org
 * cannot. Reads only; one listing per kind (cached in `ctx`).
 */
export async function readOwnership(ctx: ResourceContext, deployment: string, kinds: ReadonlySet<Kind> = new Set(KINDS), desired?: Desired): Promise<Ownership> {
  const declared = declaredBy();
  const found: Owned[] = [];
  for (const kind of KINDS.filter((k) => kinds.has(k))) {
    const m = RESOURCES[kind];
    if (!m.mark || !m.listAll) continue;
    for (const o of await m.listAll(ctx)) {
      const mark = readMark(m.mark.read(o));
      if (mark?.deployment !== deployment) continue;
      const d = declared.get(`${kind}:${o.name}`);
      found.push({ kind, o, adopted: mark.adopted, blueprints: mark.blueprints ?? d?.blueprints, addresses: d?.addresses ?? [] });
    }
  }
  // Nothing marked, nothing vouched for (and a first apply lists no more than before).
  if (found.length) {
    const marked = [...found];
    for (const [kind, voucher] of vouchers(marked)) {
      if (!kinds.has(kind)) continue;
      for (const o of await RESOURCES[kind].listAll!(ctx)) {
        const v = voucher(o);
        if (!v) continue;
        const d = declared.get(`${kind}:${o.name}`);
        const blueprints = v.blueprints && d ? v.blueprints.filter((b) => d.blueprints.includes(b)) : undefined;
        // Adopted when its voucher is, or when the voucher's mark says it names that kind adopted (`adopts`).
        const adopted = v.adopted || !!readMark(RESOURCES[v.kind].mark!.read(v.o))?.adopts?.includes(kind);
        found.push({ kind, o, adopted, blueprints: blueprints?.length ? blueprints : v.blueprints, addresses: d?.addresses ?? [], via: v });
      }
    }
  }
  if (kinds.has('credentials-file') && desired) {
    for (const n of desired.nodes.filter((x) => x.kind === 'credentials-file')) {
      const o = await RESOURCES['credentials-file'].find(ctx, n.name, n.spec);
      if (o) found.push({ kind: 'credentials-file', o, adopted: false, blueprints: n.blueprints, addresses: n.addresses });
    }
  }
  const byId = new Map(found.map((f) => [`${f.kind}:${f.o.id}`, f]));
  return { deployment, kinds, entities: found, whose: (kind, id) => byId.get(`${kind}:${id}`) };
}
