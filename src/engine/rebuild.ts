import { isUnknown, type Kind } from '../resources/types.js';
import type { Desired } from './blueprints.js';
import type { Owned, Ownership } from './ownership.js';
import { digests, resolveSpec } from './plan.js';
import { RESOURCES } from '../resources/index.js';
import type { StateEntry } from './state.js';

/**
 * The state, rebuilt from the org (engine/ownership.ts decides what is ours). Each entity is
 * recorded under its name, with the blueprints its mark (or its voucher's) names; a marked entity
 * no manifest names any more (renamed since) is recorded too, so the next apply retires it.
 * Contents Genesys cannot show back (a flow's YAML, a credential's fields) are taken to be what the
 * manifests say; an adopted entity's before-image is not in the org, so it is not recovered.
 */
export type RebuiltEntry = Omit<StateEntry, 'updatedAt'>;

/** State entries for what the org says is ours; `desired` supplies digests and, for old marks, blueprints. */
export function entriesFrom(own: Ownership, desired: Desired | undefined): Record<string, RebuiltEntry> {
  const nodes = new Map((desired?.nodes ?? []).map((n) => [n.key, n]));
  const ids = new Map<string, string>();
  for (const f of own.entities) if (nodes.has(`${f.kind}:${f.o.name}`)) ids.set(`${f.kind}:${f.o.name}`, f.o.id);
  const blueprintsWith = (kind: Kind) => {
    const b = [...new Set((desired?.nodes ?? []).filter((n) => n.kind === kind).flatMap((n) => n.blueprints))];
    return b.length ? b : (desired?.blueprints ?? []);
  };
  /**
   * The manifest entry an entity is: by kind and name — but an auth action is named by Genesys
   * after its integration ("… (Auth)"), so it is the entry whose integration is its voucher.
   */
  const nodeOf = (f: Owned) =>
    nodes.get(`${f.kind}:${f.o.name}`) ??
    (f.kind === 'auth-action' && f.via && desired
      ? desired.nodes.find((n) => n.kind === 'auth-action' && resolveSpec(desired, n, (k) => ids.get(k)).integrationId === f.via!.o.id)
      : undefined);
  const entries: Record<string, RebuiltEntry> = {};
  for (const f of own.entities) {
    const node = nodeOf(f);
    const key = node?.key ?? `${f.kind}:${f.o.name}`;
    if (entries[key]) continue;
    const spec = node && desired && resolveSpec(desired, node, (k) => ids.get(k));
    entries[key] = {
      kind: f.kind,
      name: node?.name ?? f.o.name,
      id: f.o.id,
      status: 'ready',
      createdBy: f.adopted ? 'adopted' : 'presence-kit',
      blueprints: f.blueprints ?? node?.blueprints ?? blueprintsWith(f.kind),
      addresses: f.addresses.length ? f.addresses : (node?.addresses ?? []),
      ...(node && spec && !isUnknown(spec) ? digests(node, spec) : {}),
      revision: RESOURCES[f.kind].revision?.(f.o),
    };
  }
  return entries;
}
