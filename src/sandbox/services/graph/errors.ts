import { randomUUID } from 'node:crypto';

/**
 * Microsoft Graph's error body: `{"error": {"code", "message", "innerError": {"date",
 * "request-id", "client-request-id"}}}` (learn.microsoft.com/graph/errors). Not Genesys's shape:
 * a Graph failure seen through a data action must read like Graph's.
 */
export class GraphError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(now: string, clientRequestId?: string): { error: { code: string; message: string; innerError: Record<string, string> } } {
    const requestId = randomUUID();
    return {
      error: {
        code: this.code,
        message: this.message,
        innerError: { date: now.replace(/\.\d{3}Z$/, ''), 'request-id': requestId, 'client-request-id': clientRequestId ?? requestId },
      },
    };
  }
}

/** 429 with Retry-After in seconds, as Graph throttles (learn.microsoft.com/graph/throttling). */
export const throttled = (retryAfterSeconds: number) =>
  new GraphError(429, 'TooManyRequests', 'Too many requests. Please retry after the time in the Retry-After header.', { 'Retry-After': String(retryAfterSeconds) });
