/**
 * Regenerates permissions.json — the permissions each Platform API operation requires — from the
 * team's endpoint catalog (../shared/reference/genesys-endpoint-catalog.json, parsed from the SDK
 * docs). Only the API families the sandbox serves are kept. Run: `npx tsx src/sandbox/catalog/extract.ts`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
export const catalogSource = join(here, '../../../../shared/reference/genesys-endpoint-catalog.json');

export const FAMILIES = [
  '/api/v2/authorization/',
  '/api/v2/oauth/',
  '/api/v2/integrations',
  '/api/v2/flows',
  '/api/v2/processautomation/',
  '/api/v2/presence',
  '/api/v2/systempresences',
  '/api/v2/users',
  '/api/v2/workforcemanagement/',
  '/api/v2/analytics/conversations/',
  '/api/v2/analytics/users/',
  '/api/v2/conversations',
  '/api/v2/organizations/limits/',
  '/api/v2/organizations/me',
  '/api/v2/tokens/me',
  '/api/v2/notifications/',
  '/api/v2/scim/users',
];

interface CatalogOp {
  method: string;
  path: string;
  operation: string;
  permissions: { type: 'ANY' | 'ALL' | 'NONE'; permissions: string[] };
  deprecated?: boolean;
}

export function extract(source = catalogSource): Record<string, { operation: string; type: string; permissions: string[] }> {
  const ops = (JSON.parse(readFileSync(source, 'utf8')) as { operations: CatalogOp[] }).operations;
  const out: Record<string, { operation: string; type: string; permissions: string[] }> = {};
  for (const op of ops.filter((o) => FAMILIES.some((f) => o.path.startsWith(f))).sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method)))
    out[`${op.method} ${op.path}`] = { operation: op.operation, type: op.permissions.type, permissions: op.permissions.permissions };
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  writeFileSync(join(here, 'permissions.json'), Object.entries(extract()).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(",\n").replace(/^/, "{\n") + "\n}" + '\n');
  console.log('wrote permissions.json');
}
