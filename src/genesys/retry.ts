/**
 * When and how long to wait before trying a call again. Pure functions: the policy is tested on its
 * own, and the client applies it.
 *
 * The policy in one paragraph: a 429 is repeated for every method, after `Retry-After` (Genesys
 * refused it before doing anything). A 503, a refused connection or a failed DNS lookup is repeated
 * for every method too: the request never reached the service. Any other 5xx (but 501) and a
 * dropped or timed-out connection is repeated only for calls that are safe to repeat (GET, PUT,
 * DELETE and the POSTs/PATCHes listed in `isIdempotentCall`); for anything else the outcome is
 * unknown, so the client stops and reports the error as `ambiguous` for the caller to re-read.
 * Every wait is bounded: exponential backoff with jitter capped at `maxDelayMs`, at most
 * `maxAttempts` tries, and a Retry-After above `maxRetryAfterSeconds` is not waited out.
 */
export interface RetryPolicy {
  /** Attempts in all, including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After above this is not waited out (the Go SDK's limit: 180 s). */
  maxRetryAfterSeconds: number;
  /**
   * Attempts in all when nothing listens (ECONNREFUSED). Low, so a stopped sandbox or a wrong
   * gateway URL is reported in about a second instead of after the full backoff ladder.
   */
  maxRefusedAttempts: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 30_000, maxRetryAfterSeconds: 180, maxRefusedAttempts: 3 };

/** Failures with no HTTP answer that a later attempt may not meet. */
export const NETWORK_CODES: ReadonlySet<string> = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'EPIPE',
  'ETIMEDOUT',
  'ECONNABORTED',
  'EAI_AGAIN',
  'ERR_SOCKET_CONNECTION_TIMEOUT',
  'ERR_NETWORK',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
]);

/** Network failures where the request provably never reached the server. */
const NEVER_SENT: ReadonlySet<string> = new Set(['ECONNREFUSED', 'EAI_AGAIN']);

/**
 * Calls that are safe to repeat when their first outcome is unknown. GET, PUT and DELETE are
 * idempotent by HTTP's definition. Among POSTs: the token request, searches and queries (they
 * change nothing), registering an Architect import job (an unused job is harmless), and grants
 * (granting or removing a role twice leaves the same grants). Among PATCHes: setting a user's
 * presence (setting the same value twice is the same as once).
 */
export function isIdempotentCall(method: string, path: string): boolean {
  const m = method.toUpperCase();
  const p = path.split('?')[0]!;
  if (m === 'PATCH') return /\/users\/[^/]+\/presences\/[^/]+$/.test(p);
  if (m !== 'POST') return true;
  return (
    /\/oauth\/token$|\/search$|\/query$|\/flows\/jobs$|\/bulk(add|remove|replace)$/.test(p) ||
    /\/authorization\/roles\/[^/]+$/.test(p) || // grant a role to subjects: POST …/roles/{roleId}
    /\/authorization\/subjects\/[^/]+\/divisions\/[^/]+\/roles\/[^/]+$/.test(p)
  );
}

export interface Outcome {
  /** HTTP status, when there was an answer. */
  status?: number;
  /** Node/axios error code, when there was none. */
  networkCode?: string;
  retryAfterSeconds?: number;
}

export type Verdict = { retry: false; reason: string } | { retry: true; delayMs: number; reason: string };

/** Whether an attempt that failed so may be tried again, and after how long. */
export function decide(attempt: number, outcome: Outcome, idempotent: boolean, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): Verdict {
  const { status, networkCode, retryAfterSeconds } = outcome;
  const label = status ? String(status) : (networkCode ?? 'network error');
  if (attempt >= policy.maxAttempts) return { retry: false, reason: `${label}, gave up after ${attempt} attempts` };
  if (status === 429) {
    // Genesys refuses a 429 before doing any work, so every method may repeat it.
    if (retryAfterSeconds !== undefined) {
      if (retryAfterSeconds > policy.maxRetryAfterSeconds) return { retry: false, reason: `429, Retry-After ${retryAfterSeconds}s is over ${policy.maxRetryAfterSeconds}s` };
      // A little jitter on top, so clients that were refused together do not return together.
      return { retry: true, delayMs: retryAfterSeconds * 1000 + Math.floor(random() * 250), reason: `429, Retry-After ${retryAfterSeconds}s` };
    }
    return { retry: true, delayMs: backoff(attempt, policy, random), reason: '429' };
  }
  if (networkCode === 'ENOTFOUND') return { retry: false, reason: 'ENOTFOUND: the host does not resolve' };
  if (networkCode === 'ECONNREFUSED' && attempt >= policy.maxRefusedAttempts) return { retry: false, reason: `ECONNREFUSED, gave up after ${attempt} attempts` };
  const serverFault = (status !== undefined && status >= 500 && status !== 501) || (networkCode !== undefined && NETWORK_CODES.has(networkCode));
  if (!serverFault) return { retry: false, reason: `${label} is not retryable` };
  // 503 means the service took nothing in; 500/502/504 and dropped connections may have done the work.
  const neverReached = status === 503 || (networkCode !== undefined && NEVER_SENT.has(networkCode));
  if (!idempotent && !neverReached) return { retry: false, reason: `${label} after a non-idempotent call: outcome unknown` };
  // A 503 may say when to come back; never sooner than that, never later than the 429 limit.
  if (retryAfterSeconds !== undefined && retryAfterSeconds > policy.maxRetryAfterSeconds) return { retry: false, reason: `${label}, Retry-After ${retryAfterSeconds}s is over ${policy.maxRetryAfterSeconds}s` };
  return { retry: true, delayMs: Math.max(backoff(attempt, policy, random), (retryAfterSeconds ?? 0) * 1000), reason: label };
}

/**
 * Whether a failed non-idempotent call may still have taken effect: the request was (or may have
 * been) handled and no answer says how.
 */
export function isAmbiguous(outcome: Outcome, idempotent: boolean): boolean {
  if (idempotent) return false;
  if (outcome.status !== undefined && outcome.status > 0) return outcome.status >= 500 && outcome.status !== 501 && outcome.status !== 503;
  return outcome.networkCode === undefined || !(NEVER_SENT.has(outcome.networkCode) || outcome.networkCode === 'ENOTFOUND');
}

/**
 * Exponential backoff with "equal jitter": uniform in [cap/2, cap], cap = min(max, base·2^attempt).
 * The floor of cap/2 keeps retries from hammering; the jitter spreads clients apart.
 */
export function backoff(attempt: number, policy: RetryPolicy = DEFAULT_RETRY, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(cap / 2 + (random() * cap) / 2);
}

/**
 * `Retry-After` as seconds: Genesys sends whole seconds; HTTP also allows a date. Undefined when
 * absent or unreadable.
 */
export function parseRetryAfter(value: string | undefined | null, now: number = Date.now()): number | undefined {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Math.ceil(Number(v));
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
