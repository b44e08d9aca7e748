import platformClient from 'purecloud-platform-client-v2';
import { GenesysError, hintFor, permissionsNamed } from './errors.js';
import { redact, registerSecret } from './redact.js';
import { decide, DEFAULT_RETRY, isIdempotentCall, type RetryPolicy } from './retry.js';
import { CallStats } from './stats.js';
import { Throttle } from './throttle.js';
import type { Region } from './regions.js';
import { debug } from './log.js';

type ApiClient = InstanceType<typeof platformClient.ApiClientClass>;
type CallApi = ApiClient['callApi'];

/** Where and as whom to connect. Built by `config.ts` from the environment or by the sandbox start-up. */
export interface Connection {
  clientId: string;
  clientSecret: string;
  /** A Genesys region, or… */
  region?: Region;
  /** …a gateway base URL (the sandbox, a proxy): the SDK's `setGateway`. */
  gatewayUrl?: string;
  timeoutMs?: number;
  concurrency?: number;
  /** Client-side budget; Genesys's default for client credentials is 300/min per token. */
  requestsPerMinute?: number;
  retry?: Partial<RetryPolicy>;
}

interface Extended {
  status: number;
  headers: Record<string, string>;
  body: unknown;
  text?: string;
  error?: { code?: string; message?: string } | null;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The one way presence-kit talks to Genesys Cloud. Wraps an SDK ApiClient so that every SDK call
 * (`client.api(UsersApi).getUsers(…)`) and every raw call (`client.request(…)`) is paced, timed
 * out, retried on 429/5xx, re-authenticated, counted and turned into a `GenesysError`.
 */
export class GenesysClient {
  readonly sdk: ApiClient;
  readonly stats = new CallStats();
  private readonly throttle: Throttle;
  private readonly retry: RetryPolicy;
  private readonly callApiRaw: CallApi;
  private tokenExpiresAt = 0;
  private loggingIn: Promise<void> | null = null;

  constructor(readonly connection: Connection) {
    registerSecret(connection.clientSecret);
    this.retry = { ...DEFAULT_RETRY, ...connection.retry };
    this.throttle = new Throttle(connection.concurrency ?? 8, connection.requestsPerMinute ?? 300);
    this.sdk = new platformClient.ApiClientClass();
    // The SDK reads and watches ~/.genesyscloudjavascript/config when built; presence-kit is
    // configured only by its own flags and environment, and must not keep a file watcher alive.
    this.sdk.config.setConfigPath('');
    this.sdk.config.live_reload_config = false;
    // The SDK logs request headers (bearer tokens) on errors when logging is on; keep it off.
    this.sdk.config.logger.log_level = 'none' as never;
    this.sdk.setReturnExtendedResponses(true);
    (this.sdk as unknown as { timeout: number }).timeout = connection.timeoutMs ?? 30_000;
    if (connection.gatewayUrl) {
      const u = new URL(connection.gatewayUrl);
      this.sdk.setGateway({
        host: u.hostname,
        protocol: u.protocol.replace(':', ''),
        port: u.port ? Number(u.port) : -1,
        path_params_login: u.pathname.replace(/\/$/, ''),
        path_params_api: u.pathname.replace(/\/$/, ''),
      } as never);
    } else if (connection.region) {
      this.sdk.setEnvironment(connection.region.host);
    } else {
      throw new Error('a connection needs a region or a gateway URL');
    }
    this.callApiRaw = this.sdk.callApi.bind(this.sdk);
    this.sdk.callApi = ((path, method, pathParams, ...rest) =>
      this.execute(method, fillPath(path, pathParams), () => this.callApiRaw(path, method, pathParams, ...rest))) as CallApi;
  }

  /** Connects and logs in at once, so bad credentials fail before any work starts. */
  static async connect(connection: Connection): Promise<GenesysClient> {
    const c = new GenesysClient(connection);
    await c.login();
    return c;
  }

  /** Where this client points, for humans (never includes credentials). */
  get target(): string {
    return this.connection.gatewayUrl ?? `${this.connection.region!.name} (${this.connection.region!.apiBase})`;
  }

  get apiBase(): string {
    return this.connection.gatewayUrl?.replace(/\/$/, '') ?? this.connection.region!.apiBase;
  }

  /** An SDK API class bound to this client, e.g. `client.api(platformClient.UsersApi)`. */
  api<T>(Api: new (apiClient?: ApiClient) => T): T {
    return new Api(this.sdk);
  }

  /**
   * A Platform API call the SDK has no typed method for (or whose typing does not fit). Goes
   * through the same pipeline as SDK calls.
   */
  async request<T = unknown>(method: string, path: string, opts: { query?: Record<string, unknown>; body?: unknown } = {}): Promise<T> {
    return (await this.sdk.callApi(path, method, {}, (opts.query ?? {}) as never, {}, {}, opts.body, ['PureCloud OAuth'], ['application/json'], ['application/json'])) as T;
  }

  /**
   * Absolute URLs Genesys hands out (presigned uploads, download URLs): plain HTTP with the same
   * timeout, retry and accounting, and no bearer token (the URL is the credential).
   */
  async fetchUrl(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; text: string }> {
    const method = init.method ?? 'GET';
    const label = `${method} ${new URL(url).pathname}`;
    return this.withRetry(method, new URL(url).pathname, true, async () => {
      const res = await fetch(url, { method, headers: init.headers, body: init.body, signal: AbortSignal.timeout(this.connection.timeoutMs ?? 30_000) });
      const text = await res.text();
      if (!res.ok) throw { status: res.status, headers: Object.fromEntries(res.headers), body: safeJson(text), text } satisfies Extended;
      debug(`${label} → ${res.status}`);
      return { status: res.status, text };
    });
  }

  async login(): Promise<void> {
    if (this.loggingIn) return this.loggingIn;
    this.loggingIn = (async () => {
      try {
        const auth = await this.withRetry('POST', '/oauth/token', true, () =>
          this.sdk.loginClientCredentialsGrant(this.connection.clientId, this.connection.clientSecret).catch((e: unknown) => {
            throw axiosToExtended(e);
          }),
        );
        registerSecret(auth.accessToken);
        this.tokenExpiresAt = auth.tokenExpiryTime ?? Date.now() + 3_600_000;
      } finally {
        this.loggingIn = null;
      }
    })();
    return this.loggingIn;
  }

  private async ensureToken(): Promise<void> {
    // Log in again a minute before expiry: client-credentials tokens cannot be refreshed.
    if (Date.now() > this.tokenExpiresAt - 60_000) await this.login();
  }

  private async execute(method: string, path: string, call: () => Promise<unknown>): Promise<unknown> {
    let reloggedIn = false;
    for (;;) {
      await this.ensureToken();
      try {
        const res = (await this.withRetry(method, path, isIdempotentCall(method, path), call)) as Extended;
        return res?.body ?? (res?.text || undefined);
      } catch (e) {
        // A token can be revoked or expire early; log in once more and repeat.
        if (e instanceof GenesysError && e.status === 401 && !reloggedIn) {
          reloggedIn = true;
          debug(`${method} ${path} → 401, logging in again`);
          this.tokenExpiresAt = 0;
          continue;
        }
        throw e;
      }
    }
  }

  private async withRetry<T>(method: string, path: string, idempotent: boolean, call: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.throttle.run(call);
        this.stats.record(method, path);
        return res;
      } catch (raw) {
        this.stats.record(method, path);
        const err = this.normalize(raw, method, path, idempotent);
        const verdict = decide(attempt, { status: err.status || undefined, networkCode: err.status ? undefined : err.code, retryAfterSeconds: err.retryAfterSeconds }, idempotent, this.retry);
        if (!verdict.retry) {
          this.stats.failures++;
          throw err;
        }
        this.stats.retries++;
        debug(`${method} ${path} → ${verdict.reason}; retry ${attempt} in ${verdict.delayMs} ms`);
        await sleep(verdict.delayMs);
      }
    }
  }

  private normalize(raw: unknown, method: string, path: string, idempotent: boolean): GenesysError {
    if (raw instanceof GenesysError) return raw;
    const ctx = { gateway: this.connection.gatewayUrl };
    const ext = raw as Partial<Extended> & { code?: string; message?: string };
    if (typeof ext?.status === 'number' && ext.status > 0) {
      const body = (typeof ext.body === 'object' && ext.body ? ext.body : safeJson(ext.text ?? '')) as Record<string, unknown> & {
        message?: string;
        code?: string;
        contextId?: string;
        error?: string;
        error_description?: string;
        description?: string;
      };
      const code = body.code ?? body.error ?? `http.${ext.status}`;
      const headers = lower(ext.headers ?? {});
      const retryAfter = headers['retry-after'] !== undefined ? Number(headers['retry-after']) : undefined;
      return new GenesysError({
        status: ext.status,
        code,
        message: body.message ?? body.error_description ?? body.description ?? (ext.text || `HTTP ${ext.status}`),
        correlationId: headers['inin-correlation-id'] ?? body.contextId,
        hint: hintFor(ext.status, code, body, ctx),
        method,
        path,
        missingPermissions: ext.status === 403 ? permissionsNamed(body) : [],
        ambiguous: !idempotent && ext.status >= 500 && ext.status !== 503,
        retryAfterSeconds: Number.isFinite(retryAfter) ? retryAfter : undefined,
        details: body,
      });
    }
    // Network-level failure (no HTTP answer): the SDK hands back the axios error.
    const inner = (ext?.error ?? ext) as { code?: string; message?: string };
    const code = inner?.code ?? 'ENETWORK';
    return new GenesysError({
      status: 0,
      code,
      message: redact(inner?.message ?? String(raw)),
      hint: hintFor(0, code, {}, ctx),
      method,
      path,
      ambiguous: !idempotent && code !== 'ECONNREFUSED' && code !== 'ENOTFOUND',
    });
  }
}

function fillPath(path: string, params: Record<string, unknown>): string {
  return path.replace(/\{([\w-]+)\}/g, (m, k: string) => (params && k in params ? encodeURIComponent(String(params[k])) : m));
}

function lower(h: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

/** The SDK's login rejects with the raw axios error; give it the extended-response shape. */
function axiosToExtended(e: unknown): unknown {
  const ax = e as { response?: { status: number; headers: Record<string, string>; data: unknown }; code?: string; message?: string };
  if (ax?.response) return { status: ax.response.status, headers: ax.response.headers, body: ax.response.data } satisfies Extended;
  return { status: 0, error: { code: ax?.code, message: ax?.message } };
}
