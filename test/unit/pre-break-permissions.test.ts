import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import catalog from '../../src/sandbox/catalog/permissions.json' with { type: 'json' };
import { derivePermissions, PRE_BREAK_ENDPOINTS, PRE_BREAK_PERMISSIONS, type CatalogRequirement } from '../../src/jobs/pre-break/permissions.js';

const table = catalog as Record<string, CatalogRequirement & { operation: string }>;
const MANIFEST = join(process.cwd(), 'blueprints', 'pre-break.yaml');

describe('pre-break least privilege', () => {
  it('every endpoint the job calls is in the catalog, and the role is exactly what the catalog asks for them', () => {
    const reqs = PRE_BREAK_ENDPOINTS.map((e) => {
      const r = table[`${e.method} ${e.path}`];
      expect(r, `${e.method} ${e.path} is not in the endpoint catalog`).toBeDefined();
      return r!;
    });
    expect(derivePermissions(reqs)).toEqual([...PRE_BREAK_PERMISSIONS]);
    // Each endpoint is satisfied, and no permission can be dropped.
    for (const r of reqs) if (r.type !== 'NONE') expect(r.permissions.some((p) => PRE_BREAK_PERMISSIONS.includes(p))).toBe(true);
    for (const drop of PRE_BREAK_PERMISSIONS) {
      const rest = PRE_BREAK_PERMISSIONS.filter((p) => p !== drop);
      expect(reqs.some((r) => r.type !== 'NONE' && (r.type === 'ALL' ? r.permissions.some((p) => !rest.includes(p)) : !r.permissions.some((p) => rest.includes(p))))).toBe(true);
    }
  });

  it('derivePermissions prefers a permission already needed, then the one covering most', () => {
    expect(derivePermissions([{ type: 'ALL', permissions: ['a:b:c'] }, { type: 'ANY', permissions: ['x:y:z', 'a:b:c'] }])).toEqual(['a:b:c']);
    expect(derivePermissions([{ type: 'ANY', permissions: ['p:q:r', 's:t:u'] }, { type: 'ANY', permissions: ['s:t:u'] }, { type: 'NONE', permissions: [] }])).toEqual(['s:t:u']);
  });

  // The blueprint creates the job's role: it must grant exactly this list, no more.
  it("the pre-break blueprint's role grants exactly these permissions", () => {
    const m = parse(readFileSync(MANIFEST, 'utf8')) as { resources: Record<string, { kind: string; spec?: { permissions?: string[] } }> };
    const roles = Object.values(m.resources).filter((r) => r.kind === 'role');
    expect(roles).toHaveLength(1);
    expect([...(roles[0]!.spec?.permissions ?? [])].sort()).toEqual([...PRE_BREAK_PERMISSIONS]);
  });
});
