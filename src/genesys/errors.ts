import { redact } from './redact.js';

/**
 * One error type for everything that goes wrong talking to Genesys: HTTP status, Genesys `code`,
 * message, correlation id, and a hint that names the fix. Its message is already redacted.
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
   * True when a non-idempotent call failed in a way that leaves unknown whether it took effect
   * (a 5xx/timeout after the request was sent). Callers re-read before trying again.
   */
  readonly ambiguous: boolean;
  readonly retryAfterSeconds?: number;
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
    this.details = init.details;
  }

  /** One line for humans: what failed, Genesys's words, and the fix. */
  oneLine(): string {
    const where = this.method && this.path ? `${this.method} ${this.path}: ` : '';
    const status = this.status ? `${this.status} ${this.code}` : this.code;
    return redact(`${where}${status}: ${this.message}${this.hint ? ` — ${this.hint}` : ''}${this.correlationId ? ` (correlation id ${this.correlationId})` : ''}`);
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
    };
  }
}

interface ErrorBody {
  message?: string;
  code?: string;
  status?: number;
  contextId?: string;
  messageParams?: Record<string, string>;
  error?: string;
  error_description?: string;
  description?: string;
}

/** `[a, b]` or `a, b` inside Genesys's 403 text, or its messageParams. */
export function permissionsNamed(body: ErrorBody): string[] {
  const fromParams = body.messageParams?.permissions;
  const text = fromParams ?? /\[([^\]]+)\]/.exec(body.message ?? '')?.[1] ?? '';
  return text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => /^[\w*]+:[\w*]+:[\w*]+$/.test(s));
}

export function hintFor(status: number, code: string, body: ErrorBody, context: { gateway?: string }): string | undefined {
  if (code === 'invalid_client' || code === 'bad.credentials' || (status === 401 && code !== 'authentication.required'))
    return 'check GENESYSCLOUD_OAUTHCLIENT_SECRET (and GENESYSCLOUD_OAUTHCLIENT_ID): the client id/secret pair was refused';
  if (code === 'unauthorized_client') return 'the OAuth client must use the Client Credentials grant (CLIENT-CREDENTIALS)';
  if (code === 'missing.permissions' || code === 'missing.any.permissions') {
    const perms = permissionsNamed(body);
    return `grant the OAuth client a role with ${code === 'missing.any.permissions' ? 'one of ' : ''}${perms.join(', ') || 'the permission named above'}`;
  }
  if (status === 429) return 'rate limited by Genesys; lower the request rate (--rate-limit) or retry later';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'check GENESYSCLOUD_REGION (or GENESYSCLOUD_API_URL): the host does not resolve';
  if (code === 'ECONNREFUSED')
    return context.gateway
      ? `nothing answers at ${context.gateway}: start it with \`presence-kit sandbox\` or unset GENESYSCLOUD_API_URL`
      : 'check GENESYSCLOUD_REGION: the API host refused the connection';
  if (code === 'ETIMEDOUT' || code === 'ECONNABORTED' || code === 'request.timeout') return 'the request timed out; retry, or raise --timeout';
  return undefined;
}
