import type { DivisionGrant } from './permissions.js';
import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxContext } from './context.js';

export type Query = Record<string, string | string[] | undefined>;

/** Who is calling: resolved from the bearer token on every `/api/v2` request. */
export interface Caller {
  clientId: string;
  clientName: string;
  /** Held in at least one division: what the route-level (catalog) check asks. */
  permissions: readonly string[];
  /** Per division: what division-aware objects are checked against. */
  grants: readonly DivisionGrant[];
  token: string;
}

export interface SandboxRequest {
  method: string;
  /** Path after alias normalisation (`/platform/api/v2/…` → `/api/v2/…`). */
  path: string;
  /** Route template this request matched, e.g. `/api/v2/users/{userId}`. */
  template: string;
  params: Record<string, string>;
  query: Query;
  headers: IncomingHttpHeaders;
  body: unknown;
  rawBody: Buffer;
  /** Undefined only on routes declared `auth: 'none'`. */
  caller?: Caller;
  correlationId: string;
}

export interface SandboxReply {
  __reply: true;
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
  /** Raw text body (e.g. Velocity templates, YAML); JSON otherwise. */
  text?: string;
}

export const reply = (status: number, body?: unknown, headers?: Record<string, string>): SandboxReply => ({ __reply: true, status, body, headers });
export const textReply = (status: number, text: string, contentType = 'text/plain'): SandboxReply => ({
  __reply: true,
  status,
  text,
  headers: { 'Content-Type': contentType },
});
export const isReply = (v: unknown): v is SandboxReply => typeof v === 'object' && v !== null && (v as SandboxReply).__reply === true;

/** A handler returns a body (200 JSON), `reply(...)`, or undefined (204). */
export type Handler = (req: SandboxRequest, ctx: SandboxContext) => unknown | Promise<unknown>;

export interface RouteOptions {
  /** `bearer` (default) checks the token, rate limit, faults and catalog permissions. */
  auth?: 'bearer' | 'none';
  /** Raw body (not JSON-parsed): uploads, form posts. */
  rawBody?: boolean;
}

export interface Route extends Required<RouteOptions> {
  method: string;
  template: string;
  handler: Handler;
  regex: RegExp;
  paramNames: string[];
  /** Literal segments count: more specific routes win (`/flows/jobs` before `/flows/{flowId}`). */
  literalSegments: number;
  /** The API family (service folder) that registered it — for the fidelity ledger. */
  family: string;
}

export class Router {
  private routes: Route[] = [];
  /** Set while a service registers its routes (server.ts), so each route knows its family. */
  family = 'sandbox';

  add(method: string, template: string, handler: Handler, options: RouteOptions = {}): void {
    const paramNames: string[] = [];
    const pattern = template
      .split('/')
      .map((seg) => {
        const m = /^\{(\w+)\}$/.exec(seg);
        if (m) {
          paramNames.push(m[1]!);
          return '([^/]+)';
        }
        return seg.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      })
      .join('/');
    this.routes.push({
      method,
      template,
      handler,
      regex: new RegExp(`^${pattern}$`),
      paramNames,
      literalSegments: template.split('/').filter((s) => s && !s.startsWith('{')).length,
      auth: options.auth ?? 'bearer',
      rawBody: options.rawBody ?? false,
      family: this.family,
    });
    this.routes.sort((a, b) => b.literalSegments - a.literalSegments);
  }

  get(t: string, h: Handler, o?: RouteOptions) { this.add('GET', t, h, o); }
  post(t: string, h: Handler, o?: RouteOptions) { this.add('POST', t, h, o); }
  put(t: string, h: Handler, o?: RouteOptions) { this.add('PUT', t, h, o); }
  patch(t: string, h: Handler, o?: RouteOptions) { this.add('PATCH', t, h, o); }
  delete(t: string, h: Handler, o?: RouteOptions) { this.add('DELETE', t, h, o); }

  /** `{route, params}` for a match, `'method'` when the path exists under another method, or undefined. */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | 'method' | undefined {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.regex.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.paramNames.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
      return { route, params };
    }
    return pathMatched ? 'method' : undefined;
  }

  list(): readonly Route[] {
    return this.routes;
  }
}

export function parseQuery(search: URLSearchParams): Query {
  const q: Query = {};
  for (const [k, v] of search) {
    const prev = q[k];
    q[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return q;
}

/** A query value as one string (first of repeats). */
export const q1 = (q: Query, k: string): string | undefined => (Array.isArray(q[k]) ? (q[k] as string[])[0] : (q[k] as string | undefined));
/** A query value as a list, accepting both repeated keys and comma-separated values (the SDK sends either). */
export const qList = (q: Query, k: string): string[] => {
  const v = q[k];
  const arr = v === undefined ? [] : Array.isArray(v) ? v : [v];
  return arr.flatMap((s) => s.split(',')).filter(Boolean);
};
export const qBool = (q: Query, k: string): boolean | undefined => {
  const v = q1(q, k);
  return v === undefined ? undefined : v === 'true';
};
