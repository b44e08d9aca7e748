import type { DivisionGrant } from '../../core/permissions.js';
import type { SandboxContext } from '../../core/context.js';
import type { Collection } from '../../core/store.js';
import { Rng } from '../../core/rng.js';

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

/** Each (role, division) pair's permissions: what the caller may do on objects of each division. */
export const divisionGrantsOf = (ctx: SandboxContext, pairs: ReadonlyArray<{ roleId: string; divisionId: string }>): DivisionGrant[] =>
  pairs.map((p) => ({ divisionId: p.divisionId, permissions: permissionsOfRoles(ctx, [p.roleId]) }));

export function homeDivision(ctx: SandboxContext): Division {
  const d = divisions(ctx).find((x) => x.homeDivision);
  if (!d) throw new Error('sandbox org has no home division');
  return d;
}

/**
 * The demo org's other divisions (besides Home): a contact center whose agents and management units
 * sit in several divisions, as a BPO or a multi-brand org does. Their ids come from their own
 * generator (seed and name), so adding them left every other seeded id as it was.
 */
export const OTHER_DIVISIONS = [
  { name: 'Outsourced Partner', description: 'Agents and a management unit run by an outsourcing partner.' },
  { name: 'Back Office', description: 'Back-office staff (no WFM units).' },
] as const;

/** Which division the n-th seeded user sits in: one in five in each of the other two. */
export const divisionNameForUser = (n: number): string => (n % 5 === 3 ? OTHER_DIVISIONS[0].name : n % 5 === 4 ? OTHER_DIVISIONS[1].name : 'Home');

const stableUuid = (seed: number, name: string) => new Rng((seed ^ [...name].reduce((h, c) => Math.imul(h ^ c.charCodeAt(0), 16777619), 2166136261)) >>> 0).uuid();

export function divisionNamed(ctx: SandboxContext, name: string): Division {
  const d = divisions(ctx).find((x) => x.name === name);
  if (!d) throw new Error(`sandbox org has no division "${name}"`);
  return d;
}

export function seedAuthorization(ctx: SandboxContext): void {
  divisions(ctx).insert({ id: ctx.rng.uuid(), name: 'Home', description: 'The home division of the sandbox org.', homeDivision: true });
  for (const d of OTHER_DIVISIONS) divisions(ctx).insert({ id: stableUuid(ctx.options.seed, d.name), name: d.name, description: d.description, homeDivision: false });
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
export { ALL_DIVISIONS } from '../../core/permissions.js';
