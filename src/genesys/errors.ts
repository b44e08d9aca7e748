import { redact, redactValue } from './redact.js';
import { isZodError } from '../util/zod-error.js';

/**
 * One error type for everything that goes wrong talking to Genesys: HTTP status, Genesys `code`,
 * message, correlation id, and a hint that names the fix. Its message, hint and details are
 * redacted when it is built, and it holds nothing of the HTTP request (whose headers carry the
 * bearer token or the Basic credentials).
 */
export class GenesysError extends Error {
  readonly status: number;
  readonly code: string;
  readonly correlationId?: string;
  readonly hint?: string;
  readonly method?: string;
  readonly path?: string;
  /** Missing permission strings named by a 403. */
  readonly missingPermissions: string[];
  /**
   * True when a call that is not safe to repeat failed in a way that leaves unknown whether it
   * took effect (a 5xx, a dropped connection or a timeout after the request was sent), or when a
   * repeat of such a call was refused (409/404) after an earlier attempt may have applied it.
   * Callers re-read before trying again.
   */
  readonly ambiguous: boolean;
  readonly retryAfterSeconds?: number;
  /** HTTP attempts made, retries included. */
  readonly attempts: number;
  /** Genesys's error body, redacted. */
  readonly details: unknown;

  constructor(init: {
    status: number;
    code: string;
    message: string;
    correlationId?: string;
    hint?: string;
    method?: string;
    path?: string;
    missingPermissions?: string[];
    ambiguous?: boolean;
    retryAfterSeconds?: number;
    attempts?: number;
    details?: unknown;
  }) {
    super(redact(init.message));
    this.name = 'GenesysError';
    this.status = init.status;
    this.code = init.code;
    this.correlationId = init.correlationId;
    this.hint = init.hint ? redact(init.hint) : undefined;
    this.method = init.method;
    this.path = init.path;
    this.missingPermissions = init.missingPermissions ?? [];
    this.ambiguous = init.ambiguous ?? false;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.attempts = init.attempts ?? 1;
    this.details = init.details === undefined ? undefined : redactValue(init.details);
  }

  /** A copy with some fields changed (errors are immutable once thrown). */
  with(changes: Partial<{ ambiguous: boolean; attempts: number; hint: string }>): GenesysError {
    return new GenesysError({ ...this.init(), ...changes });
  }

  private init() {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      correlationId: this.correlationId,
      hint: this.hint,
      method: this.method,
      path: this.path,
      missingPermissions: this.missingPermissions,
      ambiguous: this.ambiguous,
      retryAfterSeconds: this.retryAfterSeconds,
      attempts: this.attempts,
      details: this.details,
    };
  }

  /** One line for humans: what failed, Genesys's words, and the fix. */
  oneLine(): string {
    const where = this.method && this.path ? `${this.method} ${this.path}: ` : '';
    const status = this.status ? `${this.status} ${this.code}` : this.code;
    const unknown = this.ambiguous ? ' (it may or may not have been applied: check before retrying)' : '';
    const text = `${where}${status}: ${this.message}${unknown}${this.hint ? ` — ${this.hint}` : ''}${this.correlationId ? ` (correlation id ${this.correlationId})` : ''}`;
    return redact(text.replace(/\s*\n\s*/g, ' '));
  }

  toJSON() {
    return {
      status: this.status,
      code: this.code,
      message: this.message,
      hint: this.hint,
      correlationId: this.correlationId,
      method: this.method,
      path: this.path,
      missingPermissions: this.missingPermissions.length ? this.missingPermissions : undefined,
      ambiguous: this.ambiguous || undefined,
      retryAfterSeconds: this.retryAfterSeconds,
      attempts: this.attempts,
    };
  }
}

/** The fields of Genesys's error body (and of the login service's) that presence-kit reads. */
export interface ErrorBody {
  message?: string;
  code?: string;
  status?: number;
  contextId?: string;
  messageParams?: Record<string, string>;
  error?: string;
  error_description?: string;
  description?: string;
}

const PERMISSION = /[\w*]+:[\w*]+:[\w*]+/g;

/** The permissions a 403 names: from `messageParams.permissions`, else from its message text. */
export function permissionsNamed(body: ErrorBody): string[] {
  const text = body.messageParams?.permissions ?? body.message?.split(/permission\(?s?\)?/i).slice(1).join(' ') ?? '';
  return [...new Set(text.match(PERMISSION) ?? [])];
}

export interface HintContext {
  /** The gateway URL (the sandbox), when the client points at one. */
  gateway?: string;
  /** The call that failed was the token request. */
  login?: boolean;
}

/** The fix for the common failures, in the words of the setting the user must change. */
export function hintFor(status: number, code: string, body: ErrorBody, context: HintContext = {}): string | undefined {
  const description = `${body.error_description ?? body.description ?? body.message ?? ''}`.toLowerCase();
  if (code === 'invalid_client' && /not found|unknown|does not exist/.test(description))
    return 'check GENESYSCLOUD_OAUTHCLIENT_ID (and GENESYSCLOUD_REGION): no OAuth client has that id there';
  if (code === 'invalid_client' && /not active|inactive|disabled/.test(description))
    return 'the OAuth client named by GENESYSCLOUD_OAUTHCLIENT_ID is inactive: activate it in Admin > OAuth';
  if (code === 'invalid_client' || (context.login && status === 401))
    return 'check GENESYSCLOUD_OAUTHCLIENT_SECRET (and GENESYSCLOUD_OAUTHCLIENT_ID): the client id/secret pair was refused';
  if (code === 'unauthorized_client') return 'the OAuth client must use the Client Credentials grant (CLIENT-CREDENTIALS)';
  if (code === 'bad.credentials' || (status === 401 && code !== 'authentication.required'))
    return 'the access token was refused even after logging in again: check GENESYSCLOUD_OAUTHCLIENT_ID/GENESYSCLOUD_OAUTHCLIENT_SECRET and that the client is active';
  if (code === 'missing.permissions' || code === 'missing.any.permissions') {
    const perms = permissionsNamed(body);
    const which = perms.length ? `${code === 'missing.any.permissions' && perms.length > 1 ? 'one of ' : ''}${perms.join(', ')}` : 'the permission named above';
    return `grant the OAuth client (GENESYSCLOUD_OAUTHCLIENT_ID) a role with ${which}`;
  }
  if (code === 'not.authorized') return 'the OAuth client is not allowed to do this: check its roles and their divisions';
  if (status === 429) return 'rate limited by Genesys: retry later (other clients of this org share its limits)';
  if (code === 'ENOTFOUND')
    return context.gateway
      ? `check GENESYSCLOUD_API_URL: the host of ${context.gateway} does not resolve`
      : 'check GENESYSCLOUD_REGION: its API host does not resolve (or there is no network)';
  if (code === 'EAI_AGAIN') return 'DNS lookup failed for now: check the network, then retry';
  if (code === 'ECONNREFUSED')
    return context.gateway
      ? `nothing answers at ${context.gateway}: start the sandbox (\`presence-kit sandbox\`) or fix/unset GENESYSCLOUD_API_URL`
      : 'the Genesys API host refused the connection: check GENESYSCLOUD_REGION and any proxy';
  if (code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code === 'request.timeout')
    return 'the request timed out; retry, or raise the timeout (PRESENCE_KIT_TIMEOUT_MS)';
  return undefined;
}

/** The Genesys Cloud status page, where an outage of a region is announced. */
export const STATUS_PAGE = 'https://status.mypurecloud.com';

/**
 * The fix for a call that failed for good after the retries (`final`), replacing the one given when
 * the answer arrived: only then is it known whether we waited and how often we tried.
 */
export function finalHint(err: GenesysError, final: { attempts: number; maxRetryAfterSeconds: number; now?: number }): string | undefined {
  const { attempts, maxRetryAfterSeconds } = final;
  const retryAfter = err.retryAfterSeconds;
  if ((err.status === 429 || err.status === 503) && retryAfter !== undefined && retryAfter > maxRetryAfterSeconds) {
    const at = new Date((final.now ?? Date.now()) + retryAfter * 1000).toISOString().slice(11, 19);
    return `Genesys asked to wait ${retryAfter} s before trying again (Retry-After), more than the ${maxRetryAfterSeconds} s presence-kit waits, so it did not wait: run the command again after ${at} UTC`;
  }
  if (err.status === 429) return `still rate limited by Genesys after ${attempts} attempts, each after the wait it asked for: retry later (other clients of this org share its limits); --debug shows each wait`;
  const serverDown = (err.status >= 500 && err.status !== 501) || (err.status === 0 && !['ENOTFOUND', 'ECONNREFUSED'].includes(err.code) && err.hint === undefined);
  if (serverDown && attempts > 1)
    return `the service kept failing for ${attempts} attempts: retry later, run with --debug to see each attempt, and check ${STATUS_PAGE} for an incident in your region`;
  return err.hint;
}

/**
 * Anything thrown, as the one line a user reads: a GenesysError's own line (status, code, fix),
 * a zod issue as `path: message`, else the first line of the message — never a stack trace, and
 * always redacted, because these lines reach terminals, reports and JSON output.
 */
export function errorLine(err: unknown): string {
  if (err instanceof GenesysError) return err.oneLine();
  if (isZodError(err)) {
    const i = err.issues[0];
    return redact(`${i?.path.length ? i.path.join('.') + ': ' : ''}${i?.message ?? 'invalid input'}`);
  }
  if (err instanceof Error) return redact(err.message.split('\n')[0] ?? String(err));
  return redact(String(err).split('\n')[0] ?? '');
}
