import { RESOURCES } from '../resources/index.js';
import { KINDS, type Kind } from '../resources/types.js';

/**
 * What provisioning a blueprint asks of the admin client, by Genesys permission string — folded
 * from each resource kind's own `permissions` (src/resources/<kind>.ts), the same declaration the
 * engine checks before its first write. Doctor asks for all four operations (read, create, update,
 * delete): a client that passes doctor is one apply and destroy will not refuse.
 */
/** One permission and why it is needed, for the doctor's report. */
export interface Need {
  permission: string;
  /** What needs it first, e.g. "create trigger". */
  operation: string;
  /** The blueprints and resource kinds that need it. */
  neededBy: string[];
}

/** What a blueprint provisions, as preflight sees it. */
export interface BlueprintShape {
  name: string;
  /** Resource kinds it provisions. */
  kinds: string[];
  /**
   * Roles it creates and hands to its OAuth clients. Genesys lets a client hand out only the
   * permissions it holds itself, so the admin client needs every one of them too.
   */
  roles?: Array<{ name: string; permissions: string[] }>;
}

/**
 * What setup reads itself while asking: the org's presences (through the presence-definition
 * kind's listing) and the trigger topics, which need what reading triggers needs.
 */
export const SETUP_READS: readonly Kind[] = ['presence-definition', 'trigger'];

const isKind = (k: string): k is Kind => (KINDS as readonly string[]).includes(k);

/** Folds what a set of blueprints provisions into the distinct permissions, each once, with who needs it. */
export function needsOf(blueprints: readonly BlueprintShape[], setupReads: readonly Kind[] = SETUP_READS): Need[] {
  const byPermission = new Map<string, Need>();
  const add = (permission: string, operation: string, who: string) => {
    const n: Need = byPermission.get(permission) ?? { permission, operation, neededBy: [] };
    if (!n.neededBy.includes(who)) n.neededBy.push(who);
    byPermission.set(permission, n);
  };
  for (const b of blueprints) {
    for (const kind of b.kinds) {
      if (!isKind(kind)) throw new Error(`blueprint ${b.name}: unknown resource kind "${kind}" — use one of ${KINDS.join(', ')}`);
      for (const [operation, permissions] of Object.entries(RESOURCES[kind].permissions))
        for (const p of permissions) add(p, `${operation} ${kind}`, `${b.name} (${kind})`);
    }
    for (const role of b.roles ?? []) for (const p of role.permissions) add(p, 'POST /api/v2/oauth/clients (roleDivisions)', `${b.name} (role "${role.name}")`);
  }
  for (const kind of setupReads) for (const p of RESOURCES[kind].permissions.read) add(p, `read ${kind}`, 'setup');
  return [...byPermission.values()];
}
