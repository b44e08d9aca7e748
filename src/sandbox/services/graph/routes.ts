import type { SandboxContext, SandboxService } from '../../core/context.js';
import { reply, type Handler, type Router, type SandboxRequest } from '../../core/router.js';
import { badRequest, notFound } from '../../core/errors.js';
import { GraphError, throttled } from './errors.js';
import {
  apps,
  authenticate,
  graphUserOfGenesys,
  presenceSessions,
  setPersonStatus,
  clearPresence,
  clearUserPreferredPresence,
  EntraError,
  findGraphUser,
  getPresence,
  issueToken,
  PRESENCE_LIMITS,
  requireRole,
  seedGraph,
  setPresence,
  setUserPreferredPresence,
  peakPresenceWindow,
  takePresenceBudget,
  throttledPresenceCalls,
  type GraphCaller,
} from './models.js';

/**
 * Microsoft Graph and its token endpoint, each on its own path prefix standing for its own host:
 * `https://graph.microsoft.com/…` is served at `/graph/…`, `https://login.microsoftonline.com/…`
 * at `/entra/…`. Neither shares anything with the Genesys pipeline (tokens, errors, rate limit).
 */
export const GRAPH_HOSTS: Readonly<Record<string, string>> = {
  'graph.microsoft.com': '/graph',
  'login.microsoftonline.com': '/entra',
};

/** The sandbox path for a Graph or Entra URL (what a custom-rest data action calls), or undefined. */
export function graphPath(url: string): string | undefined {
  const m = /^https:\/\/([^/]+)(\/.*)?$/.exec(url);
  const prefix = m ? GRAPH_HOSTS[m[1]!.toLowerCase()] : undefined;
  return prefix ? `${prefix}${m![2] ?? '/'}` : undefined;
}

const VERSIONS = new Set(['v1.0', 'beta']);
const open = { auth: 'none' as const, rawBody: true };
const PRESENCE_READ = ['Presence.Read.All', 'Presence.ReadWrite.All'];
const PRESENCE_WRITE = ['Presence.ReadWrite.All'];
const USER_READ = ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All'];

function jsonBody(req: SandboxRequest): Record<string, unknown> {
  const text = req.rawBody.toString('utf8').trim();
  if (text === '') return {};
  try {
    const v: unknown = JSON.parse(text);
    if (v && typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
  } catch {
    // fall through to Graph's answer for a body it cannot read
  }
  throw new GraphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
}

/** A Graph call: version, token and (for presence) the throttle, then Graph's error body on failure. */
function graph(ctx: SandboxContext, run: (req: SandboxRequest, caller: GraphCaller) => unknown, opts: { presence: boolean }): Handler {
  return (req) => {
    try {
      if (!VERSIONS.has(req.params.version ?? '')) throw new GraphError(400, 'BadRequest', `Invalid version: ${req.params.version}`);
      const caller = authenticate(ctx, req.headers.authorization as string | undefined);
      if (opts.presence) {
        const wait = takePresenceBudget(ctx, caller);
        if (wait > 0) throw throttled(wait);
      }
      const out = run(req, caller);
      return out === undefined ? reply(200) : reply(200, out);
    } catch (e) {
      if (!(e instanceof GraphError)) throw e;
      return reply(e.status, e.body(ctx.clock.nowIso(), req.headers['client-request-id'] as string | undefined), e.headers);
    }
  };
}

const odata = (version: string, what: string) => `https://graph.microsoft.com/${version}/$metadata#${what}`;

function userView(ctx: SandboxContext, version: string, id: string) {
  const u = findGraphUser(ctx, id);
  return {
    '@odata.context': odata(version, 'users/$entity'),
    id: u.id,
    displayName: u.displayName,
    userPrincipalName: u.userPrincipalName,
    mail: u.mail,
    businessPhones: [],
    givenName: u.displayName.split(' ')[0] ?? null,
    surname: u.displayName.split(' ').slice(1).join(' ') || null,
    jobTitle: null,
    mobilePhone: null,
    officeLocation: null,
    preferredLanguage: null,
  };
}

function parseForm(req: SandboxRequest): Record<string, string> {
  const form = Object.fromEntries(new URLSearchParams(req.rawBody.toString('utf8')));
  // client_secret_basic: the credentials may come in the Authorization header instead.
  const m = /^Basic\s+(.+)$/i.exec((req.headers.authorization as string | undefined) ?? '');
  if (m) {
    const [id, ...secret] = Buffer.from(m[1]!, 'base64').toString('utf8').split(':');
    form.client_id ??= decodeURIComponent(id ?? '');
    form.client_secret ??= decodeURIComponent(secret.join(':'));
  }
  return form;
}

export const graphService: SandboxService = {
  name: 'graph',
  register(router: Router, ctx: SandboxContext) {
    router.post(
      '/entra/{tenant}/oauth2/v2.0/token',
      (req) => {
        try {
          return reply(200, issueToken(ctx, req.params.tenant!, parseForm(req)));
        } catch (e) {
          if (!(e instanceof EntraError)) throw e;
          return reply(e.status, { error: e.error, error_description: e.description, error_codes: e.codes, timestamp: ctx.clock.nowIso().replace('T', ' ').replace(/\.\d+Z$/, 'Z'), trace_id: req.correlationId, correlation_id: req.correlationId });
        }
      },
      open,
    );

    router.get('/graph/{version}/users/{userId}', graph(ctx, (req, c) => (requireRole(c, USER_READ), userView(ctx, req.params.version!, req.params.userId!)), { presence: false }), open);

    const presenceView = (version: string, id: string) => ({ '@odata.context': odata(version, `users('${id}')/presence/$entity`), ...getPresence(ctx, id) });
    const readOne = graph(ctx, (req, c) => (requireRole(c, PRESENCE_READ), presenceView(req.params.version!, req.params.userId!)), { presence: true });
    router.get('/graph/{version}/users/{userId}/presence', readOne, open);
    router.get('/graph/{version}/communications/presences/{userId}', readOne, open);

    router.post(
      '/graph/{version}/communications/getPresencesByUserId',
      graph(
        ctx,
        (req, c) => {
          requireRole(c, PRESENCE_READ);
          const ids = jsonBody(req).ids;
          if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string')) throw new GraphError(400, 'BadRequest', 'ids must be a list of user ids.');
          if (ids.length > PRESENCE_LIMITS.bulkIds) throw new GraphError(400, 'BadRequest', `A maximum of ${PRESENCE_LIMITS.bulkIds} user ids are supported per request.`);
          const value = (ids as string[]).flatMap((id) => {
            try {
              return [getPresence(ctx, id)];
            } catch {
              return [];
            }
          });
          return { '@odata.context': odata(req.params.version!, 'Collection(microsoft.graph.presence)'), value };
        },
        { presence: true },
      ),
      open,
    );

    const actions: Record<string, (req: SandboxRequest, c: GraphCaller) => void> = {
      setPresence: (req, c) => setPresence(ctx, c, req.params.userId!, jsonBody(req)),
      clearPresence: (req, c) => clearPresence(ctx, c, req.params.userId!, jsonBody(req)),
      setUserPreferredPresence: (req) => void setUserPreferredPresence(ctx, req.params.userId!, jsonBody(req)),
      clearUserPreferredPresence: (req) => void clearUserPreferredPresence(ctx, req.params.userId!),
    };
    for (const [name, act] of Object.entries(actions)) {
      const h = graph(ctx, (req, c) => (requireRole(c, PRESENCE_WRITE), act(req, c)), { presence: true });
      router.post(`/graph/{version}/users/{userId}/presence/${name}`, h, open);
      router.post(`/graph/{version}/communications/presences/{userId}/${name}`, h, open);
    }

    // The sandbox's own controls (not Graph): the app registration a kit configures, and the person.
    const control = { auth: 'none' as const };
    const person = (id: string) => {
      try {
        return graphUserOfGenesys(ctx, id) ?? findGraphUser(ctx, id);
      } catch {
        throw notFound(`No Teams user linked to ${id}`);
      }
    };
    router.get('/sandbox/v1/graph/app', () => {
      const app = apps(ctx).list()[0]!;
      return { tenantId: app.tenantId, clientId: app.id, clientSecret: app.secret, roles: app.roles };
    }, control);
    router.get('/sandbox/v1/graph/throttling', () => ({ limit: PRESENCE_LIMITS.requests, windowSeconds: PRESENCE_LIMITS.windowMs / 1000, peakWindow: peakPresenceWindow(ctx), throttled: throttledPresenceCalls(ctx) }), control);
    router.get('/sandbox/v1/graph/users/{userId}/presence', (req) => {
      const u = person(req.params.userId!);
      return { ...getPresence(ctx, u.id), genesysUserId: u.genesysUserId, sessions: presenceSessions(ctx, u.id) };
    }, control);
    router.post('/sandbox/v1/graph/users/{userId}/status', (req) => {
      const status = (req.body as { status?: unknown } | undefined)?.status;
      if (typeof status !== 'string' || status === '') throw badRequest('Give {"status": "<Teams status, e.g. DoNotDisturb, or Reset>"}');
      const u = person(req.params.userId!);
      return { ...setPersonStatus(ctx, u.id, status), genesysUserId: u.genesysUserId };
    }, control);
  },
  seed: seedGraph,
};
