import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../core/context.js';
import { credentialOf, integrations, type ActionRecord } from '../../services/integrations/models.js';
import { authActionOf, isAuthAction } from '../../services/integrations/auth-action.js';
import { graphPath } from '../../services/graph/routes.js';
import { flatten } from '../archy/interpreter.js';
import { validate } from './schema.js';
import { applyTranslationMap } from './translate.js';
import { renderTemplate, TemplateError } from './velocity.js';

/**
 * Runs a data action as Genesys Cloud Data Actions does: log in as the integration's credential
 * (a client-credentials OAuth client — its roles decide what succeeds), render the request with
 * Velocity, call the org's own API (here: the sandbox, through its full pipeline), then apply the
 * translation map and success template and check the result against the output contract.
 * Failures carry the data-action error shape flows bind as failure outputs.
 */
export interface ActionFailure {
  status: number;
  errorCode: string;
  userMessage: string;
  correlationId: string;
  entityId?: string;
  entityName?: string;
  userParams: Array<{ key: string; value: string }>;
  details: Array<{ errorCode: string; fieldName?: string; entityId?: string; entityName?: string }>;
  errors: Array<Record<string, unknown>>;
}

export interface TestOperation {
  step: number;
  name: string;
  success: boolean;
  result?: unknown;
  error?: { message: string; code: string; status: number };
}

export interface ExecutionTrace {
  request?: { method: string; url: string; headers: Record<string, string>; body?: string };
  response?: { status: number; body: unknown };
  operations: TestOperation[];
}

export type ExecutionResult = ({ ok: true; output: Record<string, unknown> } | { ok: false; error: ActionFailure }) & { trace: ExecutionTrace };

const STATUS_CODES: Record<number, string> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  409: 'CONFLICT',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'TOO_MANY_REQUESTS',
  500: 'INTERNAL_SERVER_ERROR',
  503: 'SERVICE_UNAVAILABLE',
  504: 'GATEWAY_TIMEOUT',
};
const codeFor = (status: number) => STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST');

interface CachedToken {
  token: string;
  expiresAt: number;
  key: string;
}
const tokenCache = new WeakMap<SandboxContext, Map<string, CachedToken>>();

function failure(status: number, errorCode: string, userMessage: string, detailCode: string, extra: Partial<ActionFailure> = {}): ActionFailure {
  const correlationId = randomUUID();
  return { status, errorCode, userMessage, correlationId, userParams: [], details: [{ errorCode: detailCode }], errors: [], ...extra };
}

async function login(ctx: SandboxContext, credentialId: string, clientId: string, clientSecret: string): Promise<{ ok: true; token: string } | { ok: false; error: ActionFailure }> {
  const cache = tokenCache.get(ctx) ?? new Map<string, CachedToken>();
  tokenCache.set(ctx, cache);
  const key = `${clientId}:${clientSecret}`;
  const hit = cache.get(credentialId);
  // Re-login a minute before expiry, and whenever the credential's fields changed.
  if (hit && hit.key === key && hit.expiresAt - 60_000 > ctx.clock.now()) return { ok: true, token: hit.token };
  const res = await ctx.dispatch({
    method: 'POST',
    path: '/oauth/token',
    headers: { Authorization: `Basic ${Buffer.from(key).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials',
  });
  if (res.status !== 200) {
    const f = failure(400, 'INVALID_CREDENTIALS', 'There was an issue validating the credentials.', 'ACTION.AUTHENTICATION');
    f.errors.push({ errorCode: 'INVALID_CREDENTIALS', status: res.status, userMessage: `Request to backend service failed. Response from web service: ${res.body} [${f.correlationId}]`, userParams: [], details: [], errors: [] });
    return { ok: false, error: f };
  }
  const body = JSON.parse(res.body) as { access_token: string; expires_in: number };
  cache.set(credentialId, { token: body.access_token, expiresAt: ctx.clock.now() + body.expires_in * 1000, key });
  return { ok: true, token: body.access_token };
}

function renderStep(ops: TestOperation[], name: string, fn: () => string): { ok: true; text: string } | { ok: false; error: ActionFailure } {
  try {
    const text = fn();
    ops.push({ step: ops.length + 1, name, success: true, result: text });
    return { ok: true, text };
  } catch (e) {
    const msg = e instanceof TemplateError ? e.message : (e as Error).message;
    ops.push({ step: ops.length + 1, name, success: false, error: { message: msg, code: 'BAD_REQUEST', status: 400 } });
    return { ok: false, error: failure(400, 'BAD_REQUEST', `${name} failed: ${msg}`, 'ACTION.PROCESSING') };
  }
}

/** The path the Genesys Cloud Data Actions integration calls: its templates name the org's API, relative or on the org's host. */
function apiPath(ctx: SandboxContext, url: string): string | undefined {
  if (url.startsWith('/')) return url;
  const base = ctx.baseUrl();
  if (base && url.startsWith(base)) return url.slice(base.length) || '/';
  const m = /^https?:\/\/api\.[^/]+(\/.*)$/.exec(url);
  return m ? m[1] : undefined;
}

/** Header values that carry secrets never reach a trace. */
const redactHeaders = (headers: Record<string, string>): Record<string, string> => ({
  ...Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, /^(authorization|x-api-key|cookie)$/i.test(k) ? '********' : v])),
  Authorization: '********',
});

interface CachedAuth {
  key: string;
  response: Record<string, unknown>;
  expiresAt: number;
}
const authCache = new WeakMap<SandboxContext, Map<string, CachedAuth>>();

/**
 * User Defined (OAuth): run the integration's auth action with the credential's fields and keep
 * its answer until `expires_in` runs out (or the fields change), as Genesys caches it.
 */
async function customAuth(
  ctx: SandboxContext,
  integrationId: string,
  credentialId: string,
  fields: Record<string, string>,
): Promise<{ ok: true; response: Record<string, unknown> } | { ok: false; error: ActionFailure }> {
  const cache = authCache.get(ctx) ?? new Map<string, CachedAuth>();
  authCache.set(ctx, cache);
  const key = JSON.stringify(fields);
  const hit = cache.get(credentialId);
  if (hit && hit.key === key && hit.expiresAt - 60_000 > ctx.clock.now()) return { ok: true, response: hit.response };
  const authAction = authActionOf(ctx, integrationId);
  const denied = (detail: string) => {
    const f = failure(400, 'INVALID_CREDENTIALS', 'There was an issue validating the credentials.', 'ACTION.AUTHENTICATION');
    f.errors.push({ errorCode: 'INVALID_CREDENTIALS', status: 400, userMessage: detail, userParams: [], details: [], errors: [] });
    return { ok: false as const, error: f };
  };
  if (!authAction) return denied('The integration has no authentication action.');
  const r = authAction.config.request;
  let url: string, body: string;
  const headers: Record<string, string> = {};
  try {
    url = renderTemplate(r.requestUrlTemplate, { credentials: fields });
    for (const [k, v] of Object.entries(r.headers ?? {})) headers[k] = renderTemplate(v, { credentials: fields });
    body = renderTemplate(r.requestTemplate ?? '', { credentials: fields });
  } catch (e) {
    return denied(`The authentication action's templates failed: ${(e as Error).message}`);
  }
  const path = graphPath(url);
  if (!path) return denied(`The authentication URL '${url}' is not on a host the sandbox serves.`);
  // `Transfer-Encoding: buffered` in the original export is an instruction to Genesys's HTTP client, not a header to send.
  delete headers['Transfer-Encoding'];
  const res = await ctx.dispatch({ method: r.requestType, path, headers, body });
  if (res.status >= 400) return denied(`Request to backend service failed. Response from web service: ${res.body}`);
  let parsed: Record<string, unknown>;
  try {
    parsed = JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    return denied('The authentication response is not JSON.');
  }
  const seconds = Number(parsed.expires_in ?? 3600);
  cache.set(credentialId, { key, response: parsed, expiresAt: ctx.clock.now() + seconds * 1000 });
  return { ok: true, response: parsed };
}

export async function executeAction(ctx: SandboxContext, action: ActionRecord, input: Record<string, unknown>): Promise<ExecutionResult> {
  const trace: ExecutionTrace = { operations: [] };
  const ops = trace.operations;
  const fail = (error: ActionFailure): ExecutionResult => ({ ok: false, error, trace });

  const integration = integrations(ctx).get(action.integrationId);
  if (!integration) return fail(failure(404, 'NOT_FOUND', `The integration ${action.integrationId} of action '${action.name}' no longer exists.`, 'ACTION.PROCESSING'));
  if (integration.intendedState !== 'ENABLED')
    return fail(failure(400, 'BAD_REQUEST', `The integration '${integration.name}' is not active (intendedState ${integration.intendedState}): set it to ENABLED.`, 'ACTION.PROCESSING', { entityId: integration.id, entityName: integration.name }));
  if (isAuthAction(action))
    return fail(failure(400, 'BAD_REQUEST', `'${action.name}' is an authentication action: its integration runs it, it cannot be executed.`, 'ACTION.PROCESSING'));
  const webServices = integration.integrationType.id === 'custom-rest-actions';
  if (integration.integrationType.id !== 'purecloud-data-actions' && !webServices)
    return fail(failure(400, 'BAD_REQUEST', `The sandbox runs Genesys Cloud Data Actions and Web Services Data Actions only; '${integration.name}' is ${integration.integrationType.id}.`, 'ACTION.REMOTE_ENDPOINT'));

  const inputErr = validate(input, action.contract.input.inputSchema);
  if (inputErr) return fail(failure(400, 'BAD_REQUEST', `The input does not match the action's input contract: ${inputErr}`, 'ACTION.PROCESSING'));

  const credential = credentialOf(ctx, integration);
  // Genesys Cloud Data Actions log in as the credential's OAuth client; Web Services ones expose
  // the credential's fields to the templates (`${credentials.x}`) and, for User Defined (OAuth),
  // the integration's auth action's answer (`${authResponse.x}`).
  let bearer: string | undefined;
  const templateContext: Record<string, unknown> = {};
  if (webServices) {
    templateContext.credentials = credential?.credentialFields ?? {};
    if (credential?.type.name === 'userDefinedOAuth') {
      const auth = await customAuth(ctx, integration.id, credential.id, credential.credentialFields);
      if (!auth.ok) return fail(auth.error);
      templateContext.authResponse = auth.response;
    }
  } else {
    const clientId = credential?.credentialFields.clientId;
    const clientSecret = credential?.credentialFields.clientSecret;
    if (!credential || !clientId || !clientSecret)
      return fail(failure(400, 'INVALID_CREDENTIALS', `The integration '${integration.name}' has no pureCloudOAuthClient credential with clientId and clientSecret.`, 'ACTION.AUTHENTICATION'));
    const auth = await login(ctx, credential.id, clientId, clientSecret);
    if (!auth.ok) return fail(auth.error);
    bearer = auth.token;
  }

  const inputContext = { ...input, rawRequest: JSON.stringify(input) };
  const req = action.config.request;
  const ctxOf = () => ({ ...templateContext, input: inputContext });
  const url = renderStep(ops, 'Resolve request URL template', () => renderTemplate(req.requestUrlTemplate, ctxOf()));
  if (!url.ok) return fail(url.error);
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers ?? {})) {
    const h = renderStep(ops, `Resolve header '${k}'`, () => renderTemplate(v, ctxOf()));
    if (!h.ok) return fail(h.error);
    headers[k] = h.text;
  }
  const hasBody = ['POST', 'PUT', 'PATCH'].includes(req.requestType);
  let body: string | undefined;
  if (hasBody) {
    const b = renderStep(ops, 'Resolve request body template', () => renderTemplate(req.requestTemplate ?? '${input.rawRequest}', ctxOf()));
    if (!b.ok) return fail(b.error);
    body = b.text;
  }
  const path = webServices ? graphPath(url.text) : apiPath(ctx, url.text);
  trace.request = { method: req.requestType, url: url.text, headers: redactHeaders(headers), ...(body !== undefined ? { body } : {}) };
  if (!path) {
    ops.push({ step: ops.length + 1, name: 'Execute', success: false, error: { message: `unreachable URL ${url.text}`, code: 'BAD_REQUEST', status: 400 } });
    const what = webServices ? 'on a host the sandbox serves (graph.microsoft.com, login.microsoftonline.com)' : 'a Genesys Cloud API path';
    return fail(failure(400, 'BAD_REQUEST', `The request URL '${url.text}' is not ${what}.`, 'ACTION.REMOTE_ENDPOINT'));
  }

  const res = await ctx.dispatch({
    method: req.requestType,
    path,
    headers: { ...(hasBody ? { 'Content-Type': 'application/json' } : {}), ...headers, ...(bearer ? { Authorization: `Bearer ${bearer}` } : {}) },
    body,
  });
  let parsed: unknown = {};
  let parseError = false;
  if (res.body.trim() !== '') {
    try {
      parsed = JSON.parse(res.body);
    } catch {
      parseError = true;
      parsed = res.body;
    }
  }
  trace.response = { status: res.status, body: parsed };
  if (res.status >= 400 || parseError) {
    const status = parseError && res.status < 400 ? 400 : res.status;
    const remote = parsed && typeof parsed === 'object' ? (parsed as { message?: string }) : {};
    const f = failure(status, codeFor(status), parseError ? 'The request could not be understood by the server due to malformed syntax.' : (remote.message ?? `Remote endpoint answered ${res.status}`), 'ACTION.REMOTE_ENDPOINT');
    f.errors.push({
      status,
      errorCode: codeFor(status),
      userMessage: `REST call for action execute failed. Message: Request to backend service failed. Response from web service: ${res.body} [${f.correlationId}]`,
      userParams: [],
      details: [],
      errors: [],
    });
    ops.push({ step: ops.length + 1, name: 'Execute', success: false, error: { message: f.userMessage, code: f.errorCode, status } });
    return fail(f);
  }
  ops.push({ step: ops.length + 1, name: 'Execute', success: true, result: parsed });

  const translated = applyTranslationMap(parsed, action.config.response.translationMap, action.config.response.translationMapDefaults);
  if (!translated.ok) {
    ops.push({ step: ops.length + 1, name: 'Resolve translation map', success: false, error: { message: translated.message, code: 'BAD_REQUEST', status: 400 } });
    return fail(failure(400, 'BAD_REQUEST', translated.message, 'ACTION.PROCESSING'));
  }
  ops.push({ step: ops.length + 1, name: 'Resolve translation map', success: true, result: translated.vars });
  const success = renderStep(ops, 'Resolve success template', () => renderTemplate(action.config.response.successTemplate ?? '${rawResult}', { ...translated.vars, rawResult: res.body.trim() === '' ? '{}' : res.body }));
  if (!success.ok) return fail(success.error);
  let output: unknown;
  try {
    output = JSON.parse(success.text);
  } catch {
    const msg = `The success template did not produce valid JSON: ${success.text.slice(0, 200)}`;
    ops.push({ step: ops.length + 1, name: 'Validate output against schema', success: false, error: { message: msg, code: 'BAD_REQUEST', status: 400 } });
    return fail(failure(400, 'BAD_REQUEST', msg, 'ACTION.PROCESSING'));
  }
  const schemaErr = !output || typeof output !== 'object' || Array.isArray(output) ? '$: expected object' : validate(output, action.contract.output.successSchema);
  if (schemaErr) {
    const msg = `The result does not match the action's output contract: ${schemaErr}`;
    ops.push({ step: ops.length + 1, name: 'Validate output against schema', success: false, error: { message: msg, code: 'BAD_REQUEST', status: 400 } });
    return fail(failure(400, 'BAD_REQUEST', msg, 'ACTION.PROCESSING'));
  }
  ops.push({ step: ops.length + 1, name: 'Validate output against schema', success: true, result: output });
  return { ok: true, output: output as Record<string, unknown>, trace };
}

/** `?flatten=true`: the output as Architect sees it (`a.b` keys). */
export const flattenOutput = (output: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(flatten(output)).filter(([, v]) => !(v && typeof v === 'object' && !Array.isArray(v))));
