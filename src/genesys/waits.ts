/**
 * What presence-kit is waiting on right now — a rate limit, a retry after a 503, an Architect
 * job — so a command can show it while it lasts (the CLI's progress line, `src/cli/progress.ts`).
 * The client layer and the few pollers announce each wait here; nothing here prints.
 */
export interface Wait {
  readonly id: number;
  /** What is awaited, for a human: "GET /api/v2/users: 503, retry 2 of 7". */
  readonly what: string;
  readonly since: number;
  /** When it will be over, if known (a Retry-After, a backoff). */
  readonly until?: number;
}

type Listener = (waits: readonly Wait[]) => void;

const active = new Map<number, Wait>();
const listeners = new Set<Listener>();
let nextId = 1;

const notify = () => {
  const list = [...active.values()];
  for (const l of listeners) l(list);
};

/** Announces a wait; call the answer when it is over (idempotent). */
export function waitingOn(what: string, durationMs?: number): () => void {
  const id = nextId++;
  const since = Date.now();
  active.set(id, { id, what, since, until: durationMs === undefined ? undefined : since + durationMs });
  notify();
  return () => {
    if (active.delete(id)) notify();
  };
}

/** Runs `fn` announced as a wait on `what`. */
export async function whileWaitingOn<T>(what: string, fn: () => Promise<T>, durationMs?: number): Promise<T> {
  const done = waitingOn(what, durationMs);
  try {
    return await fn();
  } finally {
    done();
  }
}

/** Hears every change to the set of waits (with the waits now open); answers an unsubscribe. */
export function onWaits(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
