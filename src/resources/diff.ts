import type { Change } from './types.js';

/**
 * True when everything `desired` says is also in `actual`. Objects are compared key by key over
 * the desired keys only (the server adds ids, dates, selfUris…); arrays element by element.
 */
export function covers(desired: unknown, actual: unknown): boolean {
  if (desired === undefined) return true;
  if (desired === null || typeof desired !== 'object') return desired === actual;
  if (Array.isArray(desired)) {
    return Array.isArray(actual) && actual.length === desired.length && desired.every((d, i) => covers(d, actual[i]));
  }
  if (actual === null || typeof actual !== 'object' || Array.isArray(actual)) return false;
  const a = actual as Record<string, unknown>;
  return Object.entries(desired as Record<string, unknown>).every(([k, v]) => covers(v, a[k]));
}

export const sameSet = (a: readonly string[], b: readonly string[]): boolean => {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
};

/** Collects field changes: `check(field, desired, actual)` records one when desired is set and not covered. */
export class Diff {
  readonly changes: Change[] = [];

  check(field: string, desired: unknown, actual: unknown, opts: { replace?: boolean } = {}): this {
    if (desired !== undefined && !covers(desired, actual)) this.changes.push({ field, from: actual, to: desired, ...opts });
    return this;
  }

  set(field: string, desired: readonly string[] | undefined, actual: readonly string[]): this {
    if (desired !== undefined && !sameSet(desired, actual)) this.changes.push({ field, from: [...actual].sort(), to: [...desired].sort() });
    return this;
  }

  add(change: Change): this {
    this.changes.push(change);
    return this;
  }
}
