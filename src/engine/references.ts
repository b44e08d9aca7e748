/**
 * `${…}` references inside manifest values: `${var.NAME}` (or `${var.NAME.KEY}` into a map
 * variable) and `${resource.id}` / `${resource.name}` / `${resource.secret}` for another resource
 * of the same manifest. A string that is exactly one reference becomes that value (keeping a
 * map a map); a reference inside a longer string is interpolated.
 */
export const REF = /\$\{([^}]*)\}/g;
const WHOLE = /^\$\{([^}]*)\}$/;

export type Reference = { type: 'var'; name: string; key?: string; text: string } | { type: 'resource'; name: string; attr: string; text: string };

export const RESOURCE_ATTRS = ['id', 'name', 'secret'] as const;

export function parseReference(expr: string): Reference | { error: string } {
  const text = `\${${expr}}`;
  const parts = expr.trim().split('.');
  if (parts[0] === 'var') {
    if (parts.length < 2 || parts.length > 3 || !parts[1]) return { error: `"${text}" is not a reference; use \${var.NAME}` };
    return { type: 'var', name: parts[1], key: parts[2], text };
  }
  if (parts.length !== 2 || !parts[0] || !parts[1]) return { error: `"${text}" is not a reference; use \${var.NAME} or \${RESOURCE.id} (also .name, .secret)` };
  return { type: 'resource', name: parts[0], attr: parts[1], text };
}

/** Every reference in a value, with where it sits (`spec.roles[0]`). */
export function referencesIn(value: unknown, path = ''): Array<{ path: string; expr: string }> {
  if (typeof value === 'string') return [...value.matchAll(REF)].map((m) => ({ path, expr: m[1]! }));
  if (Array.isArray(value)) return value.flatMap((v, i) => referencesIn(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => referencesIn(v, path ? `${path}.${k}` : k));
  return [];
}

/** Replaces references through `lookup` (which answers undefined to leave one as it is). */
export function substitute(value: unknown, lookup: (ref: Reference) => unknown): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) {
      const ref = parseReference(whole[1]!);
      if ('error' in ref) return value;
      const v = lookup(ref);
      return v === undefined ? value : v;
    }
    return value.replace(REF, (m, expr: string) => {
      const ref = parseReference(expr);
      if ('error' in ref) return m;
      const v = lookup(ref);
      return v === undefined ? m : String(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, lookup));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, lookup)]));
  return value;
}
