import { describe, expect, it } from 'vitest';
import catalog from '../../src/sandbox/catalog/permissions.json' with { type: 'json' };
import { RESOURCES } from '../../src/resources/index.js';
import { holds } from '../../src/resources/permissions.js';
import type { Operation } from '../../src/resources/types.js';

/**
 * A kind's permissions derive from the endpoints it declares and the endpoint catalog: each
 * operation's permissions (with the kind's read permissions, which every plan needs anyway) meet
 * every catalog requirement of the operation's endpoints, and each permission is one of those
 * requirements or one the kind says Genesys asks beyond the catalog.
 */
const table = catalog as Record<string, { type: 'ANY' | 'ALL' | 'NONE'; permissions: string[] }>;
const OPS: Operation[] = ['read', 'create', 'update', 'delete'];

describe('resource kinds: endpoints → permissions', () => {
  for (const [kind, m] of Object.entries(RESOURCES)) {
    it(`${kind}: every declared endpoint is in the catalog, and its permissions are what they need`, () => {
      const problems: string[] = [];
      for (const op of OPS) {
        const held = [...m.permissions[op], ...m.permissions.read];
        const needed = new Set<string>(m.beyondCatalog?.[op] ?? []);
        for (const e of m.endpoints[op]) {
          if (e.endsWith(' {presignedUrl}')) continue;
          const req = table[e];
          if (!req) {
            problems.push(`${op}: ${e} is not in the endpoint catalog`);
            continue;
          }
          req.permissions.forEach((p) => needed.add(p));
          const ok = req.type === 'NONE' || (req.type === 'ANY' ? req.permissions.some((p) => holds(held, p)) : req.permissions.every((p) => holds(held, p)));
          if (!ok) problems.push(`${op}: ${e} needs ${req.type} of ${req.permissions.join(', ')}; ${kind} declares ${m.permissions[op].join(', ') || 'none'}`);
        }
        for (const p of m.permissions[op]) if (!needed.has(p)) problems.push(`${op}: ${p} is needed by none of its endpoints (declare it in beyondCatalog with the reason)`);
      }
      expect(problems).toEqual([]);
    });
  }
});
