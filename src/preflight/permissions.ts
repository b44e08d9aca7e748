import type { GenesysClient } from '../genesys/client.js';
import { GenesysError } from '../genesys/errors.js';
import type { Need } from './requirements.js';

/** `domain:entity:action`; each part of a held permission may be `*` (e.g. "presence > All Permissions"). */
export function grants(held: string, required: string): boolean {
  if (held === '*') return true;
  const h = held.split(':');
  const r = required.split(':');
  return r.every((part, i) => h[i] === '*' || h[i] === part);
}

export const holds = (held: readonly string[], required: string) => held.some((h) => grants(h, required));

/** The permission strings a role carries: its plain `permissions` and each policy's domain:entity:action. */
export function permissionsOfRole(role: {
  permissions?: string[];
  permissionPolicies?: Array<{ domain?: string; entityName?: string; actionSet?: string[] }>;
}): string[] {
  const fromPolicies = (role.permissionPolicies ?? []).flatMap((p) => (p.actionSet ?? []).map((a) => `${p.domain}:${p.entityName}:${a}`));
  return [...new Set([...(role.permissions ?? []), ...fromPolicies])];
}

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

export interface HeldPermissions {
  permissions: string[];
  roles: Array<{ id: string; name: string }>;
  /** How they were read, for the report. */
  source: string;
}

interface RoleBody {
  id: string;
  name: string;
  permissions?: string[];
  permissionPolicies?: Array<{ domain?: string; entityName?: string; actionSet?: string[] }>;
}

/**
 * The admin client's own permissions. An OAuth client's grants are its `roleDivisions`
 * (`GET /api/v2/oauth/clients/{clientId}`), each role's permissions its policies
 * (`GET /api/v2/authorization/roles/{roleId}`). When the client may not read OAuth clients, the
 * authorization subject (`GET /api/v2/authorization/subjects/{subjectId}`, grants with their
 * role policies) answers the same question with `authorization:grant:view`.
 */
export async function readHeldPermissions(client: GenesysClient, clientId: string): Promise<HeldPermissions> {
  let viaClient: GenesysError | undefined;
  try {
    const oauth = await client.request<{ roleDivisions?: Array<{ roleId: string; divisionId: string }> }>('GET', `/api/v2/oauth/clients/${encodeURIComponent(clientId)}`);
    const roleIds = [...new Set((oauth.roleDivisions ?? []).map((r) => r.roleId))];
    const roles = await Promise.all(roleIds.map((id) => client.request<RoleBody>('GET', `/api/v2/authorization/roles/${encodeURIComponent(id)}`)));
    return {
      permissions: [...new Set(roles.flatMap(permissionsOfRole))],
      roles: roles.map((r) => ({ id: r.id, name: r.name })),
      source: 'GET /api/v2/oauth/clients/{clientId} + /api/v2/authorization/roles/{roleId}',
    };
  } catch (err) {
    if (!(err instanceof GenesysError) || (err.status !== 403 && err.status !== 404)) throw err;
    viaClient = err;
  }
  try {
    const subject = await client.request<{
      grants?: Array<{ role?: { id: string; name: string; policies?: Array<{ domain?: string; entityName?: string; actions?: string[] }> } }>;
    }>('GET', `/api/v2/authorization/subjects/${encodeURIComponent(clientId)}`);
    const roles = (subject.grants ?? []).flatMap((g) => (g.role ? [g.role] : []));
    const permissions = roles.flatMap((r) => permissionsOfRole({ permissionPolicies: (r.policies ?? []).map((p) => ({ ...p, actionSet: p.actions })) }));
    return {
      permissions: [...new Set(permissions)],
      roles: [...new Map(roles.map((r) => [r.id, { id: r.id, name: r.name }])).values()],
      source: 'GET /api/v2/authorization/subjects/{subjectId}',
    };
  } catch (err) {
    if (err instanceof GenesysError && (err.status === 403 || err.status === 404)) {
      throw new GenesysError({
        status: err.status,
        code: err.code,
        message: `cannot read the admin client's own permissions (${viaClient?.code ?? ''} / ${err.code})`,
        hint: 'give the admin client oauth:client:view and authorization:role:view (or authorization:grant:view) so doctor can check it',
        missingPermissions: [...new Set([...(viaClient?.missingPermissions ?? []), ...err.missingPermissions])],
      });
    }
    throw err;
  }
}
