import type { ZodError } from 'zod';

/**
 * `err instanceof ZodError` without loading zod: the CLI's error reporting sits on the path of
 * `--help`, `--version` and every usage error, and importing zod there only to ask this cost about
 * a third of their start-up. Every failed zod v4 parse throws an Error named "ZodError" (classic
 * `ZodError` and `ZodRealError` alike) carrying its `issues`; a value that is not zod's would have
 * to borrow both to pass.
 */
export const isZodError = (err: unknown): err is ZodError =>
  err instanceof Error && err.name === 'ZodError' && Array.isArray((err as { issues?: unknown }).issues);
