import type { z } from 'zod';
import { badRequest } from './errors.js';

/**
 * Validates a request body against a zod schema and turns the first problem into Genesys's 400,
 * naming the field (`config.request.requestType: …`) so the caller knows what to fix.
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.infer<S> {
  const r = schema.safeParse(body ?? {});
  if (r.success) return r.data;
  const issues = r.error.issues.map((i) => {
    const field = i.path.map(String).join('.');
    const last = i.path.length ? String(i.path[i.path.length - 1]) : '';
    let message = i.message;
    if (field && !message.startsWith(field)) message = last && message.startsWith(last) ? field + message.slice(last.length) : `${field}: ${message}`;
    return { field, message };
  });
  const first = issues[0]!;
  return failWith(first.message, issues);
}

function failWith(message: string, issues: Array<{ field: string; message: string }>): never {
  throw badRequest(message, {
    errors: issues.map((i) => ({ message: i.message, code: 'bad.request', entityName: i.field })),
  });
}
