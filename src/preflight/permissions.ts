import { holds } from '../resources/permissions.js';
import type { Need } from './requirements.js';

/** Doctor's view of permissions: what the chosen blueprints need that the admin client lacks. */

export interface MissingPermission {
  /** The permission to add. */
  permission: string;
  neededBy: string[];
  operation: string;
}

/** Which needs the held permissions leave unmet (wildcards such as `presence:*:*` count), in permission order. */
export function missingPermissions(held: readonly string[], needs: readonly Need[]): MissingPermission[] {
  return needs
    .filter((n) => !holds(held, n.permission))
    .map((n) => ({ permission: n.permission, neededBy: [...n.neededBy], operation: n.operation }))
    .sort((a, b) => a.permission.localeCompare(b.permission));
}
