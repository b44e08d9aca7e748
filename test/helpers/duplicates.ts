import type { inventory } from './target.js';

type Inventory = Awaited<ReturnType<typeof inventory>>;

/** The inventory without soft-deleted entities (Genesys keeps a deleted presence definition or flow, marked `deleted`). */
export const live = (inv: Inventory): Inventory => Object.fromEntries(Object.entries(inv).map(([k, list]) => [k, list.filter((e) => e.deleted !== true)]));

// The kinds a provisioning run creates. (Table rows are not listed: the sandbox keys a row by its
// table and key, so a second one with the same key cannot exist to be found.)
const PROVISIONED = ['roles', 'oauthClients', 'credentials', 'integrations', 'actions', 'flows', 'datatables', 'triggers', 'presenceDefinitions'];

/** `kind: name` for every live entity with a namesake of its kind — empty when nothing was created twice. */
export function duplicates(inv: Inventory): string[] {
  const out: string[] = [];
  for (const [kind, list] of Object.entries(live(inv)).filter(([k]) => PROVISIONED.includes(k))) {
    const seen = new Set<string>();
    for (const e of list) {
      if (!e.name) continue;
      // Actions are one per category (integration) + name; the same name in two integrations is two actions.
      const key = kind === 'actions' ? `${e.category}/${e.name}` : e.name;
      if (seen.has(key)) out.push(`${kind}: ${key}`);
      seen.add(key);
    }
  }
  return out;
}
