import { inspect } from 'node:util';
import platformClient from 'purecloud-platform-client-v2';
import { finalHint, GenesysError, hintFor, permissionsNamed, type ErrorBody } from './errors.js';
import { redact, registerBasicCredentials, registerSecret } from './redact.js';
import { decide, DEFAULT_RETRY, isAmbiguous, isIdempotentCall, NETWORK_CODES, parseRetryAfter, type Outcome, type RetryPolicy } from './retry.js';
import { CallStats } from './stats.js';
import { Throttle } from './throttle.js';
import { REAL_TIME, type Time } from './time.js';
import type { Region } from './regions.js';
import { debug } from './log.js';
import { whileWaitingOn } from './waits.js';

type ApiClient = InstanceType<typeof platformClient.ApiClientClass>;
type CallApi = ApiClient['callApi'];

/** Where and as whom to connect. Built by `config.ts` from the environment or by the sandbox start-up. */
export interface Connection {
  /** With an access token: learned from `GET /api/v2/tokens/me` when not given. */
  clientId: string;
  /** Empty with an access token. */
  clientSecret: string;
  /**
   * A bearer token to use as it is instead of logging in (CX as Code's GENESYSCLOUD_ACCESS_TOKEN):
   * never refreshed, so a 401 says to get a new one.
   */
  accessToken?: string;
  /** A forward proxy for every call (CX as Code's GENESYSCLOUD_PROXY_*); else HTTPS_PROXY / HTTP_PROXY / NO_PROXY apply. */
  proxy?: ProxySettings;
  /** A Genesys region, or… */
  region?: Region;
  /** …a gateway base URL (the sandbox, a proxy): the SDK's `setGateway`. */
  gatewayUrl?: string;
  /** Per HTTP attempt, whole request and response (default 30 s). */
  timeoutMs?: number;
  /** Calls in flight at once (default 8). */
  concurrency?: number;
  /** Client-side budget (default 300/min, Genesys's default per client-credentials token; 0 = none). */
  requestsPerMinute?: number;
  retry?: Partial<RetryPolicy>;
  /** What pacing and retry waits run on (default real time; see time.ts). */
  time?: Time;
  /**
   * How the pollers (an Architect import job, a flow delete answered 409) let time pass between
   * tries: the connection's `time` by default; a test against a pinned sandbox passes one that moves the sandbox
   * clock instead, so a 15-second poll costs no real time.
   */
  pause?: (ms: number) => Promise<void>;
}

export interface ProxySettings {
  protocol: 'http' | 'https';
  host: string;
  port: number;
  auth?: { username: string; password: string };
}

/** A connection as the client shows it: everything but the secret, the token and the proxy's password. */
export type PublicConnection = Omit<Connection, 'clientSecret' | 'accessToken' | 'proxy' | 'time' | 'pause'> & { proxy?: Omit<ProxySettings, 'auth'>; bearer?: boolean };

export const DEFAULTS = { timeoutMs: 30_000, concurrency: 8, requestsPerMinute: 300 } as const;

/** The SDK's answer with `setReturnExtendedResponses(true)`, on success and on HTTP failure. */
interface Extended {
  status: number;
  headers?: unknown;
  body?: unknown;
  text?: string;
}

/** A failure with no HTTP answer, stripped of the request (whose headers hold credentials). */
interface NetworkFailure {
  networkCode: string;
  message: string;
}

/**
 * The one way presence-kit talks to Genesys Cloud. Wraps an SDK ApiClient so that every SDK call
 * (`client.api(UsersApi).getUsers(…)`), every raw call (`client.request(…)`), every presigned URL
 * (`client.fetchUrl(…)`) and the login itself is paced, timed out, retried (see `retry.ts`),
 * re-authenticated, counted, logged at debug level and turned into a `GenesysError`.
 */
export class GenesysClient {
  readonly sdk: ApiClient;
  readonly stats = new CallStats();
  /** Replaced once, by `connect`, when the client id is learned from the access token. */
  connection: Readonly<PublicConnection>;
  readonly throttle: Throttle;
  private readonly retry: RetryPolicy;
  private readonly time: Time;
  private readonly timeoutMs: number;
  readonly #secret: string;
  readonly #accessToken?: string;
  /** Given to axios on every call (SDK calls and `fetchUrl`); undefined = axios reads HTTPS_PROXY/HTTP_PROXY/NO_PROXY. */
  readonly #proxy?: ProxySettings;
  private readonly callApiRaw: CallApi;
  private tokenExpiresAt = 0;
  /** Bumped on every login, so a 401 on an old token does not trigger a second re-login. */
  private tokenGeneration = 0;
  private loggingIn: Promise<void> | null = null;
  /**
   * How far Genesys's clock is ahead of this machine's (ms), from the `Date` header of its latest
   * answer; undefined before the first. Commands that act "now" warn when it is over a minute.
   */
  serverSkewMs?: number;

  /** Lets `ms` pass between a poller's tries (Connection.pause). */
  readonly pause: (ms: number) => Promise<void>;

  constructor(connection: Connection) {
    const { clientSecret, accessToken, proxy, time, pause, ...pub } = connection;
    this.time = time ?? REAL_TIME;
    this.pause = pause ?? ((ms) => this.time.sleep(ms));
    this.#secret = clientSecret;
    this.#accessToken = accessToken;
    this.#proxy = proxy;
    if (accessToken) registerSecret(accessToken);
    if (proxy?.auth) registerSecret(proxy.auth.password);
    this.connection = Object.freeze({ ...pub, ...(proxy ? { proxy: { protocol: proxy.protocol, host: proxy.host, port: proxy.port } } : {}), ...(accessToken ? { bearer: true } : {}) });
    if (clientSecret) registerBasicCredentials(connection.clientId, clientSecret);
    this.retry = { ...DEFAULT_RETRY, ...connection.retry };
    this.timeoutMs = connection.timeoutMs ?? DEFAULTS.timeoutMs;
    this.throttle = new Throttle(connection.concurrency ?? DEFAULTS.concurrency, connection.requestsPerMinute ?? DEFAULTS.requestsPerMinute, this.time);
    this.sdk = new platformClient.ApiClientClass();
    silenceAndIsolate(this.sdk);
    this.sdk.setReturnExtendedResponses(true);
    (this.sdk as unknown as { timeout: number }).timeout = this.timeoutMs;
    withHardDeadline(this.sdk, this.timeoutMs, proxy);
    if (connection.gatewayUrl) {
      const u = new URL(connection.gatewayUrl);
      const base = u.pathname.replace(/\/$/, '');
      this.sdk.setGateway({
        host: u.hostname, // IPv6 keeps its brackets: the SDK pastes host and port together
        protocol: u.protocol.replace(':', ''),
        port: u.port ? Number(u.port) : -1,
        path_params_login: base,
        path_params_api: base,
      } as never);
    } else if (connection.region) {
      this.sdk.setEnvironment(connection.region.host);
    } else {
      throw new Error('a connection needs a region or a gateway URL');
    }
    this.callApiRaw = this.sdk.callApi.bind(this.sdk);
    // Every SDK API class calls `apiClient.callApi`: routing it through `execute` puts every typed
    // SDK call in the same pipeline as raw calls.
    this.sdk.callApi = ((path, method, pathParams, ...rest) =>
      this.execute(String(method).toUpperCase(), fillPath(path, pathParams), () => this.callApiRaw(path, method, pathParams, ...rest))) as CallApi;
  }

  /** Connects and logs in at once, so bad credentials fail before any work starts. */
  static async connect(connection: Connection): Promise<GenesysClient> {
    const c = new GenesysClient(connection);
    await c.login();
    if (connection.accessToken) {
      // The token's own client: whose permissions doctor and the preflight read. It also proves the token works.
      const me = await c.request<{ OAuthClient?: { id?: string } }>('GET', '/api/v2/tokens/me');
      if (!connection.clientId && me.OAuthClient?.id) c.connection = Object.freeze({ ...c.connection, clientId: me.OAuthClient.id });
    }
    return c;
  }

  /** Where this client points, for humans (never includes credentials). */
  get target(): string {
    return this.connection.gatewayUrl ?? `${this.connection.region!.name} (${this.connection.region!.apiBase})`;
  }

  get apiBase(): string {
    return this.connection.gatewayUrl?.replace(/\/$/, '') ?? this.connection.region!.apiBase;
  }

  /** The pacing and timeout this client applies, for `whoami` and `--json`. */
  get budget(): { requestsPerMinute: number; concurrency: number; timeoutMs: number; maxAttempts: number } {
    return { requestsPerMinute: this.throttle.perMinute, concurrency: this.throttle.concurrency, timeoutMs: this.timeoutMs, maxAttempts: this.retry.maxAttempts };
  }

  /** When the current access token expires (ms since epoch, this machine's clock); 0 before login; Infinity for a given token (unknown). */
  get tokenExpiry(): number {
    return this.tokenExpiresAt;
  }

  /** An SDK API class bound to this client, e.g. `client.api(platformClient.UsersApi)`. */
  api<T>(Api: new (apiClient?: ApiClient) => T): T {
    return new Api(this.sdk);
  }

  /**
   * A Platform API call the SDK has no typed method for (or whose typing does not fit). Goes
   * through the same pipeline as SDK calls. `path` has no query string: pass `query`.
   */
  async request<T = unknown>(method: string, path: string, opts: { query?: Record<string, unknown>; body?: unknown } = {}): Promise<T> {
    return (await this.sdk.callApi(path, method.toUpperCase(), {}, (opts.query ?? {}) as never, {}, {}, opts.body, ['PureCloud OAuth'], ['application/json'], ['application/json'])) as T;
  }

  /**
   * Absolute URLs Genesys hands out (presigned uploads, download URLs): plain HTTP with the same
   * pacing, timeout, retry and accounting, and no bearer token (the URL is the credential, so only
   * its path is ever logged or counted).
   */
  async fetchUrl(url: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; text: string }> {
    const method = (init.method ?? 'GET').toUpperCase();
    const path = new URL(url).pathname;
    return this.counted(() =>
      this.withRetry(method, path, method !== 'POST', {}, async () => {
        // Through the SDK's axios, not fetch: the same proxy settings (GENESYSCLOUD_PROXY_*, HTTPS_PROXY,
        // NO_PROXY) reach presigned URLs too, which Node's fetch would ignore.
        const res = await this.axios.request<string>({
          url,
          method,
          headers: init.headers,
          data: init.body,
          signal: AbortSignal.timeout(this.timeoutMs),
          responseType: 'text',
          transformResponse: (d: unknown) => d,
          validateStatus: () => true,
          ...(this.#proxy ? { proxy: this.#proxy } : {}),
        });
        const text = typeof res.data === 'string' ? res.data : String(res.data ?? '');
        if (res.status < 200 || res.status >= 300) throw { status: res.status, headers: res.headers, body: safeJson(text) ?? text, text } satisfies Extended;
        return { status: res.status, text };
      }),
    );
  }

  /** The SDK's own axios instance (its agent and defaults), for URLs outside the Platform API. */
  private get axios(): AxiosLike {
    return (this.sdk.getHttpClient() as unknown as { _axiosInstance: AxiosLike })._axiosInstance;
  }

  /** Logs in (client credentials). Concurrent callers share one token request. */
  async login(): Promise<void> {
    if (this.#accessToken) {
      // A token given as it is: used until Genesys refuses it (its expiry is not ours to know).
      this.sdk.setAccessToken(this.#accessToken);
      this.tokenExpiresAt = Number.POSITIVE_INFINITY;
      this.tokenGeneration++;
      return;
    }
    if (this.loggingIn) return this.loggingIn;
    this.loggingIn = (async () => {
      try {
        const auth = await this.counted(() =>
          this.withRetry('POST', '/oauth/token', true, { login: true }, () =>
            this.sdk.loginClientCredentialsGrant(this.connection.clientId, this.#secret).catch((e: unknown) => {
              throw fromAxios(e);
            }),
          ),
        );
        registerSecret(auth.accessToken);
        this.tokenExpiresAt = auth.tokenExpiryTime ?? Date.now() + 3_600_000;
        this.tokenGeneration++;
        debug(`logged in as ${this.connection.clientId} at ${this.target}; token valid until ${new Date(this.tokenExpiresAt).toISOString()}`);
      } finally {
        this.loggingIn = null;
      }
    })();
    return this.loggingIn;
  }

  toJSON() {
    return { target: this.target, clientId: this.connection.clientId, budget: this.budget };
  }

  [inspect.custom]() {
    return `GenesysClient { target: ${this.target}, clientId: ${this.connection.clientId} }`;
  }

  private async ensureToken(): Promise<void> {
    // Log in again a minute before expiry: client-credentials tokens cannot be refreshed.
    if (Date.now() > this.tokenExpiresAt - 60_000) await this.login();
  }

  private async execute(method: string, path: string, call: () => Promise<unknown>): Promise<unknown> {
    const idempotent = isIdempotentCall(method, path);
    for (let relogins = 0; ; relogins++) {
      await this.ensureToken(); // a failed login counts itself
      const generation = this.tokenGeneration;
      try {
        const res = (await this.withRetry(method, path, idempotent, {}, call)) as Extended;
        const date = Date.parse(lowerHeaders(res?.headers).date ?? '');
        if (!Number.isNaN(date)) this.serverSkewMs = date - Date.now();
        return bodyOf(res);
      } catch (e) {
        // A token can be revoked or expire early (the org's clock is not ours): log in once more.
        // A 401 is refused before any work, so repeating even a POST is safe.
        if (e instanceof GenesysError && e.status === 401 && this.#accessToken) {
          this.stats.failures++;
          throw e.with({ hint: 'GENESYSCLOUD_ACCESS_TOKEN was refused (expired or revoked): get a new token, or unset it and set GENESYSCLOUD_OAUTHCLIENT_ID and GENESYSCLOUD_OAUTHCLIENT_SECRET to log in' });
        }
        if (e instanceof GenesysError && e.status === 401 && relogins === 0) {
          debug(`${method} ${path} → 401 ${e.code}; logging in again`);
          if (generation === this.tokenGeneration) this.tokenExpiresAt = 0;
          this.stats.recordRetry({ method, path, reason: '401', delayMs: 0 });
          continue;
        }
        this.stats.failures++;
        throw e;
      }
    }
  }

  /** Counts a call that finally failed (after its retries), once. */
  private async counted<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      this.stats.failures++;
      throw e;
    }
  }

  private async withRetry<T>(method: string, path: string, idempotent: boolean, ctx: { login?: boolean }, call: () => Promise<T>): Promise<T> {
    let mayHaveApplied = false;
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.throttle.run(call);
        this.stats.record(method, path);
        return res;
      } catch (raw) {
        this.stats.record(method, path);
        const err = this.normalize(raw, method, path, idempotent, ctx.login === true);
        const outcome: Outcome = { status: err.status || undefined, networkCode: err.status ? undefined : err.code, retryAfterSeconds: err.retryAfterSeconds };
        // Everything else in flight would meet the same 429: hold new calls back until it is over.
        if (err.status === 429 && err.retryAfterSeconds !== undefined) this.throttle.pause(err.retryAfterSeconds * 1000);
        const verdict = decide(attempt, outcome, idempotent, this.retry);
        if (!verdict.retry) {
          debug(`${method} ${path} → ${verdict.reason}; not retried`);
          // A repeat refused as a conflict/absence may mean an earlier attempt did the work.
          const afterAmbiguous = mayHaveApplied && (err.status === 409 || err.status === 404 || (err.status === 400 && /version/i.test(err.message)));
          const hint = finalHint(err, { attempts: attempt, maxRetryAfterSeconds: this.retry.maxRetryAfterSeconds });
          throw err.ambiguous || afterAmbiguous || attempt > 1 || hint !== err.hint ? err.with({ ambiguous: err.ambiguous || afterAmbiguous, attempts: attempt, hint }) : err;
        }
        if (isAmbiguous(outcome, false)) mayHaveApplied = true;
        this.stats.recordRetry({ method, path, reason: err.status ? String(err.status) : err.code, delayMs: verdict.delayMs, retryAfterSeconds: err.retryAfterSeconds });
        debug(`${method} ${path} → ${verdict.reason}; retry ${attempt} of ${this.retry.maxAttempts - 1} in ${verdict.delayMs} ms${err.correlationId ? ` (correlation id ${err.correlationId})` : ''}`);
        await whileWaitingOn(waitLabel(method, path, err, attempt, this.retry.maxAttempts - 1, verdict.delayMs), () => this.time.sleep(verdict.delayMs), verdict.delayMs);
      }
    }
  }

  private normalize(raw: unknown, method: string, path: string, idempotent: boolean, login: boolean): GenesysError {
    if (raw instanceof GenesysError) return raw;
    const ctx = { gateway: this.connection.gatewayUrl, login };
    const ext = raw as Partial<Extended>;
    if (raw && typeof raw === 'object' && typeof ext.status === 'number' && ext.status > 0) {
      const text = typeof ext.body === 'string' ? ext.body : (ext.text ?? '');
      const parsed = ext.body && typeof ext.body === 'object' ? ext.body : safeJson(text);
      const body = (parsed && typeof parsed === 'object' ? parsed : {}) as ErrorBody & Record<string, unknown>;
      const code = body.code ?? body.error ?? `http.${ext.status}`;
      const headers = lowerHeaders(ext.headers);
      const retryAfter = parseRetryAfter(headers['retry-after']);
      return new GenesysError({
        status: ext.status,
        code,
        message: body.message ?? body.error_description ?? body.description ?? (shorten(text) || `HTTP ${ext.status}`),
        correlationId: headers['inin-correlation-id'] ?? body.contextId,
        hint: hintFor(ext.status, code, body, ctx),
        method,
        path,
        missingPermissions: ext.status === 403 ? permissionsNamed(body) : [],
        ambiguous: isAmbiguous({ status: ext.status }, idempotent),
        retryAfterSeconds: retryAfter,
        details: Object.keys(body).length ? body : undefined,
      });
    }
    const net = asNetworkFailure(raw);
    return new GenesysError({
      status: 0,
      code: net.networkCode,
      message: net.message,
      hint: hintFor(0, net.networkCode, {}, ctx),
      method,
      path,
      ambiguous: NETWORK_CODES.has(net.networkCode) && isAmbiguous({ networkCode: net.networkCode }, idempotent),
    });
  }
}

/** What a retry waits on, for the progress line: the call, why, which retry, how long. */
function waitLabel(method: string, path: string, err: GenesysError, attempt: number, retries: number, delayMs: number): string {
  const secs = Math.max(1, Math.round(delayMs / 1000));
  const why =
    err.status === 429
      ? `rate limited by Genesys (429${err.retryAfterSeconds !== undefined ? `, Retry-After ${err.retryAfterSeconds} s` : ''})`
      : err.status
        ? `${err.status} ${err.code}`
        : err.code;
  return `${method} ${path}: ${why} — retry ${attempt} of ${retries} in ${secs} s`;
}

/**
 * The SDK reads `~/.genesyscloudjavascript/config` when built (it may set a gateway, a log level or
 * a log file there) and watches it. presence-kit is configured only by its own flags and
 * environment, keeps no file watcher alive, and must never let the SDK's logger print request
 * headers: it is switched off for good.
 */
function silenceAndIsolate(sdk: ApiClient): void {
  const config = sdk.config as unknown as {
    setConfigPath(p: string): void;
    live_reload_config: boolean;
    setGateway(g?: unknown): void;
    logger: { log_level: string; log_to_console: boolean; log_file_path?: string; setLogger(): void; log: (...args: unknown[]) => void };
  };
  config.live_reload_config = false;
  config.setConfigPath('');
  config.setGateway(undefined);
  config.logger.log_level = 'none';
  config.logger.log_to_console = false;
  config.logger.log_file_path = undefined;
  config.logger.setLogger();
  config.logger.log = () => undefined;
}

/**
 * axios's `timeout` only bounds an idle socket; an abort signal bounds the whole attempt, so a
 * server that trickles bytes cannot hold a call forever.
 */
function withHardDeadline(sdk: ApiClient, timeoutMs: number, proxy?: ProxySettings): void {
  const http = sdk.getHttpClient() as unknown as { toAxiosConfig(o: unknown): Record<string, unknown> };
  const toAxiosConfig = http.toAxiosConfig.bind(http);
  http.toAxiosConfig = (o) => ({ ...toAxiosConfig(o), signal: AbortSignal.timeout(timeoutMs), ...(proxy ? { proxy } : {}) });
}

/** The slice of axios `fetchUrl` uses (axios is the SDK's dependency, not ours). */
interface AxiosLike {
  request<T>(config: Record<string, unknown>): Promise<{ status: number; headers: unknown; data: T }>;
}

/** The successful answer's body; an empty body (204) is `undefined`. */
function bodyOf(res: Extended | undefined): unknown {
  const body = res?.body;
  if (body === '' || body === null || body === undefined) return res?.text || undefined;
  return body;
}

function fillPath(path: string, params: Record<string, unknown>): string {
  return path.replace(/\{([\w-]+)\}/g, (m, k: string) => (params && k in params ? encodeURIComponent(String(params[k])) : m));
}

function lowerHeaders(h: unknown): Record<string, string> {
  if (!h || typeof h !== 'object') return {};
  const plain = typeof (h as { toJSON?: unknown }).toJSON === 'function' ? (h as { toJSON(): object }).toJSON() : h;
  return Object.fromEntries(Object.entries(plain).map(([k, v]) => [k.toLowerCase(), String(v)]));
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function shorten(text: string): string {
  const one = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return one.length > 200 ? `${one.slice(0, 200)}…` : one;
}

/**
 * A failure without an HTTP answer as a code and a message: axios errors carry `code`, fetch
 * errors carry it on `cause`, our own deadline surfaces as an abort. Nothing else of the error is
 * kept — axios errors hold the request config, headers included.
 */
function asNetworkFailure(raw: unknown): NetworkFailure {
  const e = (raw ?? {}) as { code?: unknown; name?: string; message?: string; cause?: { code?: unknown; message?: string; name?: string }; networkCode?: string };
  if (typeof e.networkCode === 'string') return { networkCode: e.networkCode, message: redact(e.message ?? e.networkCode) };
  const causeCode = typeof e.cause?.code === 'string' ? e.cause.code : undefined;
  const ownCode = typeof e.code === 'string' ? e.code : undefined;
  const timedOut = e.name === 'TimeoutError' || e.cause?.name === 'TimeoutError' || ownCode === 'ERR_CANCELED' || e.name === 'AbortError';
  const code = timedOut ? 'ETIMEDOUT' : (causeCode ?? ownCode ?? 'client.error');
  const parts = [e.message, e.cause?.message].filter((m): m is string => Boolean(m));
  const message = timedOut ? 'no complete answer within the request timeout' : parts.filter((m, i) => !parts.some((o, j) => j !== i && o.includes(m) && (o !== m || j < i))).join(': ') || String(raw);
  return { networkCode: code, message: redact(message) };
}

/** The SDK's login rejects with the raw axios error; keep only the answer, or the network failure. */
function fromAxios(e: unknown): Extended | NetworkFailure {
  const ax = e as { response?: { status: number; headers: unknown; data: unknown } };
  if (ax?.response) return { status: ax.response.status, headers: ax.response.headers, body: ax.response.data };
  return asNetworkFailure(e);
}
