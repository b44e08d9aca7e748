import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { Clock } from './core/clock.js';
import { EventBus } from './core/bus.js';
import { RandomRng, Rng } from './core/rng.js';
import { Store } from './core/store.js';
import { ApiError, authenticationRequired, badCredentials, badRequest, internalServerError, notFound, serviceUnavailable, tooManyRequests } from './core/errors.js';
import { FaultInjector, RateLimiter } from './core/limits.js';
import { checkPermissions, requirementFor } from './core/permissions.js';
import { isReply, parseQuery, Router, type Route, type SandboxRequest } from './core/router.js';
import type { DispatchInput, DispatchResult, SandboxContext, SandboxOptions } from './core/context.js';
import { services } from './services/index.js';
import { registerControls } from './controls.js';
import { requestGuard } from './core/host-guard.js';
import { ensureAdminClient } from './admin.js';
import { resolveToken } from './services/oauth/models.js';
import { profileFor } from './profile/profile.js';

export type { SandboxOptions } from './core/context.js';

export const DEFAULT_OPTIONS: SandboxOptions = {
  port: 8787,
  host: '127.0.0.1',
  rateLimit: 300,
  faults: 0,
  users: 25,
  seed: 1,
  defaultTokenSeconds: 86_400,
  faultDelayMs: 250,
};

export interface StartedSandbox {
  url: string;
  adminClient: { id: string; secret: string; generated: boolean };
  /** In-process access for tests and the embedded start-up (inventory, clock, bus). */
  ctx: SandboxContext;
  limiter: RateLimiter;
  faults: FaultInjector;
  /** Every route it serves (a test holds each `/api/v2` template to the endpoint catalog). */
  routes: readonly Route[];
  /**
   * Test mode: hears every request/response pair (the wire contract test holds them to the SDK's
   * models). Returns the unsubscribe. Internal calls (a data action's own requests) are marked.
   */
  onExchange(listener: (e: Exchange) => void): () => void;
  close(): Promise<void>;
}

/** One request and its answer, as the wire carried them. */
export interface Exchange {
  method: string;
  /** The matched route template, or the raw path when none matched. */
  template: string;
  path: string;
  status: number;
  requestBody: string;
  responseBody: string;
  contentType?: string;
  internal: boolean;
}

interface Outcome extends DispatchResult {
  reset?: boolean;
  delayMs?: number;
}

/** Starts the sandbox Genesys Cloud on an HTTP port (0 = any free port). */
export async function startSandbox(partial: Partial<SandboxOptions> = {}): Promise<StartedSandbox> {
  const options: SandboxOptions = { ...DEFAULT_OPTIONS, ...partial };
  const store = new Store(options.dataFile);
  const router = new Router();
  let baseUrl = '';
  const limiter = new RateLimiter(options.rateLimit, options.rateLimitNow);
  // A restored org must not replay the seed's sequence: the ids it drew when the org was seeded
  // would come out again and overwrite seeded entities (e.g. a new role taking Master Admin's id).
  const rng = store.restored ? new RandomRng() : new Rng(options.seed);
  const faults = new FaultInjector(options.faults, new Rng(options.seed ^ 0x5eed));
  const requestCounts = new Map<string, number>();
  const listeners = new Set<(e: Exchange) => void>();

  const ctx: SandboxContext = {
    store,
    clock: new Clock(options.now),
    rng,
    bus: new EventBus(),
    profile: profileFor(options.profile ?? 'default', options.seed, options.profileTuning),
    options,
    baseUrl: () => baseUrl,
    dispatch: (input) => processRequest(input, true),
  };

  // A persisted org's clock never runs backwards: simulations move it ahead of real time, and a
  // later run starting at wall-clock time would see their timestamps as still in the future.
  const savedClock = store.collection<{ id: string; now: number }>('sandboxClock', { hidden: true });
  const lastNow = savedClock.get('clock')?.now;
  if (store.restored && options.now === undefined && lastNow !== undefined && lastNow > ctx.clock.now()) await ctx.clock.set(new Date(lastNow).toISOString());
  const rememberClock = () => {
    if (options.dataFile) savedClock.put({ id: 'clock', now: ctx.clock.now() });
  };

  for (const s of services) {
    router.family = s.name;
    s.register(router, ctx);
  }
  router.family = 'sandbox';
  registerControls(router, ctx, { limiter, faults, requestCounts });
  if (!store.restored) for (const s of services) await s.seed?.(ctx);
  const adminClient = ensureAdminClient(ctx, options.adminClientId, options.adminClientSecret);
  for (const s of services) await s.start?.(ctx);
  store.flush();

  async function processRequest(input: DispatchInput & { rawBody?: Buffer }, internal = false): Promise<Outcome> {
    if (!listeners.size) return handleRequest(input, internal);
    const out = await handleRequest(input, internal);
    const path = new URL(input.path, 'http://sandbox').pathname.replace(/^\/platform\/api\/v2\//, '/api/v2/');
    const m = router.match(input.method, path);
    const e: Exchange = {
      method: input.method,
      template: m && m !== 'method' ? m.route.template : path,
      path,
      status: out.status,
      requestBody: input.rawBody ? input.rawBody.toString('utf8') : (input.body ?? ''),
      responseBody: out.body,
      contentType: out.headers['Content-Type'],
      internal,
    };
    for (const l of listeners) l(e);
    return out;
  }

  async function handleRequest(input: DispatchInput & { rawBody?: Buffer }, internal: boolean): Promise<Outcome> {
    const correlationId = randomUUID();
    const headers: Record<string, string> = { 'ININ-Correlation-Id': correlationId };
    try {
      const url = new URL(input.path, 'http://sandbox');
      // Genesys samples call `/platform/api/v2/...`; the sandbox treats it as `/api/v2/...`.
      const path = url.pathname.startsWith('/platform/api/v2/') ? url.pathname.slice('/platform'.length) : url.pathname;
      const match = router.match(input.method, path);
      if (match === undefined) throw notFound(`No resource found for ${input.method} ${path}`);
      if (match === 'method') throw new ApiError(405, 'method.not.allowed', `HTTP method ${input.method} is not supported for ${path}`);
      const { route, params } = match;
      const reqHeaders = Object.fromEntries(Object.entries(input.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
      const rawBody = input.rawBody ?? Buffer.from(input.body ?? '', 'utf8');
      const req: SandboxRequest = {
        method: input.method,
        path,
        template: route.template,
        params,
        query: parseQuery(url.searchParams),
        headers: reqHeaders,
        body: undefined,
        rawBody,
        correlationId,
      };
      let fault: ReturnType<FaultInjector['draw']> = 'none';
      if (route.auth === 'bearer') {
        const m = /^Bearer\s+(.+)$/i.exec(reqHeaders.authorization ?? '');
        if (!m) throw authenticationRequired();
        const check = resolveToken(ctx, m[1]!);
        if (!check.ok) throw badCredentials();
        req.caller = { clientId: check.client.id, clientName: check.client.name, permissions: check.permissions, grants: check.grants, token: m[1]! };
        if (!internal) {
          const storm = faults.takeStorm();
          if (storm > 0) throw tooManyRequests(storm);
          const retryAfter = limiter.take(m[1]!);
          if (retryAfter > 0) throw tooManyRequests(retryAfter);
          fault = faults.draw();
          if (fault === 'reset') return { status: 0, headers, body: '', reset: true };
          if (fault === '500') throw internalServerError();
          if (fault === '503') throw serviceUnavailable();
        }
        checkPermissions(check.permissions, requirementFor(route.method, route.template));
        // The production profile's per-family latency: a caller's request takes sandbox time
        // (a data action's own requests are timed by its execution, runtime/workflows.ts).
        if (!internal) await ctx.clock.wait(ctx.profile.apiLatencyMs(route.family));
      }
      if (!route.rawBody && rawBody.length > 0) {
        try {
          req.body = JSON.parse(rawBody.toString('utf8'));
        } catch {
          throw badRequest('The request could not be understood by the server due to malformed syntax.');
        }
      }
      const key = `${route.method} ${route.template}`;
      if (!internal) requestCounts.set(key, (requestCounts.get(key) ?? 0) + 1);
      const result = await route.handler(req, ctx);
      if (input.method !== 'GET') {
        rememberClock();
        store.flush();
      }
      if (fault === '504')
        return { ...errorOutcome(new ApiError(504, 'request.timeout', 'The request timed out.'), correlationId, headers), delayMs: options.faultDelayMs };
      if (isReply(result)) {
        const h = { ...headers, ...(result.headers ?? {}) };
        if (result.text !== undefined) return { status: result.status, headers: { 'Content-Type': 'text/plain', ...h }, body: result.text };
        if (result.body === undefined) return { status: result.status, headers: h, body: '' };
        return { status: result.status, headers: { 'Content-Type': 'application/json', ...h }, body: JSON.stringify(result.body) };
      }
      if (result === undefined) return { status: 204, headers, body: '' };
      return { status: 200, headers: { ...headers, 'Content-Type': 'application/json' }, body: JSON.stringify(result) };
    } catch (err) {
      const e = err instanceof ApiError ? err : internalError(err);
      return errorOutcome(e, correlationId, headers);
    }
  }

  const server = createServer((req, res) => {
    void serve(req, res);
  });

  const guard = requestGuard(options.host, options.allowedHosts);

  async function serve(req: IncomingMessage, res: ServerResponse) {
    const refused = guard(req.method ?? 'GET', req.headers as Record<string, string | undefined>);
    if (refused) {
      const out = errorOutcome(refused, randomUUID(), {});
      res.writeHead(out.status, out.headers);
      res.end(out.body);
      return;
    }
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const out = await processRequest({
      method: req.method ?? 'GET',
      path: req.url ?? '/',
      headers: Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')])),
      rawBody: Buffer.concat(chunks),
    });
    if (out.reset) {
      req.socket.destroy();
      return;
    }
    if (out.delayMs) await new Promise((r) => setTimeout(r, out.delayMs));
    res.writeHead(out.status, out.headers);
    res.end(out.body);
  }

  // WebSockets (the notification service's channels): the first service that knows the path takes it.
  server.on('upgrade', (req, socket, head) => {
    // A WebSocket handshake is a GET, but a foreign page's must not be taken: checked as a write.
    const refused = guard('UPGRADE', req.headers as Record<string, string | undefined>);
    if (refused) {
      socket.end(`HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n${refused.message}`);
      return;
    }
    if (!services.some((s) => s.upgrade?.(ctx, req, socket, head) === true)) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const addr = server.address() as AddressInfo;
  baseUrl = `http://${options.host.includes(':') ? `[${options.host}]` : options.host}:${addr.port}`;

  return {
    url: baseUrl,
    adminClient,
    ctx,
    limiter,
    faults,
    routes: router.list(),
    onExchange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      for (const s of services) s.stop?.(ctx);
      ctx.clock.stop();
      await ctx.bus.idle();
      rememberClock();
      store.flush();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

function errorOutcome(e: ApiError, correlationId: string, headers: Record<string, string>): Outcome {
  return {
    status: e.status,
    headers: { ...headers, ...e.headers, 'Content-Type': 'application/json' },
    body: JSON.stringify(e.body(correlationId)),
  };
}

function internalError(err: unknown): ApiError {
  // A sandbox bug must look like a Genesys 500, but say what broke so it can be fixed.
  const e = internalServerError();
  if (process.env.PRESENCE_KIT_SANDBOX_DEBUG) console.error(err);
  return new ApiError(500, e.code, `${e.message} (${err instanceof Error ? err.message : String(err)})`);
}
