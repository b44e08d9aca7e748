/**
 * Counts the HTTP attempts a run makes (retries included), by method and path template (ids folded to `{id}`), for
 * benchmarks, `--json` output and tests that assert call counts.
 */
/** One repeated attempt: what failed and how long the client waited before trying again. */
export interface RetryEvent {
  method: string;
  /** Path template, ids folded to `{id}`. */
  path: string;
  /** `429`, `503`, `ECONNRESET`, `401` (re-login)… */
  reason: string;
  delayMs: number;
  retryAfterSeconds?: number;
}

/** Only the most recent retries are kept: a long run must not grow without bound. */
const MAX_RETRY_EVENTS = 1000;

export class CallStats {
  private counts = new Map<string, number>();
  /** Attempts repeated (429, 5xx, network, re-login after 401). */
  retries = 0;
  /** The latest retries, oldest first (at most 1000). */
  readonly retryLog: RetryEvent[] = [];
  /** Calls that failed for good, after their retries. */
  failures = 0;

  record(method: string, path: string): void {
    const key = `${method} ${templateOf(path)}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  recordRetry(event: RetryEvent): void {
    this.retries++;
    this.retryLog.push({ ...event, path: templateOf(event.path) });
    if (this.retryLog.length > MAX_RETRY_EVENTS) this.retryLog.shift();
  }

  get total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }

  byEndpoint(): Record<string, number> {
    return Object.fromEntries([...this.counts].sort(([a], [b]) => a.localeCompare(b)));
  }

  byMethod(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [k, v] of this.counts) {
      const m = k.split(' ')[0]!;
      out[m] = (out[m] ?? 0) + v;
    }
    return out;
  }

  /** Calls that change something (everything but GET and read-only POSTs). */
  get writes(): number {
    let n = 0;
    for (const [k, v] of this.counts) {
      const [m, p] = k.split(' ') as [string, string];
      if (m !== 'GET' && !/\/oauth\/token$|\/search$|\/query$/.test(p)) n += v;
    }
    return n;
  }

  /** Retries by what caused them (`429`, `503`, `ECONNRESET`, `401`…), from the retry log. */
  retriesByReason(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const r of this.retryLog) out[r.reason] = (out[r.reason] ?? 0) + 1;
    return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
  }

  /** Stable `--json` shape: `{total, retries, failures, retriesByReason, byEndpoint}`. */
  toJSON(): { total: number; retries: number; failures: number; retriesByReason: Record<string, number>; byEndpoint: Record<string, number> } {
    return { total: this.total, retries: this.retries, failures: this.failures, retriesByReason: this.retriesByReason(), byEndpoint: this.byEndpoint() };
  }

  reset(): void {
    this.counts.clear();
    this.retries = 0;
    this.failures = 0;
    this.retryLog.length = 0;
  }
}

const ID = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|(?:custom|customAuth)_-_[0-9a-f-]+|\d+)$/i;

export function templateOf(path: string): string {
  const [p] = path.split('?');
  return p!
    .split('/')
    .map((seg) => (ID.test(seg) ? '{id}' : seg))
    .join('/');
}
