import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal values always give equal text. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_k, v) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : v,
  );
}

export const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
export const hashOf = (value: unknown) => sha256(stableJson(value)).slice(0, 32);
