import catalog from '../catalog/permissions.json' with { type: 'json' };
import { missingPermissions } from './errors.js';

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
