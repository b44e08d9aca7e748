import { describe, expect, it } from 'vitest';
import { backoff, decide, DEFAULT_RETRY, isAmbiguous, isIdempotentCall, parseRetryAfter } from '../../src/genesys/retry.js';

const low = () => 0;
const high = () => 0.999999;

describe('retry policy: decide', () => {
  it('waits out a 429 for exactly its Retry-After (plus at most 250 ms of jitter), for every method', () => {
    for (const idempotent of [true, false]) {
      const v = decide(1, { status: 429, retryAfterSeconds: 7 }, idempotent, DEFAULT_RETRY, low);
      expect(v).toMatchObject({ retry: true, delayMs: 7000 });
      const w = decide(1, { status: 429, retryAfterSeconds: 7 }, idempotent, DEFAULT_RETRY, high);
      expect(w.retry && w.delayMs).toBe(7249);
    }
  });

  it('does not wait out a Retry-After above the limit (180 s)', () => {
    expect(decide(1, { status: 429, retryAfterSeconds: 181 }, true).retry).toBe(false);
    expect(decide(1, { status: 429, retryAfterSeconds: 180 }, true).retry).toBe(true);
  });

  it('backs off on a 429 without Retry-After', () => {
    const v = decide(2, { status: 429 }, false, DEFAULT_RETRY, low);
    expect(v).toEqual({ retry: true, delayMs: backoff(2, DEFAULT_RETRY, low), reason: '429' });
  });

  it('repeats 500/502/504 and dropped connections only for calls safe to repeat', () => {
    for (const outcome of [{ status: 500 }, { status: 502 }, { status: 504 }, { networkCode: 'ECONNRESET' }, { networkCode: 'ETIMEDOUT' }]) {
      expect(decide(1, outcome, true).retry, JSON.stringify(outcome)).toBe(true);
      const v = decide(1, outcome, false);
      expect(v.retry, JSON.stringify(outcome)).toBe(false);
      expect(v.reason).toMatch(/outcome unknown/);
    }
  });

  it('repeats a 503, a refused connection and a DNS hiccup for every method: the request never reached the service', () => {
    for (const outcome of [{ status: 503 }, { networkCode: 'ECONNREFUSED' }, { networkCode: 'EAI_AGAIN' }]) {
      expect(decide(1, outcome, false).retry, JSON.stringify(outcome)).toBe(true);
    }
  });

  it('waits at least a Retry-After sent with a 503', () => {
    expect(decide(1, { status: 503, retryAfterSeconds: 5 }, false, DEFAULT_RETRY, low)).toMatchObject({ retry: true, delayMs: 5000 });
    expect(decide(1, { status: 503, retryAfterSeconds: 500 }, true).retry).toBe(false);
  });

  it('never repeats client errors, 501, or a host that does not resolve', () => {
    for (const status of [400, 401, 403, 404, 409, 501]) expect(decide(1, { status }, true).retry).toBe(false);
    expect(decide(1, { networkCode: 'ENOTFOUND' }, true).retry).toBe(false);
    expect(decide(1, { networkCode: 'client.error' }, true).retry).toBe(false);
  });

  it('stops after maxAttempts in all, and after maxRefusedAttempts when nothing listens', () => {
    expect(decide(DEFAULT_RETRY.maxAttempts - 1, { status: 500 }, true).retry).toBe(true);
    expect(decide(DEFAULT_RETRY.maxAttempts, { status: 500 }, true).retry).toBe(false);
    expect(decide(DEFAULT_RETRY.maxAttempts, { status: 429, retryAfterSeconds: 1 }, true).retry).toBe(false);
    expect(decide(DEFAULT_RETRY.maxRefusedAttempts - 1, { networkCode: 'ECONNREFUSED' }, true).retry).toBe(true);
    expect(decide(DEFAULT_RETRY.maxRefusedAttempts, { networkCode: 'ECONNREFUSED' }, true).retry).toBe(false);
  });
});

describe('retry policy: backoff', () => {
  it('grows exponentially from base, stays within [cap/2, cap], and never exceeds maxDelayMs', () => {
    const p = { ...DEFAULT_RETRY, baseDelayMs: 100, maxDelayMs: 5000 };
    for (let attempt = 1; attempt <= 12; attempt++) {
      const cap = Math.min(5000, 100 * 2 ** attempt);
      expect(backoff(attempt, p, low)).toBe(cap / 2);
      expect(backoff(attempt, p, high)).toBeLessThanOrEqual(cap);
      expect(backoff(attempt, p, high)).toBeGreaterThan(cap - 2);
    }
    expect(backoff(1, p, low)).toBe(100);
    expect(backoff(30, p, high)).toBeLessThanOrEqual(5000);
  });

  it('jitters: different random draws give different delays', () => {
    expect(backoff(3, DEFAULT_RETRY, low)).not.toBe(backoff(3, DEFAULT_RETRY, high));
  });

  it('the whole ladder is bounded: the sum of the worst-case waits is finite and known', () => {
    let total = 0;
    for (let a = 1; a < DEFAULT_RETRY.maxAttempts; a++) total += backoff(a, DEFAULT_RETRY, high);
    expect(total).toBeLessThan(DEFAULT_RETRY.maxAttempts * DEFAULT_RETRY.maxDelayMs);
  });
});

describe('retry policy: idempotency', () => {
  it('treats GET, PUT and DELETE as safe to repeat', () => {
    expect(isIdempotentCall('GET', '/api/v2/users')).toBe(true);
    expect(isIdempotentCall('PUT', '/api/v2/processautomation/triggers/abc')).toBe(true);
    expect(isIdempotentCall('DELETE', '/api/v2/authorization/roles/abc')).toBe(true);
  });

  it('treats creating POSTs as unsafe, and read-only or set-like POSTs as safe', () => {
    expect(isIdempotentCall('POST', '/api/v2/authorization/roles')).toBe(false);
    expect(isIdempotentCall('POST', '/api/v2/oauth/clients')).toBe(false);
    expect(isIdempotentCall('POST', '/api/v2/integrations/actions/abc/draft/publish')).toBe(false);
    expect(isIdempotentCall('POST', '/oauth/token')).toBe(true);
    expect(isIdempotentCall('POST', '/api/v2/users/search')).toBe(true);
    expect(isIdempotentCall('POST', '/api/v2/analytics/conversations/details/query')).toBe(true);
    expect(isIdempotentCall('POST', '/api/v2/workforcemanagement/businessunits/bu/agentschedules/search')).toBe(true);
    expect(isIdempotentCall('POST', '/api/v2/authorization/subjects/abc/bulkadd')).toBe(true);
    expect(isIdempotentCall('POST', '/api/v2/authorization/roles/abc')).toBe(true);
  });

  it('treats PATCH as unsafe except setting a user presence', () => {
    expect(isIdempotentCall('PATCH', '/api/v2/users/u1/presences/purecloud')).toBe(true);
    expect(isIdempotentCall('PATCH', '/api/v2/authorization/roles/abc')).toBe(false);
  });

  it('calls a failed unsafe call ambiguous only when the request may have been handled', () => {
    expect(isAmbiguous({ status: 500 }, false)).toBe(true);
    expect(isAmbiguous({ status: 504 }, false)).toBe(true);
    expect(isAmbiguous({ networkCode: 'ECONNRESET' }, false)).toBe(true);
    expect(isAmbiguous({ status: 503 }, false)).toBe(false);
    expect(isAmbiguous({ status: 429 }, false)).toBe(false);
    expect(isAmbiguous({ status: 400 }, false)).toBe(false);
    expect(isAmbiguous({ networkCode: 'ECONNREFUSED' }, false)).toBe(false);
    expect(isAmbiguous({ status: 500 }, true)).toBe(false);
  });
});

describe('Retry-After parsing', () => {
  it('reads whole seconds (what Genesys sends) and HTTP dates', () => {
    expect(parseRetryAfter('42')).toBe(42);
    expect(parseRetryAfter(' 3 ')).toBe(3);
    expect(parseRetryAfter('1.2')).toBe(2);
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:10 GMT', now)).toBe(10);
    expect(parseRetryAfter('Wed, 31 Dec 2025 23:59:00 GMT', now)).toBe(0);
  });

  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(undefined)).toBeUndefined();
    expect(parseRetryAfter('')).toBeUndefined();
    expect(parseRetryAfter('soon')).toBeUndefined();
  });
});
