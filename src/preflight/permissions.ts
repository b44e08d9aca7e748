import { holds } from '../resources/permissions.js';
import type { Need } from './requirements.js';

/** Doctor's view of permissions: what the chosen blueprints need that the admin client lacks. */

export interface MissingPermission {
  /** The permission(s) to add; for an ANY requirement, any one of them. */
  permissions: string[];
  anyOf: boolean;
  neededBy: string[];
  operation: string;
}

/** Which needs the held permissions leave unmet, deduplicated by what to grant. */
export function missingPermissions(held: readonly string[], needs: readonly Need[]): MissingPermission[] {
  const out = new Map<string, MissingPermission>();
  for (const n of needs) {
    const { type, permissions } = n.requirement;
    const lacking = type === 'ANY' ? (permissions.some((p) => holds(held, p)) ? [] : [...permissions]) : permissions.filter((p) => !holds(held, p));
    if (!lacking.length) continue;
    const anyOf = type === 'ANY' && lacking.length > 1;
    const key = `${anyOf ? 'any' : 'all'}:${lacking.join(',')}`;
    const m = out.get(key) ?? { permissions: lacking, anyOf, neededBy: [], operation: n.operation };
    for (const who of n.neededBy) if (!m.neededBy.includes(who)) m.neededBy.push(who);
    out.set(key, m);
  }
  return [...out.values()].sort((a, b) => a.permissions[0]!.localeCompare(b.permissions[0]!));
}
