import { policiesFor, type RoleSpec } from '../../resources/role.js';
import { createStep, idOf, lookupStep, queryValue, teardownStep } from '../requests.js';
import type { KindSteps } from './types.js';

/** A role: permission strings → Genesys permission policies, exactly as `apply` sends them. */
export const role: KindSteps = {
  setup: (n, c) => {
    const spec = n.spec as RoleSpec;
    return [
      lookupStep(c, n, { list: `/api/v2/authorization/roles?name=${queryValue(n.name)}`, paging: 'pages' }),
      createStep(c, n, { path: '/api/v2/authorization/roles', body: { name: n.name, description: spec.description ?? '', permissionPolicies: policiesFor(spec.permissions) } }),
    ];
  },
  teardown: (n, c) => [teardownStep(c, n, `/api/v2/authorization/roles/${idOf(n.logical)}`)],
};
