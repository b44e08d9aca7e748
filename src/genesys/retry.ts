/**
 * When and how long to wait before trying a call again. Pure functions: the policy is tested on its
 * own, and the client applies it.
 */
export interface RetryPolicy {
  /** Attempts in all, including the first. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After above this is not waited out (Go SDK: 180 s). */
  maxRetryAfterSeconds: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 30_000, maxRetryAfterSeconds: 180 };

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'ENOTFOUND', 'ERR_SOCKET_CONNECTION_TIMEOUT', 'ECONNABORTED', 'ERR_NETWORK']);

/**
 * POSTs that change nothing, or that are safe to repeat: token requests, searches and queries,
 * registering an Architect job, and grant bulk-adds (granting twice is a no-op).
 */
export function isIdempotentCall(method: string, path: string): boolean {
  if (method !== 'POST' && method !== 'PATCH') return true;
  if (method === 'PATCH') return /\/presences\//.test(path);
  return /\/oauth\/token$|\/search$|\/query$|\/flows\/jobs$|\/bulkadd$|\/details\/query$/.test(path);
}

export type Verdict = { retry: false } | { retry: true; delayMs: number; reason: string };

export function decide(
  attempt: number,
  outcome: { status?: number; networkCode?: string; retryAfterSeconds?: number },
  idempotent: boolean,
  policy: RetryPolicy = DEFAULT_RETRY,
  random: () => number = Math.random,
): Verdict {
  if (attempt >= policy.maxAttempts) return { retry: false };
  const { status, networkCode, retryAfterSeconds } = outcome;
  if (status === 429) {
    // A 429 was refused before any work was done, so every method may repeat it.
    if (retryAfterSeconds !== undefined) {
      if (retryAfterSeconds > policy.maxRetryAfterSeconds) return { retry: false };
      // A little jitter on top, so clients that were refused together do not return together.
      return { retry: true, delayMs: retryAfterSeconds * 1000 + Math.floor(random() * 250), reason: `429, Retry-After ${retryAfterSeconds}s` };
    }
    return { retry: true, delayMs: backoff(attempt, policy, random), reason: '429' };
  }
  // 503 means the service took nothing in; 500/502/504 and dropped connections may have done the work.
  const refusedBeforeWork = status === 503 || networkCode === 'ECONNREFUSED' || networkCode === 'ENOTFOUND' || networkCode === 'EAI_AGAIN';
  const serverFault = (status !== undefined && status >= 500 && status !== 501) || (networkCode !== undefined && NETWORK_CODES.has(networkCode));
  if (!serverFault) return { retry: false };
  if (networkCode === 'ENOTFOUND') return { retry: false };
  if (!idempotent && !refusedBeforeWork) return { retry: false };
  return { retry: true, delayMs: backoff(attempt, policy, random), reason: status ? String(status) : (networkCode ?? 'network') };
}

/** Full-jitter exponential backoff (AWS architecture blog): uniform in [0, min(max, base·2^attempt)]. */
export function backoff(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** attempt);
  return Math.floor(cap / 2 + (random() * cap) / 2);
}
