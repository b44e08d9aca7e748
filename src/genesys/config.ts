import { registerBasicCredentials, registerSecret } from './redact.js';
import { resolveRegion, UnknownRegionError, type Region } from './regions.js';
import type { Connection, ProxySettings } from './client.js';

/**
 * The connection settings CX as Code users already have: GENESYSCLOUD_OAUTHCLIENT_ID,
 * GENESYSCLOUD_OAUTHCLIENT_SECRET, GENESYSCLOUD_REGION, or GENESYSCLOUD_ACCESS_TOKEN instead of the
 * client pair; a gateway as GENESYSCLOUD_GATEWAY_* (CX as Code's names) or GENESYSCLOUD_API_URL
 * (ours, one URL — the sandbox prints it); a proxy as GENESYSCLOUD_PROXY_* (else the SDK's axios
 * reads HTTPS_PROXY / HTTP_PROXY / NO_PROXY). With none of them set, a command runs against the
 * embedded sandbox only when it is chosen (`--sandbox`, or the wizard's answer).
 * PRESENCE_KIT_RATE_LIMIT (requests/min, default 300), PRESENCE_KIT_CONCURRENCY (default 8) and
 * PRESENCE_KIT_TIMEOUT_MS (default 30000) tune the client.
 */
export const ENV = {
  clientId: 'GENESYSCLOUD_OAUTHCLIENT_ID',
  clientSecret: 'GENESYSCLOUD_OAUTHCLIENT_SECRET',
  region: 'GENESYSCLOUD_REGION',
  apiUrl: 'GENESYSCLOUD_API_URL',
  accessToken: 'GENESYSCLOUD_ACCESS_TOKEN',
  gatewayHost: 'GENESYSCLOUD_GATEWAY_HOST',
  gatewayPort: 'GENESYSCLOUD_GATEWAY_PORT',
  gatewayProtocol: 'GENESYSCLOUD_GATEWAY_PROTOCOL',
  gatewayPathName: 'GENESYSCLOUD_GATEWAY_PATH_NAME',
  gatewayPathValue: 'GENESYSCLOUD_GATEWAY_PATH_VALUE',
  proxyHost: 'GENESYSCLOUD_PROXY_HOST',
  proxyPort: 'GENESYSCLOUD_PROXY_PORT',
  proxyProtocol: 'GENESYSCLOUD_PROXY_PROTOCOL',
  proxyUser: 'GENESYSCLOUD_PROXY_AUTH_USERNAME',
  proxyPassword: 'GENESYSCLOUD_PROXY_AUTH_PASSWORD',
  rateLimit: 'PRESENCE_KIT_RATE_LIMIT',
  concurrency: 'PRESENCE_KIT_CONCURRENCY',
  timeoutMs: 'PRESENCE_KIT_TIMEOUT_MS',
} as const;

/** A setting the user must fix; its message is one line naming the variable. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/**
 * No GENESYSCLOUD_* and no `--sandbox`: a command that would write stops here, naming both ways on.
 * The embedded sandbox is never fallen into — a CI job whose secret was not injected must fail.
 */
export class NoTargetError extends ConfigError {
  constructor() {
    super(
      `no Genesys Cloud org to work on: GENESYSCLOUD_* are not set and --sandbox was not given — set ${ENV.clientId}, ${ENV.clientSecret} and ${ENV.region} for your org, or pass --sandbox for the embedded sandbox`,
    );
    this.name = 'NoTargetError';
  }
}

export type EnvTarget = { kind: 'sandbox' } | { kind: 'org'; connection: Connection };

const get = (env: NodeJS.ProcessEnv, name: string): string | undefined => {
  const v = env[name]?.trim();
  return v ? v : undefined;
};

/** Reads the environment: an org connection, or "use the embedded sandbox" when nothing is set. */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): EnvTarget {
  const clientId = get(env, ENV.clientId);
  const clientSecret = get(env, ENV.clientSecret);
  const regionName = get(env, ENV.region);
  const apiUrl = get(env, ENV.apiUrl);
  const accessToken = get(env, ENV.accessToken);
  const gatewayHost = get(env, ENV.gatewayHost);
  if (!clientId && !clientSecret && !regionName && !apiUrl && !accessToken && !gatewayHost) return { kind: 'sandbox' };
  if (clientSecret) registerBasicCredentials(clientId ?? '', clientSecret);
  if (accessToken) registerSecret(accessToken);

  const gatewayUrl = gatewayFromEnv(env, apiUrl);
  const missing: string[] = [];
  if (!accessToken && !clientId) missing.push(ENV.clientId);
  if (!accessToken && !clientSecret) missing.push(ENV.clientSecret);
  if (!regionName && !gatewayUrl) missing.push(ENV.region);
  if (missing.length) {
    const what = missing.map((m) => `${m} (${PURPOSE[m]})`).join(', ');
    throw new ConfigError(`${missing.length === 1 ? `${missing[0]} is` : `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)} are`} not set: set ${what}, or unset every GENESYSCLOUD_* variable to use the embedded sandbox`);
  }
  let region: Region | undefined;
  if (!gatewayUrl) {
    try {
      region = resolveRegion(regionName!);
    } catch (err) {
      throw new ConfigError((err as UnknownRegionError).message);
    }
  }
  return {
    kind: 'org',
    connection: {
      // With a token the client id is read from GET /api/v2/tokens/me; the secret is not used.
      clientId: clientId ?? '',
      clientSecret: accessToken ? '' : clientSecret!,
      ...(accessToken ? { accessToken } : {}),
      ...proxyFromEnv(env),
      region,
      gatewayUrl,
      ...clientTuning(env),
    },
  };
}

/** PRESENCE_KIT_RATE_LIMIT, _CONCURRENCY and _TIMEOUT_MS, checked (one line naming a bad one) for an org and the embedded sandbox alike. */
export function clientTuning(env: NodeJS.ProcessEnv = process.env): { requestsPerMinute?: number; concurrency?: number; timeoutMs?: number } {
  return {
    requestsPerMinute: wholeNumber(env, ENV.rateLimit, 0),
    concurrency: wholeNumber(env, ENV.concurrency, 1),
    timeoutMs: wholeNumber(env, ENV.timeoutMs, 1),
  };
}

const PURPOSE: Record<string, string> = {
  [ENV.clientId]: `the OAuth client id, Client Credentials grant — or ${ENV.accessToken}`,
  [ENV.clientSecret]: 'its client secret',
  [ENV.region]: "your org's region, e.g. us-east-1 or mypurecloud.ie",
};

/**
 * The gateway: GENESYSCLOUD_API_URL, or CX as Code's GENESYSCLOUD_GATEWAY_HOST (+ _PORT, _PROTOCOL,
 * and _PATH_VALUE as the base path; presence-kit uses one path for login and API, so _PATH_NAME
 * may only be "api" or "login"). Both set and different is refused: which one was meant is unclear.
 */
function gatewayFromEnv(env: NodeJS.ProcessEnv, apiUrl: string | undefined): string | undefined {
  const host = get(env, ENV.gatewayHost);
  const fromApiUrl = apiUrl === undefined ? undefined : parseGatewayUrl(apiUrl);
  if (!host) {
    for (const name of [ENV.gatewayPort, ENV.gatewayProtocol, ENV.gatewayPathName, ENV.gatewayPathValue])
      if (get(env, name)) throw new ConfigError(`${name} is set but ${ENV.gatewayHost} is not: set the gateway's host too, or unset ${name}`);
    return fromApiUrl;
  }
  const protocol = (get(env, ENV.gatewayProtocol) ?? 'https').toLowerCase().replace(/:$/, '');
  if (protocol !== 'http' && protocol !== 'https') throw new ConfigError(`${ENV.gatewayProtocol} "${protocol}" is not http or https`);
  const port = get(env, ENV.gatewayPort);
  if (port !== undefined && !/^\d{1,5}$/.test(port)) throw new ConfigError(`${ENV.gatewayPort} "${port}" is not a port number`);
  const pathName = get(env, ENV.gatewayPathName);
  if (pathName !== undefined && !['api', 'login'].includes(pathName.toLowerCase()))
    throw new ConfigError(`${ENV.gatewayPathName} "${pathName}" is not "api" or "login" (presence-kit uses ${ENV.gatewayPathValue} as the base path of both)`);
  const path = (get(env, ENV.gatewayPathValue) ?? '').replace(/^\/*/, '/').replace(/\/+$/, '');
  const url = parseGatewayUrl(`${protocol}://${host}${port ? `:${port}` : ''}${path === '/' ? '' : path}`, ENV.gatewayHost);
  if (fromApiUrl && fromApiUrl !== url) throw new ConfigError(`${ENV.apiUrl} (${fromApiUrl}) and ${ENV.gatewayHost}… (${url}) name different gateways: keep one`);
  return url;
}

/** CX as Code's GENESYSCLOUD_PROXY_*: a forward proxy for every call, also the login and presigned URLs. */
function proxyFromEnv(env: NodeJS.ProcessEnv): { proxy?: ProxySettings } {
  const host = get(env, ENV.proxyHost);
  if (!host) return {};
  const protocol = (get(env, ENV.proxyProtocol) ?? 'http').toLowerCase().replace(/:$/, '');
  if (protocol !== 'http' && protocol !== 'https') throw new ConfigError(`${ENV.proxyProtocol} "${protocol}" is not http or https`);
  const portText = get(env, ENV.proxyPort) ?? (protocol === 'https' ? '443' : '80');
  if (!/^\d{1,5}$/.test(portText)) throw new ConfigError(`${ENV.proxyPort} "${portText}" is not a port number`);
  const username = get(env, ENV.proxyUser);
  const password = get(env, ENV.proxyPassword);
  if (password) registerSecret(password);
  if (Boolean(username) !== Boolean(password)) throw new ConfigError(`set both ${ENV.proxyUser} and ${ENV.proxyPassword}, or neither`);
  return { proxy: { protocol, host, port: Number(portText), ...(username && password ? { auth: { username, password } } : {}) } };
}

function parseGatewayUrl(value: string, name: string = ENV.apiUrl): string {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    return u.toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(`${name} "${value}" is not an http(s) URL: use e.g. http://127.0.0.1:8787`);
  }
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const v = get(env, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new ConfigError(`${name} "${v.slice(0, 40)}" is not a whole number ≥ ${min}`);
  return Number(v);
}
