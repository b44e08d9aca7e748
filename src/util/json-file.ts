import { readFileSync } from 'node:fs';
import type { z } from 'zod';

/**
 * A JSON file checked against its zod schema. Every file the toolkit reads back (state, saved
 * credentials, data-action exports) goes through here; each caller decides what a missing or
 * damaged file means for it — start afresh, treat as absent, or one line naming the fix.
 */
export type JsonFileRead<T> =
  | { ok: true; data: T }
  | { ok: false; problem: 'missing' | 'unreadable' | 'not-json'; detail: string }
  | { ok: false; problem: 'invalid'; detail: string; path: string; message: string };

export function readJsonFile<T>(file: string, schema: z.ZodType<T>): JsonFileRead<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    return { ok: false, problem: err.code === 'ENOENT' ? 'missing' : 'unreadable', detail: err.message.split('\n')[0]! };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: 'not-json', detail: (e as Error).message.split('\n')[0]! };
  }
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, data: r.data };
  const issue = r.error.issues[0]!;
  const path = issue.path.join('.');
  return { ok: false, problem: 'invalid', path, message: issue.message, detail: `${path ? `${path}: ` : ''}${issue.message}` };
}
