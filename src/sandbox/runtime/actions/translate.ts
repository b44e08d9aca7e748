import { JSONPath } from 'jsonpath-plus';

/**
 * A data action's `translationMap`: each entry is a JSONPath into the response (jsonpath-plus
 * underneath). As Genesys (Jayway) does, a definite path yields its one value and a path with a
 * filter, wildcard, deep scan, union or slice yields an array — empty when nothing matches. The
 * values go into the success template as JSON text; a missing definite value takes its
 * `translationMapDefaults` text as is, or fails the action.
 */
export type Translation = { ok: true; vars: Record<string, string> } | { ok: false; key: string; message: string };

export const isIndefinite = (path: string): boolean => /\[\?|\*|\.\.|\[[^\]]*[,:][^\]]*\]/.test(path.replace(/'[^']*'/g, "''"));

/** Genesys accepts paths with or without the leading `$`. */
export function normalizePath(path: string): string {
  const p = path.trim();
  if (p.startsWith('$')) return p;
  return p.startsWith('[') ? `$${p}` : `$.${p}`;
}

export function evaluatePath(json: unknown, path: string): { found: boolean; value: unknown } {
  const norm = normalizePath(path);
  const matches = JSONPath({ path: norm, json: json as object, wrap: true }) as unknown[];
  if (isIndefinite(norm)) return { found: true, value: matches };
  return matches.length > 0 ? { found: true, value: matches[0] } : { found: false, value: undefined };
}

export function applyTranslationMap(json: unknown, map: Record<string, string> = {}, defaults: Record<string, string> = {}): Translation {
  const vars: Record<string, string> = {};
  for (const [key, path] of Object.entries(map)) {
    let r: { found: boolean; value: unknown };
    try {
      r = evaluatePath(json, path);
    } catch (e) {
      return { ok: false, key, message: `Translation map key '${key}': invalid JSONPath '${path}': ${(e as Error).message}` };
    }
    if (r.found) vars[key] = JSON.stringify(r.value ?? null);
    else if (key in defaults) vars[key] = defaults[key]!;
    else return { ok: false, key, message: `Translation map key '${key}': JSONPath '${path}' found nothing in the response and translationMapDefaults has no value for it` };
  }
  return { ok: true, vars };
}
