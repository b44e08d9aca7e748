import type { SandboxContext, SandboxService } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { q1, reply, type Router } from '../../core/router.js';
import { getUser, type UserRecord } from '../users/models.js';
import { teamsObjectId } from '../microsoftteams/models.js';

/** The Genesys SCIM extension schema; Microsoft Teams links a user through its `externalIds`. */
export const GENESYS_SCIM_EXTENSION = 'urn:ietf:params:scim:schemas:extension:genesys:purecloud:2.0:User';
const CORE = 'urn:ietf:params:scim:schemas:core:2.0:User';

/** ScimV2User, the parts the sandbox knows: core identity and the Teams external id. */
function scimUser(ctx: SandboxContext, u: UserRecord): Record<string, unknown> {
  const teams = teamsObjectId(ctx, u.id);
  return {
    schemas: [CORE, GENESYS_SCIM_EXTENSION],
    id: u.id,
    active: u.state === 'active',
    userName: u.email,
    displayName: u.name,
    title: u.title,
    emails: [{ type: 'work', primary: true, value: u.email }],
    [GENESYS_SCIM_EXTENSION]: { externalIds: teams ? [{ authority: 'microsoftteams', value: teams }] : [] },
    meta: { resourceType: 'User', version: `W/"${u.version}"`, location: `/api/v2/scim/users/${u.id}` },
  };
}

/**
 * `attributes=a,b`: SCIM returns those (and what is always returned: id, schemas, meta) only. An
 * extension attribute is asked for by its full URN plus `:name`, e.g. `…:2.0:User:externalIds`.
 */
function pick(full: Record<string, unknown>, attributes: string | undefined): Record<string, unknown> {
  if (!attributes) return full;
  const out: Record<string, unknown> = { schemas: full.schemas, id: full.id, meta: full.meta };
  for (const a of attributes.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (a.startsWith(`${GENESYS_SCIM_EXTENSION}:`)) {
      const name = a.slice(GENESYS_SCIM_EXTENSION.length + 1);
      const ext = full[GENESYS_SCIM_EXTENSION] as Record<string, unknown>;
      out[GENESYS_SCIM_EXTENSION] = { ...((out[GENESYS_SCIM_EXTENSION] as object) ?? {}), [name]: ext[name] };
    } else if (a in full) out[a] = full[a];
  }
  return out;
}

export const scimService: SandboxService = {
  name: 'scim',
  register(router: Router, ctx: SandboxContext) {
    router.get('/api/v2/scim/users/{userId}', (req) => {
      const u = getUser(ctx, req.params.userId!);
      if (!u || u.state === 'deleted') throw notFound(`User ${req.params.userId} not found`);
      return reply(200, pick(scimUser(ctx, u), q1(req.query, 'attributes')), { 'Content-Type': 'application/scim+json' });
    });
  },
};
