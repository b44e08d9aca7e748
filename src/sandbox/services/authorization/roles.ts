import type { SandboxContext } from '../../core/context.js';
import { ApiError, badRequest, notFound } from '../../core/errors.js';
import { nameMatcher } from '../../core/name-filter.js';
import { hasPermission } from '../../core/permissions.js';
import { oauthClients } from '../oauth/models.js';
import { effectivePermissions, roles, userGrants, type Role } from './models.js';

/** What a caller may send for a role (DomainOrganizationRoleCreate / …Update). */
export interface RoleInput {
  name?: unknown;
  description?: unknown;
  permissions?: unknown;
  permissionPolicies?: unknown;
  defaultRoleId?: unknown;
}

const PERMISSION = /^[A-Za-z0-9*]+(:[A-Za-z0-9*]+){0,2}$/;

function validName(name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') throw badRequest('The role name is required.');
  if (name.length > 200) throw badRequest('The role name must be at most 200 characters.');
  return name.trim();
}

function validPermissions(p: unknown): string[] {
  if (p === undefined || p === null) return [];
  if (!Array.isArray(p) || p.some((x) => typeof x !== 'string' || !PERMISSION.test(x)))
    throw badRequest('permissions must be a list of "domain:entity:action" strings.');
  return [...new Set(p as string[])];
}

function validPolicies(ctx: SandboxContext, p: unknown): Role['permissionPolicies'] {
  if (p === undefined || p === null) return [];
  if (!Array.isArray(p)) throw badRequest('permissionPolicies must be a list.');
  return p.map((raw, i) => {
    const x = (raw ?? {}) as Record<string, unknown>;
    for (const f of ['domain', 'entityName'] as const)
      if (typeof x[f] !== 'string' || x[f] === '') throw badRequest(`permissionPolicies[${i}].${f} is required.`);
    if (!Array.isArray(x.actionSet) || x.actionSet.length === 0 || x.actionSet.some((a) => typeof a !== 'string' || a === ''))
      throw badRequest(`permissionPolicies[${i}].actionSet must hold at least one action.`);
    return {
      id: typeof x.id === 'string' ? x.id : ctx.rng.uuid(),
      domain: x.domain as string,
      entityName: x.entityName as string,
      actionSet: [...new Set(x.actionSet as string[])],
      policyName: typeof x.policyName === 'string' ? x.policyName : `${x.domain}:${x.entityName}`,
      allowConditions: x.allowConditions === true,
    };
  });
}

/**
 * Role names are unique in an org (case-insensitive). No primary source gives the real answer
 * to a duplicate; the sandbox answers 400 `bad.request` saying the name is in use.
 */
function assertNameFree(ctx: SandboxContext, name: string, exceptId?: string): void {
  const clash = roles(ctx).find((r) => r.id !== exceptId && r.name.toLowerCase() === name.toLowerCase());
  if (clash) throw badRequest(`The role name "${name}" is already in use by another role.`, { entityId: clash.id, entityName: clash.name });
}

export function getRole(ctx: SandboxContext, roleId: string): Role {
  const r = roles(ctx).get(roleId);
  if (!r) throw notFound(`Role ${roleId} not found`);
  return r;
}

/** Users holding the role (OAuth clients are not counted, as in Genesys's `userCount`). */
export const userCountOf = (ctx: SandboxContext, roleId: string): number =>
  new Set(userGrants(ctx).filter((g) => g.roleId === roleId).map((g) => g.subjectId)).size;

export function createRole(ctx: SandboxContext, input: RoleInput): Role {
  const name = validName(input.name);
  assertNameFree(ctx, name);
  const role: Role = {
    id: ctx.rng.uuid(),
    name,
    ...(typeof input.description === 'string' ? { description: input.description } : {}),
    permissions: validPermissions(input.permissions),
    permissionPolicies: validPolicies(ctx, input.permissionPolicies),
    userCount: 0,
    base: false,
    default: false,
    dateModified: ctx.clock.nowIso(),
  };
  return roles(ctx).insert(role);
}

/** PUT replaces name, description, permissions and policies; PATCH (`partial`) keeps what is not sent. */
export function updateRole(ctx: SandboxContext, roleId: string, input: RoleInput, partial = false): Role {
  const r = getRole(ctx, roleId);
  const name = partial && input.name === undefined ? r.name : validName(input.name);
  assertNameFree(ctx, name, roleId);
  const keep = (k: keyof RoleInput) => partial && input[k] === undefined;
  const next: Role = {
    ...r,
    name,
    description: keep('description') ? r.description : typeof input.description === 'string' ? input.description : undefined,
    permissions: keep('permissions') ? r.permissions : validPermissions(input.permissions),
    permissionPolicies: keep('permissionPolicies') ? r.permissionPolicies : validPolicies(ctx, input.permissionPolicies),
    dateModified: ctx.clock.nowIso(),
  };
  if (next.description === undefined) delete next.description;
  return roles(ctx).put(next);
}

/**
 * Deletes a custom role. Default roles can't be deleted. A role still granted to an OAuth client
 * or a user can't be deleted either — sandbox assumption (the real status/code was not found):
 * 409 `general.conflict` naming the holders, so a tool removes the grants (or the client) first.
 */
export function deleteRole(ctx: SandboxContext, roleId: string): void {
  const r = getRole(ctx, roleId);
  if (r.default) throw badRequest(`The default role "${r.name}" cannot be deleted.`);
  const clients = oauthClients(ctx).filter((c) => c.roleDivisions.some((rd) => rd.roleId === roleId));
  const users = userCountOf(ctx, roleId);
  if (clients.length > 0 || users > 0) {
    const holders = [...clients.map((c) => `OAuth client "${c.name}"`), ...(users ? [`${users} user(s)`] : [])].join(', ');
    throw new ApiError(409, 'general.conflict', `The role "${r.name}" cannot be deleted while it is granted to ${holders}.`, { entityId: r.id, entityName: r.name });
  }
  roles(ctx).delete(roleId);
}

export interface RoleQuery {
  name?: string;
  permission?: string[];
  defaultRoleId?: string[];
  id?: string[];
}

export function listRoles(ctx: SandboxContext, q: RoleQuery): Role[] {
  const matchName = nameMatcher(q.name);
  return roles(ctx)
    .list()
    .filter((r) => matchName(r.name))
    .filter((r) => (q.id?.length ? q.id.includes(r.id) : true))
    .filter((r) => (q.defaultRoleId?.length ? r.defaultRoleId !== undefined && q.defaultRoleId.includes(r.defaultRoleId) : true))
    .filter((r) => (q.permission?.length ? q.permission.some((p) => hasPermission(effectivePermissions(r), p)) : true))
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/** The permissions of a role the holder of `held` lacks (empty: the holder may hand it out). */
export const permissionsNotHeld = (role: Role, held: readonly string[]): string[] => effectivePermissions(role).filter((p) => !hasPermission(held, p));

/**
 * A caller can only give an OAuth client roles whose permissions it holds itself (Terraform:
 * "The roles must also already be assigned to the OAuth Client used by Terraform"). Sandbox
 * assumption for the answer: 403 `not.authorized` naming the role and the missing permissions.
 */
export function assertCanHandOut(ctx: SandboxContext, roleIds: readonly string[], held: readonly string[]): void {
  for (const id of new Set(roleIds)) {
    const missing = permissionsNotHeld(getRole(ctx, id), held);
    if (missing.length > 0) {
      const r = getRole(ctx, id);
      throw new ApiError(403, 'not.authorized', `You cannot grant the role "${r.name}": you do not hold the permission(s) [${missing.join(', ')}]`, {
        entityId: r.id,
        entityName: r.name,
        messageWithParams: 'You cannot grant the role {role}: you do not hold the permission(s) {permissions}',
        messageParams: { role: r.name, permissions: missing.join(', ') },
      });
    }
  }
}
