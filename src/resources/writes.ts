import { GenesysError } from '../genesys/errors.js';
import { debug } from '../genesys/log.js';

/** A resource operation that failed in a way the user must act on; its message is one line naming the fix. */
export class ResourceError extends Error {
  constructor(
    message: string,
    readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'ResourceError';
  }
}

/** Genesys refuses a delete because something still uses the entity: the rest of a teardown can go on. */
export class InUseError extends ResourceError {
  constructor(
    /** `role "Presence API Admin"` */
    readonly what: string,
    message: string,
    cause?: unknown,
  ) {
    super(message, cause);
    this.name = 'InUseError';
  }
}

// Each attempt after the first follows a fresh look-up, so repeating is safe; five makes a run of
// lost answers (one in five calls at --faults 0.2) very unlikely to stop an apply.
const ATTEMPTS = 5;

/**
 * Creates at most one entity even when Genesys's answer is lost. A 5xx or dropped connection after
 * the request was sent (`GenesysError.ambiguous`) may or may not have created it, so the name is
 * looked up again before trying once more — `--faults` must never leave duplicates.
 */
export async function createOnce<T>(what: string, create: () => Promise<T>, refind: () => Promise<T | undefined>): Promise<{ value: T; recovered: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await create(), recovered: false };
    } catch (e) {
      if (!(e instanceof GenesysError && e.ambiguous) || attempt >= ATTEMPTS) throw e;
      debug(`create ${what}: ${e.status || e.code} after sending; looking it up before trying again`);
      const found = await refind();
      if (found !== undefined) return { value: found, recovered: true };
    }
  }
}

/**
 * A change whose answer may be lost (PATCH/POST): after an ambiguous failure, `settled` re-reads
 * the org and says whether the change took effect; if not, the write is repeated.
 */
export async function writeSettled<T>(what: string, write: () => Promise<T>, settled: () => Promise<boolean>): Promise<T | undefined> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await write();
    } catch (e) {
      if (!(e instanceof GenesysError && e.ambiguous) || attempt >= ATTEMPTS) throw e;
      debug(`${what}: ${e.status || e.code} after sending; checking whether it took effect`);
      if (await settled()) return undefined;
    }
  }
}

/** Genesys's optimistic-locking refusal: 409, or 400 "… does not match the current version" (Terraform's IsVersionMismatch). */
export function isVersionMismatch(e: unknown): boolean {
  return e instanceof GenesysError && (e.status === 409 || (e.status === 400 && /does not match the current version|version mismatch/i.test(e.message)));
}

/** Runs a versioned write; on a version conflict, re-reads (refresh) and tries exactly once more. */
export async function withVersionRetry<T>(write: () => Promise<T>, refresh: () => Promise<void>): Promise<T> {
  try {
    return await write();
  } catch (e) {
    if (!isVersionMismatch(e)) throw e;
    debug(`version conflict (${(e as GenesysError).message}); re-reading and retrying once`);
    await refresh();
    return write();
  }
}

export const isNotFound = (e: unknown): boolean => e instanceof GenesysError && e.status === 404;

/** A read by id: undefined when the entity is gone. */
export async function readOrUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * Deletes; 404 means already done. A refusal because the entity is still in use (409, or a 400
 * saying so) becomes one line naming what to do, not a stack trace.
 */
export async function deleteGone(label: string, name: string, del: () => Promise<unknown>, inUseHint: string): Promise<void> {
  try {
    await del();
  } catch (e) {
    if (isNotFound(e)) return;
    if (e instanceof GenesysError && (e.status === 409 || (e.status === 400 && /in use|assigned|referenc|depend|associated/i.test(e.message)))) {
      throw new InUseError(`${label} "${name}"`, `Genesys refuses to delete ${label} "${name}" because it is in use (${e.message}) — ${inUseHint}`, e);
    }
    throw e;
  }
}
