import { isIP } from 'node:net';
import { ApiError } from './errors.js';

/**
 * The sandbox answers only its own host and origin. Its control API (`/sandbox/v1/*`) has no token
 * by design, and some of it hands out secrets (the Entra app's), so two browser attacks matter:
 * - DNS rebinding: a page on `attacker.example` re-points its name at 127.0.0.1 and then reads the
 *   sandbox as same-origin — its requests carry `Host: attacker.example`. Only names that cannot be
 *   rebound are answered (as local dev servers do, e.g. Vite's `server.allowedHosts`): `localhost`,
 *   `*.localhost`, IP literals, the address it was bound to, and names the user allowed.
 * - Cross-origin writes: any page can POST a "simple" request (`text/plain`, no preflight) to
 *   127.0.0.1 — the browser only hides the answer. A write whose `Origin` is not the sandbox's own
 *   is refused. Programs (the SDK, newman, curl) send no `Origin`, so they are unaffected.
 */

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const WILDCARD_ADDRESSES = new Set(['0.0.0.0', '::', '']);

/** The hostname of a `Host` header value (`name:port`, `[v6]:port`), lower-cased. */
export function hostnameOf(hostHeader: string): string {
  const h = hostHeader.trim().toLowerCase();
  if (h.startsWith('[')) return h.slice(1, h.indexOf(']') > 0 ? h.indexOf(']') : undefined);
  return h.replace(/:\d*$/, '');
}

/** True for an address that only this machine reaches (127.0.0.0/8, ::1, localhost). */
export function isLoopback(host: string): boolean {
  const h = hostnameOf(host);
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' || /^127\.\d+\.\d+\.\d+$/.test(h);
}

/** A name a DNS answer cannot re-point: localhost, an IP literal, or one the user allowed. */
function hostAllowed(hostname: string, bound: string, extra: readonly string[]): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost') || isIP(hostname) !== 0) return true;
  if (!WILDCARD_ADDRESSES.has(bound) && hostname === hostnameOf(bound)) return true;
  return extra.some((e) => e.toLowerCase() === hostname);
}

const refused = (message: string) => new ApiError(403, 'sandbox.request.refused', message);

/**
 * The guard for requests arriving over the network (never the sandbox's own in-process calls):
 * undefined to serve the request, else the 403 to answer.
 */
export function requestGuard(bound: string, allowedHosts: readonly string[] = []) {
  return (method: string, headers: Record<string, string | undefined>): ApiError | undefined => {
    const host = headers.host;
    // A browser always sends Host; a request without one did not come from a page.
    if (host !== undefined && !hostAllowed(hostnameOf(host), bound, allowedHosts))
      return refused(`Host "${hostnameOf(host)}" is not this sandbox's: use 127.0.0.1 or localhost, or start it with --allow-host ${hostnameOf(host)} (DNS rebinding protection)`);
    const origin = headers.origin;
    if (origin === undefined || SAFE_METHODS.has(method.toUpperCase())) return undefined;
    if (host !== undefined && sameOrigin(origin, host)) return undefined;
    return refused(`cross-origin ${method.toUpperCase()} from ${origin} refused: the sandbox's control and API accept writes only from its own origin`);
  };
}

function sameOrigin(origin: string, host: string): boolean {
  try {
    const u = new URL(origin);
    return (u.protocol === 'http:' || u.protocol === 'ws:') && u.host === host.trim().toLowerCase();
  } catch {
    // "null" (a sandboxed frame, a file:// page) and anything unparsable is foreign.
    return false;
  }
}
