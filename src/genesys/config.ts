import { registerBasicCredentials } from './redact.js';
import { resolveRegion, UnknownRegionError, type Region } from './regions.js';
import type { Connection } from './client.js';

/**
 * The connection settings CX as Code users already have: GENESYSCLOUD_OAUTHCLIENT_ID,
 * GENESYSCLOUD_OAUTHCLIENT_SECRET, GENESYSCLOUD_REGION, plus GENESYSCLOUD_API_URL for a gateway
 * (the sandbox). With none of them set, commands run against the embedded sandbox.
 * PRESENCE_KIT_RATE_LIMIT (requests/min, default 300), PRESENCE_KIT_CONCURRENCY (default 8) and
 * PRESENCE_KIT_TIMEOUT_MS (default 30000) tune the client.
 */
export const ENV = {
  clientId: 'GENESYSCLOUD_OAUTHCLIENT_ID',
  clientSecret: 'GENESYSCLOUD_OAUTHCLIENT_SECRET',
  region: 'GENESYSCLOUD_REGION',
  apiUrl: 'GENESYSCLOUD_API_URL',
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
  if (!clientId && !clientSecret && !regionName && !apiUrl) return { kind: 'sandbox' };
  if (clientSecret) registerBasicCredentials(clientId ?? '', clientSecret);

  const gatewayUrl = apiUrl === undefined ? undefined : parseGatewayUrl(apiUrl);
  const missing: string[] = [];
  if (!clientId) missing.push(ENV.clientId);
  if (!clientSecret) missing.push(ENV.clientSecret);
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
      clientId: clientId!,
      clientSecret: clientSecret!,
      region,
      gatewayUrl,
      requestsPerMinute: wholeNumber(env, ENV.rateLimit, 0),
      concurrency: wholeNumber(env, ENV.concurrency, 1),
      timeoutMs: wholeNumber(env, ENV.timeoutMs, 1),
    },
  };
}

const PURPOSE: Record<string, string> = {
  [ENV.clientId]: 'the OAuth client id, Client Credentials grant',
  [ENV.clientSecret]: 'its client secret',
  [ENV.region]: "your org's region, e.g. us-east-1 or mypurecloud.ie",
};

function parseGatewayUrl(value: string): string {
  try {
    const u = new URL(value);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('not http');
    return u.toString().replace(/\/$/, '');
  } catch {
    throw new ConfigError(`${ENV.apiUrl} "${value}" is not an http(s) URL: use e.g. http://127.0.0.1:8787`);
  }
}

function wholeNumber(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const v = get(env, name);
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min) throw new ConfigError(`${name} "${v}" is not a whole number ≥ ${min}`);
  return Number(v);
}
