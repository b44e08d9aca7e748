import type { SandboxContext, SandboxService } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { paginate } from '../../core/paging.js';
import { q1, qList, type Caller, type SandboxRequest } from '../../core/router.js';
import { changeGrants, grantRoleToSubjects, grantsOf, parseSubjectType, validPairs, type GrantChange } from './grants.js';
import { divisions, homeDivision, roles, seedAuthorization, type Division, type Role } from './models.js';
import { createRole, deleteRole, getRole, listRoles, updateRole, userCountOf, type RoleInput } from './roles.js';

/** DomainOrganizationRole: no dateModified, and policies without the ids the sandbox keeps for itself. */
const roleView = (ctx: SandboxContext, r: Role) => {
  const { dateModified: _d, permissionPolicies, ...rest } = r;
  return {
    ...rest,
    permissionPolicies: permissionPolicies.map(({ id: _id, ...p }) => p),
    userCount: userCountOf(ctx, r.id),
    selfUri: `/api/v2/authorization/roles/${r.id}`,
  };
};
const divisionView = (d: Division) => ({ id: d.id, name: d.name, description: d.description ?? '', homeDivision: d.homeDivision, selfUri: `/api/v2/authorization/divisions/${d.id}` });
const held = (caller: Caller | undefined) => caller?.permissions ?? [];

export const authorizationService: SandboxService = {
  name: 'authorization',
  register(router, ctx) {
    router.get('/api/v2/authorization/divisions/home', () => divisionView(homeDivision(ctx)));
    router.get('/api/v2/authorization/divisions', (req) => {
      const ids = qList(req.query, 'id');
      const name = q1(req.query, 'name');
      const list = divisions(ctx)
        .list()
        .filter((d) => (ids.length ? ids.includes(d.id) : true))
        .filter((d) => (name ? d.name.toLowerCase() === name.toLowerCase() : true))
        .sort((a, b) => Number(b.homeDivision) - Number(a.homeDivision) || a.name.localeCompare(b.name));
      const page = paginate(list, req.query, '/api/v2/authorization/divisions');
      return { ...page, entities: page.entities.map(divisionView) };
    });
    router.get('/api/v2/authorization/divisions/{divisionId}', (req) => {
      const d = divisions(ctx).get(req.params.divisionId!);
      if (!d) throw notFound(`Division ${req.params.divisionId} not found`);
      return divisionView(d);
    });

    router.get('/api/v2/authorization/roles', (req) => {
      const list = listRoles(ctx, {
        name: q1(req.query, 'name'),
        permission: qList(req.query, 'permission'),
        defaultRoleId: qList(req.query, 'defaultRoleId'),
        id: qList(req.query, 'id'),
      });
      const page = paginate(list, req.query, '/api/v2/authorization/roles');
      const withCount = q1(req.query, 'userCount') !== 'false';
      return {
        ...page,
        entities: page.entities.map((r) => {
          const v = roleView(ctx, r);
          return withCount ? v : { ...v, userCount: undefined };
        }),
      };
    });
    router.post('/api/v2/authorization/roles', (req) => roleView(ctx, createRole(ctx, (req.body ?? {}) as RoleInput)));
    router.get('/api/v2/authorization/roles/{roleId}', (req) => roleView(ctx, getRole(ctx, req.params.roleId!)));
    router.put('/api/v2/authorization/roles/{roleId}', (req) => roleView(ctx, updateRole(ctx, req.params.roleId!, (req.body ?? {}) as RoleInput)));
    router.patch('/api/v2/authorization/roles/{roleId}', (req) => roleView(ctx, updateRole(ctx, req.params.roleId!, (req.body ?? {}) as RoleInput, true)));
    router.delete('/api/v2/authorization/roles/{roleId}', (req) => {
      deleteRole(ctx, req.params.roleId!);
    });
    router.post('/api/v2/authorization/roles/{roleId}', (req) => {
      const body = (req.body ?? {}) as { subjectIds?: unknown; divisionIds?: unknown };
      grantRoleToSubjects(ctx, req.params.roleId!, parseSubjectType(q1(req.query, 'subjectType')), body.subjectIds, body.divisionIds, held(req.caller));
    });

    router.get('/api/v2/authorization/subjects/{subjectId}', (req) => {
      const id = req.params.subjectId!;
      const s = grantsOf(ctx, id);
      return {
        id,
        name: s.name,
        grants: s.grants.map((g) => {
          const r = roles(ctx).get(g.roleId);
          const d = divisions(ctx).get(g.divisionId);
          return {
            subjectId: id,
            division: d ? divisionView(d) : { id: g.divisionId, name: g.divisionId },
            role: { id: g.roleId, name: r?.name, description: r?.description, default: r?.default ?? false, selfUri: `/api/v2/authorization/roles/${g.roleId}` },
            ...(g.grantMadeAt ? { grantMadeAt: g.grantMadeAt } : {}),
          };
        }),
        version: 1,
        selfUri: `/api/v2/authorization/subjects/${id}`,
      };
    });
    const bulk = (change: GrantChange) => (req: SandboxRequest) => {
      const body = (req.body ?? {}) as { grants?: unknown };
      const pairs = validPairs(ctx, body.grants);
      // bulkremove takes no subjectType (the SDK sends none); the others default to PC_USER.
      const type = change === 'remove' ? undefined : parseSubjectType(q1(req.query, 'subjectType'));
      changeGrants(ctx, req.params.subjectId!, type, change, pairs, held(req.caller));
    };
    router.post('/api/v2/authorization/subjects/{subjectId}/bulkadd', bulk('add'));
    router.post('/api/v2/authorization/subjects/{subjectId}/bulkremove', bulk('remove'));
    router.post('/api/v2/authorization/subjects/{subjectId}/bulkreplace', bulk('replace'));
  },
  seed: seedAuthorization,
};
