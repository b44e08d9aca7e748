import type { SandboxContext } from '../../core/context.js';
import { badRequest, invalidValue, notFound } from '../../core/errors.js';
import { oauthClients, type OAuthClientRecord } from '../oauth/models.js';
import { getUser } from '../users/models.js';
import { ALL_DIVISIONS, divisions, grantId, userGrants } from './models.js';
import { assertCanHandOut, getRole } from './roles.js';

export const SUBJECT_TYPES = ['PC_USER', 'PC_GROUP', 'PC_OAUTH_CLIENT'] as const;
export type SubjectType = (typeof SUBJECT_TYPES)[number];

export interface RoleDivisionPair {
  roleId: string;
  divisionId: string;
}

export function parseSubjectType(v: string | undefined): SubjectType {
  const t = v ?? 'PC_USER';
  if (!(SUBJECT_TYPES as readonly string[]).includes(t)) throw invalidValue(t, 'subjectType', SUBJECT_TYPES);
  return t as SubjectType;
}

/** Checks `[{roleId, divisionId}]`: both present, the role exists, the division exists (or is `*`). */
export function validPairs(ctx: SandboxContext, raw: unknown, field = 'grants'): RoleDivisionPair[] {
  if (!Array.isArray(raw)) throw badRequest(`${field} must be a list of {roleId, divisionId}.`);
  return raw.map((x, i) => {
    const p = (x ?? {}) as Record<string, unknown>;
    if (typeof p.roleId !== 'string' || p.roleId === '') throw badRequest(`${field}[${i}].roleId is required.`);
    if (typeof p.divisionId !== 'string' || p.divisionId === '') throw badRequest(`${field}[${i}].divisionId is required.`);
    if (!divisionExists(ctx, p.divisionId)) throw badRequest(`${field}[${i}].divisionId: division ${p.divisionId} does not exist.`, { entityId: p.divisionId });
    try {
      getRole(ctx, p.roleId);
    } catch {
      throw badRequest(`${field}[${i}].roleId: role ${p.roleId} does not exist.`, { entityId: p.roleId });
    }
    return { roleId: p.roleId, divisionId: p.divisionId };
  });
}

export const divisionExists = (ctx: SandboxContext, id: string) => id === ALL_DIVISIONS || divisions(ctx).has(id);

const samePair = (a: RoleDivisionPair, b: RoleDivisionPair) => a.roleId === b.roleId && a.divisionId === b.divisionId;

function clientSubject(ctx: SandboxContext, id: string): OAuthClientRecord {
  const c = oauthClients(ctx).get(id);
  if (!c) throw notFound(`OAuth client ${id} not found`);
  return c;
}

/** The grants a subject holds, whichever kind it is (for GET `/authorization/subjects/{id}`). */
export function grantsOf(ctx: SandboxContext, subjectId: string): { name: string; grants: Array<RoleDivisionPair & { grantMadeAt?: string }> } {
  const client = oauthClients(ctx).get(subjectId);
  if (client) return { name: client.name, grants: client.roleDivisions.map((rd) => ({ ...rd, grantMadeAt: client.dateModified ?? client.dateCreated })) };
  const user = getUser(ctx, subjectId);
  if (user) return { name: user.name, grants: userGrants(ctx).filter((g) => g.subjectId === subjectId).map(({ roleId, divisionId, grantMadeAt }) => ({ roleId, divisionId, grantMadeAt })) };
  throw notFound(`Subject ${subjectId} not found`);
}

export type GrantChange = 'add' | 'remove' | 'replace';

/** The SDK sends no `subjectType` on bulkremove: the subject's kind is then found by its id. */
const inferType = (ctx: SandboxContext, subjectId: string): SubjectType => (oauthClients(ctx).has(subjectId) ? 'PC_OAUTH_CLIENT' : 'PC_USER');

/**
 * bulkadd / bulkremove / bulkreplace on one subject. For an OAuth client the grants are its
 * `roleDivisions` (so its next token carries them) and the caller must hold what it hands out.
 */
export function changeGrants(
  ctx: SandboxContext,
  subjectId: string,
  declaredType: SubjectType | undefined,
  change: GrantChange,
  pairs: RoleDivisionPair[],
  callerPermissions: readonly string[],
): void {
  const subjectType = declaredType ?? inferType(ctx, subjectId);
  if (subjectType === 'PC_GROUP') throw notFound(`Group ${subjectId} not found`);
  if (subjectType === 'PC_OAUTH_CLIENT') {
    const c = clientSubject(ctx, subjectId);
    if (change !== 'remove') assertCanHandOut(ctx, pairs.map((p) => p.roleId), callerPermissions);
    const kept = change === 'replace' ? [] : c.roleDivisions.filter((rd) => !(change === 'remove' && pairs.some((p) => samePair(p, rd))));
    const added = change === 'remove' ? [] : pairs.filter((p, i) => !kept.some((rd) => samePair(rd, p)) && pairs.findIndex((q) => samePair(q, p)) === i);
    oauthClients(ctx).put({ ...c, roleDivisions: [...kept, ...added], dateModified: ctx.clock.nowIso() });
    return;
  }
  if (!getUser(ctx, subjectId)) throw notFound(`User ${subjectId} not found`);
  const mine = userGrants(ctx).filter((g) => g.subjectId === subjectId);
  const drop = change === 'replace' ? mine : change === 'remove' ? mine.filter((g) => pairs.some((p) => samePair(p, g))) : [];
  for (const g of drop) userGrants(ctx).delete(g.id);
  if (change === 'remove') return;
  const now = ctx.clock.nowIso();
  for (const p of pairs) {
    const id = grantId(subjectId, p.roleId, p.divisionId);
    if (!userGrants(ctx).has(id)) userGrants(ctx).insert({ id, subjectId, roleId: p.roleId, divisionId: p.divisionId, grantMadeAt: now });
  }
}

/** POST `/authorization/roles/{roleId}?subjectType=`: the role to each subject in each division. */
export function grantRoleToSubjects(
  ctx: SandboxContext,
  roleId: string,
  subjectType: SubjectType,
  subjectIds: unknown,
  divisionIds: unknown,
  callerPermissions: readonly string[],
): void {
  getRole(ctx, roleId);
  if (!Array.isArray(subjectIds) || subjectIds.some((s) => typeof s !== 'string')) throw badRequest('subjectIds is required.');
  if (!Array.isArray(divisionIds) || divisionIds.some((s) => typeof s !== 'string')) throw badRequest('divisionIds is required.');
  const pairs = validPairs(ctx, (divisionIds as string[]).map((divisionId) => ({ roleId, divisionId })), 'divisionIds');
  // Check every subject before changing any, so a bad id leaves nothing half-granted.
  for (const s of subjectIds as string[]) {
    if (subjectType === 'PC_OAUTH_CLIENT') clientSubject(ctx, s);
    else if (subjectType === 'PC_USER' && !getUser(ctx, s)) throw notFound(`User ${s} not found`);
  }
  for (const s of subjectIds as string[]) changeGrants(ctx, s, subjectType, 'add', pairs, callerPermissions);
}
