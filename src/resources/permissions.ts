import { z } from 'zod';
import type { GenesysClient } from '../genesys/client.js';
import { GenesysError } from '../genesys/errors.js';

/**
 * Genesys permission strings (`domain:entity:action`): how a held one covers a required one, what
 * a role grants, and what the OAuth client presence-kit runs as holds. The engine's pre-apply
 * check and `doctor` both ask these questions; they get the same answers from here.
 */
export const PERMISSION = /^[a-zA-Z*][\w*]*:[a-zA-Z*][\w*]*:[a-zA-Z*][\w*]*$/;

/** Each part of a held permission may be `*` (e.g. "presence > All Permissions" is `presence:*:*`). */
export function grants(held: string, required: string): boolean {
  if (held === '*') return true;
  const h = held.split(':');
  return required.split(':').every((part, i) => h[i] === '*' || h[i] === part);
}

export const holds = (held: readonly string[], required: string) => held.some((h) => grants(h, required));

const PolicySchema = z.object({ domain: z.string(), entityName: z.string(), actionSet: z.array(z.string()).default([]) });

/** A role as `GET /api/v2/authorization/roles[/{roleId}]` answers it (the fields read here). */
export const RoleBodySchema = z.object({
  id: z.string(),
  name: z.string(),
  permissions: z.array(z.string()).optional(),
  permissionPolicies: z.array(PolicySchema).optional(),
});
export type RoleBody = z.input<typeof RoleBodySchema>;

/**
 * The permission strings a role grants, sorted: each policy's actions, and those of its plain
 * `permissions` that are permission strings (that list also carries legacy names like "admin").
 */
export function permissionsOfRole(role: Pick<RoleBody, 'permissions' | 'permissionPolicies'>): string[] {
  const fromPolicies = (role.permissionPolicies ?? []).flatMap((p) => (p.actionSet ?? []).map((a) => `${p.domain}:${p.entityName}:${a}`));
  return [...new Set([...(role.permissions ?? []).filter((p) => PERMISSION.test(p)), ...fromPolicies])].sort();
}

export interface HeldPermissions {
  permissions: string[];
  roles: Array<{ id: string; name: string }>;
  /** How they were read, for the report. */
  source: string;
}

const OAuthClientRolesSchema = z.object({ roleDivisions: z.array(z.object({ roleId: z.string() })).default([]) });
const SubjectSchema = z.object({
  grants: z
    .array(
      z.object({
        role: z
          .object({
            id: z.string(),
            name: z.string(),
            policies: z.array(z.object({ domain: z.string(), entityName: z.string(), actions: z.array(z.string()).default([]) })).default([]),
          })
          .optional(),
      }),
    )
    .default([]),
});

const refused = (e: unknown): e is GenesysError => e instanceof GenesysError && (e.status === 403 || e.status === 404);

/**
 * What an OAuth client holds. Its grants are its `roleDivisions` (`GET /api/v2/oauth/clients/{clientId}`),
 * each role's permissions its policies (`GET /api/v2/authorization/roles/{roleId}`). When the client
 * may not read OAuth clients, the authorization subject (`GET /api/v2/authorization/subjects/{subjectId}`,
 * grants with their role policies) answers the same question with `authorization:grant:view`.
 * Neither readable: a GenesysError (403/404) whose hint names the permissions that would be.
 */
export async function readHeldPermissions(client: GenesysClient, clientId: string): Promise<HeldPermissions> {
  let viaClient: GenesysError | undefined;
  try {
    const oauth = OAuthClientRolesSchema.parse(await client.request('GET', `/api/v2/oauth/clients/${encodeURIComponent(clientId)}`));
    const roleIds = [...new Set(oauth.roleDivisions.map((r) => r.roleId))];
    const roles = await Promise.all(roleIds.map(async (id) => RoleBodySchema.parse(await client.request('GET', `/api/v2/authorization/roles/${encodeURIComponent(id)}`))));
    return {
      permissions: [...new Set(roles.flatMap(permissionsOfRole))],
      roles: roles.map((r) => ({ id: r.id, name: r.name })),
      source: 'GET /api/v2/oauth/clients/{clientId} + /api/v2/authorization/roles/{roleId}',
    };
  } catch (err) {
    if (!refused(err)) throw err;
    viaClient = err;
  }
  try {
    const subject = SubjectSchema.parse(await client.request('GET', `/api/v2/authorization/subjects/${encodeURIComponent(clientId)}`));
    const roles = subject.grants.flatMap((g) => (g.role ? [g.role] : []));
    const permissions = roles.flatMap((r) => permissionsOfRole({ permissionPolicies: r.policies.map((p) => ({ ...p, actionSet: p.actions })) }));
    return {
      permissions: [...new Set(permissions)],
      roles: [...new Map(roles.map((r) => [r.id, { id: r.id, name: r.name }])).values()],
      source: 'GET /api/v2/authorization/subjects/{subjectId}',
    };
  } catch (err) {
    if (!refused(err)) throw err;
    throw new GenesysError({
      status: err.status,
      code: err.code,
      message: `cannot read the admin client's own permissions (${viaClient?.code ?? ''} / ${err.code})`,
      hint: 'give the admin client oauth:client:view and authorization:role:view (or authorization:grant:view) so doctor can check it',
      missingPermissions: [...new Set([...(viaClient?.missingPermissions ?? []), ...err.missingPermissions])],
    });
  }
}
