import { z } from 'zod';
import type { ResourceContext } from './context.js';
import { Diff } from './diff.js';
import { entityApi } from './entity-api.js';
import { PERMISSION, permissionsOfRole } from './permissions.js';
import type { Observed, ResourceModule } from './types.js';

/**
 * A custom role (`/api/v2/authorization/roles`). The spec lists permission strings
 * (`domain:entity:action`, `*` allowed, as the admin UI's "All Permissions" grants); Genesys
 * stores them as permission policies, one per domain + entity.
 */
export const RoleSpecSchema = z.strictObject({
  description: z.string().max(1000).optional(),
  // May be empty: a data-action client whose calls ask for no permission (a SCIM read) still needs
  // a role to exist, and holds exactly nothing (blueprints/README.md, Least privilege).
  permissions: z.array(z.string().regex(PERMISSION, { error: 'a permission is "domain:entity:action" (use * for all), e.g. presence:userPresence:edit' })),
});
export type RoleSpec = z.infer<typeof RoleSpecSchema>;

interface PermissionPolicy {
  domain: string;
  entityName: string;
  actionSet: string[];
}

export interface RoleEntity {
  id: string;
  name: string;
  description?: string;
  permissions?: string[];
  permissionPolicies?: PermissionPolicy[];
  default?: boolean;
  userCount?: number;
}

/** Permission strings → Genesys permission policies (one per domain + entity). */
export function policiesFor(permissions: readonly string[]): PermissionPolicy[] {
  const byEntity = new Map<string, PermissionPolicy>();
  for (const p of [...new Set(permissions)].sort()) {
    const [domain, entityName, action] = p.split(':') as [string, string, string];
    const key = `${domain}:${entityName}`;
    const policy = byEntity.get(key) ?? { domain, entityName, actionSet: [] };
    policy.actionSet.push(action);
    byEntity.set(key, policy);
  }
  return [...byEntity.values()];
}

const observe = (r: RoleEntity): Observed<RoleEntity> => ({ id: r.id, name: r.name, actual: r });

const api = entityApi<RoleEntity, RoleEntity>({
  key: 'role',
  noun: 'role',
  path: '/api/v2/authorization/roles',
  // Role names are unique ignoring case (a "presence api admin" makes POST "Presence API Admin" a 400): assumed, as the sandbox (authorization/fidelity.ts).
  caseInsensitive: true,
  observe,
  inUseHint: 'remove it from the users and OAuth clients that hold it (Admin > Roles/Permissions), then destroy again',
});

export const listRoles: (ctx: ResourceContext) => Promise<RoleEntity[]> = api.list;

const body = (name: string, spec: RoleSpec) => ({ name, description: spec.description ?? '', permissionPolicies: policiesFor(spec.permissions) });

export const role: ResourceModule<RoleSpec, RoleEntity> = {
  kind: 'role',
  label: 'role',
  schema: RoleSpecSchema,
  permissions: {
    read: ['authorization:role:view'],
    create: ['authorization:role:add'],
    update: ['authorization:role:edit'],
    delete: ['authorization:role:delete'],
  },
  endpoints: {
    read: ['GET /api/v2/authorization/roles', 'GET /api/v2/authorization/roles/{roleId}'],
    create: ['POST /api/v2/authorization/roles', 'GET /api/v2/authorization/roles'],
    update: ['PUT /api/v2/authorization/roles/{roleId}'],
    delete: ['DELETE /api/v2/authorization/roles/{roleId}'],
  },
  mark: { field: 'description', read: (c) => c.actual.description, write: (a, description) => ({ ...a, description }) },
  listAll: api.listAll,
  async restore(ctx, current, before) {
    await api.put(ctx, current.id, { name: before.name, description: before.description ?? '', permissionPolicies: before.permissionPolicies ?? [] });
  },
  find: api.find,
  read: api.read,
  create: async (ctx, name, spec) => observe((await api.create(ctx, name, body(name, spec))).value),
  async update(ctx, current, name, spec) {
    // PUT replaces the whole role and is idempotent, so the client retries it safely.
    const r = await api.put(ctx, current.id, body(name, spec));
    return observe(r ?? { ...current.actual, ...body(name, spec) });
  },
  delete: api.remove,
  diff(name, spec, current) {
    return new Diff()
      .check('name', name, current.name)
      .check('description', spec.description, current.actual.description ?? '')
      .set('permissions', spec.permissions, permissionsOfRole(current.actual)).changes;
  },
};
