import type { FidelityEntry } from '../../core/fidelity.js';

export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'A role is granted to an OAuth client per (role, division) pair; `*` stands for every division, present and future.',
    endpoints: ['POST /api/v2/oauth/clients', 'PUT /api/v2/oauth/clients/{clientId}', 'POST /api/v2/authorization/subjects/{subjectId}/bulkadd'],
    sources: [
      { kind: 'sdk-model', ref: 'RoleDivision {roleId, divisionId}' },
      { kind: 'code', ref: 'MyPureCloud/terraform-provider-genesyscloud genesyscloud_oauth_client roles.division_id', note: '"*" for all divisions; defaults to the home division' },
    ],
  },
  {
    behaviour: 'The demo org has three divisions (Home, Outsourced Partner, Back Office); two in five seeded users and the third management unit sit outside Home.',
    sources: [{ kind: 'assumed', confirm: 'nothing to confirm: it is the demo data, chosen so that a client granted on Home only meets users and units it cannot reach' }],
  },
  {
    behaviour: "The catalog's permission check passes when the caller holds the permission in any division; acting on a division-aware object (a user's presence, a business or management unit) also needs it in the object's division.",
    endpoints: ['PATCH /api/v2/users/{userId}/presences/purecloud', 'PUT /api/v2/users/presences/bulk', 'GET /api/v2/workforcemanagement/managementunits/{managementUnitId}'],
    sources: [
      { kind: 'code', ref: 'MyPureCloud/terraform-provider-genesyscloud issue #389', note: 'a client whose role has only the home division sees only the home division' },
      { kind: 'assumed', confirm: 'a live PATCH of the presence of a user in a division the client\'s role does not cover (which permission is division-scoped for presence is not documented)' },
    ],
  },
  {
    behaviour: 'Such a refusal is a 403 with code `missing.division.permission`, naming the permission(s) and the division; a bulk presence update is refused whole.',
    endpoints: ['PUT /api/v2/users/presences/bulk'],
    sources: [{ kind: 'assumed', confirm: 'the 403 body of the live call above, and of a bulk update mixing reachable and unreachable users (partial success is possible)' }],
  },
  {
    behaviour: 'Role names are unique in an org (case-insensitive); a duplicate is a 400 `bad.request` saying the name is in use.',
    endpoints: ['POST /api/v2/authorization/roles', 'PUT /api/v2/authorization/roles/{roleId}'],
    sources: [{ kind: 'assumed', confirm: 'the answer of a live POST with a role name that exists (status and code)' }],
  },
  {
    behaviour: 'A role still granted to an OAuth client or a user cannot be deleted: 409 `general.conflict` naming the holders.',
    endpoints: ['DELETE /api/v2/authorization/roles/{roleId}'],
    sources: [{ kind: 'assumed', confirm: 'a live DELETE of a role granted to a client (status, code, message)' }],
  },
];
