/**
 * What the endpoint catalog says a call needs (`ANY` of, `ALL` of, or `NONE`), and the smallest
 * set of permissions meeting a list of such requirements. The pre-break job's role and each
 * data-action integration's role are derived with it (src/jobs/pre-break/permissions.ts,
 * src/engine/least-privilege.ts).
 */
export interface CatalogRequirement {
  type: 'ANY' | 'ALL' | 'NONE';
  permissions: string[];
}

/** `architect:datatableRow:add` narrows `architect:datatable:add`: same domain and action, an entity named after the other. */
function narrows(p: string, than: string): boolean {
  const [d1, e1, a1] = p.split(':');
  const [d2, e2, a2] = than.split(':');
  return d1 === d2 && a1 === a2 && e1 !== e2 && !!e1 && !!e2 && e1.startsWith(e2);
}

/**
 * The smallest permission set satisfying every requirement: all of each ALL, and for each ANY one
 * permission — one already needed when possible, else the one satisfying the most ANY lists; among
 * those, one that narrows another candidate (a table's row rather than the table), then by name.
 */
export function derivePermissions(requirements: readonly CatalogRequirement[]): string[] {
  const chosen = new Set<string>();
  for (const r of requirements) if (r.type === 'ALL') r.permissions.forEach((p) => chosen.add(p));
  const anys = requirements.filter((r) => r.type === 'ANY' && r.permissions.length > 0);
  for (;;) {
    const open = anys.filter((r) => !r.permissions.some((p) => chosen.has(p)));
    if (open.length === 0) break;
    const score = new Map<string, number>();
    for (const r of open) for (const p of new Set(r.permissions)) score.set(p, (score.get(p) ?? 0) + 1);
    const top = Math.max(...score.values());
    const tied = [...score].filter(([, n]) => n === top).map(([p]) => p);
    const narrow = tied.filter((p) => tied.some((q) => narrows(p, q)));
    chosen.add((narrow.length ? narrow : tied).sort()[0]!);
  }
  return [...chosen].sort();
}
