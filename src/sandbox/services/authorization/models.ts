import type { SandboxContext } from '../../core/context.js';
import type { Collection } from '../../core/store.js';

/** A role as `/api/v2/authorization/roles` returns it (DomainOrganizationRole). */
export interface Role {
  id: string;
  name: string;
  description?: string;
  defaultRoleId?: string;
  permissions: string[];
  permissionPolicies: Array<{
    id?: string;
    domain: string;
    entityName: string;
    actionSet: string[];
    policyName?: string;
    allowConditions?: boolean;
  }>;
  userCount: number;
  base: boolean;
  default: boolean;
  dateModified?: string;
  version?: number;
}

export interface Division {
  id: string;
  name: string;
  description?: string;
  homeDivision: boolean;
}

export const MASTER_ADMIN = 'Master Admin';

export const roles = (ctx: SandboxContext): Collection<Role> =>
  ctx.store.collection<Role>('roles', { summarize: (r) => ({ permissions: effectivePermissions(r) }) });

export const divisions = (ctx: SandboxContext): Collection<Division> => ctx.store.collection<Division>('divisions');

/** The permission strings a role grants: its plain `permissions` plus each policy's domain:entity:action. */
export function effectivePermissions(role: Role): string[] {
  const fromPolicies = role.permissionPolicies.flatMap((p) => p.actionSet.map((a) => `${p.domain}:${p.entityName}:${a}`));
  return [...new Set([...role.permissions, ...fromPolicies])];
}

export function permissionsOfRoles(ctx: SandboxContext, roleIds: readonly string[]): string[] {
  const all = roleIds.flatMap((id) => {
    const r = roles(ctx).get(id);
    return r ? effectivePermissions(r) : [];
  });
  return [...new Set(all)];
}

export function homeDivision(ctx: SandboxContext): Division {
  const d = divisions(ctx).find((x) => x.homeDivision);
  if (!d) throw new Error('sandbox org has no home division');
  return d;
}

export function seedAuthorization(ctx: SandboxContext): void {
  divisions(ctx).insert({ id: ctx.rng.uuid(), name: 'Home', description: 'The home division of the sandbox org.', homeDivision: true });
  roles(ctx).insert({
    id: ctx.rng.uuid(),
    name: MASTER_ADMIN,
    description: 'Master Admin (every permission).',
    defaultRoleId: 'admin',
    permissions: [],
    permissionPolicies: [{ id: ctx.rng.uuid(), domain: '*', entityName: '*', actionSet: ['*'], allowConditions: false }],
    userCount: 0,
    base: false,
    default: true,
  });
}

export const masterAdminRole = (ctx: SandboxContext): Role => {
  const r = roles(ctx).find((x) => x.name === MASTER_ADMIN && x.default);
  if (!r) throw new Error('sandbox org has no Master Admin role');
  return r;
};

/** A role granted to a user in a division (PC_USER grants; OAuth clients keep theirs in `roleDivisions`). */
export interface UserGrant {
  /** `${subjectId}/${roleId}/${divisionId}`: a grant is unique per subject, role and division. */
  id: string;
  subjectId: string;
  roleId: string;
  divisionId: string;
  grantMadeAt: string;
}

export const userGrants = (ctx: SandboxContext): Collection<UserGrant> => ctx.store.collection<UserGrant>('userGrants', { hidden: true });

export const grantId = (subjectId: string, roleId: string, divisionId: string) => `${subjectId}/${roleId}/${divisionId}`;

/** Every division, `*` standing for all of them (as Terraform's `division_id = "*"`). */
export const ALL_DIVISIONS = '*';
