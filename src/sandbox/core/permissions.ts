import catalog from '../catalog/permissions.json' with { type: 'json' };
import { missingDivisionPermissions, missingPermissions } from './errors.js';

/**
 * What each operation requires, straight from the endpoint catalog (generated from the SDK docs),
 * so a least-privilege mistake fails in the sandbox exactly where it would in an org.
 */
export interface Requirement {
  type: 'ANY' | 'ALL' | 'NONE';
  permissions: string[];
}

const table = catalog as Record<string, { operation: string; type: string; permissions: string[] }>;

/**
 * The SDK docs list no permission for reading or setting another user's presence, yet real orgs
 * refuse a client without presence rights (the blueprints grant "presence > All Permissions" for
 * that reason). The sandbox asks for the permission the bulk endpoint documents.
 */
const OVERRIDES: Record<string, Requirement> = {
  'PATCH /api/v2/users/{userId}/presences/purecloud': { type: 'ANY', permissions: ['presence:userPresence:edit'] },
  'PATCH /api/v2/users/{userId}/presences/{sourceId}': { type: 'ANY', permissions: ['presence:userPresence:edit'] },
};

export function requirementFor(method: string, template: string): Requirement | undefined {
  const key = `${method} ${template}`;
  if (OVERRIDES[key]) return OVERRIDES[key];
  const e = table[key];
  return e ? { type: e.type as Requirement['type'], permissions: e.permissions } : undefined;
}

/**
 * The catalog's template for a concrete path (any value where the template has `{param}`), the one
 * with the most literal segments winning, and its requirement — for tools that start from a URL
 * (a data action's request) rather than a route.
 */
export function requirementForPath(method: string, path: string): { template: string; requirement: Requirement | undefined } {
  const segments = path.split('/');
  const literal = (tpl: string) => tpl.split('/').filter((s) => !s.startsWith('{')).length;
  const template = Object.keys(table)
    .filter((k) => k.startsWith(`${method} `))
    .map((k) => k.slice(method.length + 1))
    .filter((tpl) => {
      const t = tpl.split('/');
      return t.length === segments.length && t.every((s, i) => /^\{\w+\}$/.test(s) || s === segments[i]);
    })
    .sort((a, b) => literal(b) - literal(a))[0];
  if (!template) throw new Error(`${method} ${path}: not in the endpoint catalog`);
  return { template, requirement: requirementFor(method, template) };
}

/** `domain:entity:action`, each part may be `*` on the granted side. */
export function grants(granted: string, required: string): boolean {
  const g = granted.split(':');
  const r = required.split(':');
  if (granted === '*') return true;
  return r.every((part, i) => g[i] === '*' || g[i] === part);
}

export const hasPermission = (held: readonly string[], required: string) => held.some((h) => grants(h, required));

/** Throws Genesys's 403 naming what is missing. */
export function checkPermissions(held: readonly string[], req: Requirement | undefined): void {
  if (!req || req.type === 'NONE' || req.permissions.length === 0) return;
  if (req.type === 'ANY') {
    if (!req.permissions.some((p) => hasPermission(held, p))) throw missingPermissions(req.permissions, req.permissions.length > 1);
    return;
  }
  const missing = req.permissions.filter((p) => !hasPermission(held, p));
  if (missing.length) throw missingPermissions(missing, false);
}

/**
 * What a caller holds in one division: a role granted to an OAuth client (or user) is granted in a
 * division, or in `*` (every division, present and future — Terraform's `division_id = "*"`).
 */
export interface DivisionGrant {
  divisionId: string;
  permissions: readonly string[];
}

export const ALL_DIVISIONS = '*';

/** The permissions a caller holds on objects of one division. */
export const permissionsIn = (grants: readonly DivisionGrant[], divisionId: string): string[] =>
  grants.filter((g) => g.divisionId === ALL_DIVISIONS || g.divisionId === divisionId).flatMap((g) => g.permissions);

/** Whether a requirement is met by what the caller holds in that division. */
export function allowedIn(grants: readonly DivisionGrant[], req: Requirement, divisionId: string): boolean {
  const held = permissionsIn(grants, divisionId);
  if (req.type === 'NONE' || req.permissions.length === 0) return true;
  return req.type === 'ANY' ? req.permissions.some((p) => hasPermission(held, p)) : req.permissions.every((p) => hasPermission(held, p));
}

/**
 * A division-aware object (a user, a management unit…) is acted on only with the permission held
 * in the object's division: a role granted on Home alone does not reach a user in another division.
 */
export function checkDivision(grants: readonly DivisionGrant[], req: Requirement | undefined, divisionId: string): void {
  if (!req || allowedIn(grants, req, divisionId)) return;
  const held = permissionsIn(grants, divisionId);
  const missing = req.type === 'ANY' ? req.permissions : req.permissions.filter((p) => !hasPermission(held, p));
  throw missingDivisionPermissions(missing, [divisionId]);
}

/**
 * The route's own requirement (catalog), checked in the division of the object it acts on. `req`
 * overrides it where the catalog lists none for a division-aware object.
 */
export function checkCallerInDivision(caller: { grants: readonly DivisionGrant[] } | undefined, method: string, template: string, divisionId: string, req?: Requirement): void {
  if (!caller) return;
  checkDivision(caller.grants, req ?? requirementFor(method, template), divisionId);
}
