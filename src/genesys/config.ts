import { z } from 'zod';
import { resolveRegion, UnknownRegionError } from './regions.js';
import type { Connection } from './client.js';

/**
 * The connection settings CX as Code users already have: GENESYSCLOUD_OAUTHCLIENT_ID,
 * GENESYSCLOUD_OAUTHCLIENT_SECRET, GENESYSCLOUD_REGION, plus GENESYSCLOUD_API_URL for a gateway
 * (the sandbox). With none of them set, commands run against the embedded sandbox.
 */
export const EnvSchema = z.object({
  GENESYSCLOUD_OAUTHCLIENT_ID: z.string().min(1).optional(),
  GENESYSCLOUD_OAUTHCLIENT_SECRET: z.string().min(1).optional(),
  GENESYSCLOUD_REGION: z.string().min(1).optional(),
  GENESYSCLOUD_API_URL: z.string().min(1).optional(),
  PRESENCE_KIT_RATE_LIMIT: z.coerce.number().int().positive().optional(),
  PRESENCE_KIT_TIMEOUT_MS: z.coerce.number().int().positive().optional(),
});

export class ConfigError extends Error {}

export type EnvTarget = { kind: 'sandbox' } | { kind: 'org'; connection: Connection };

/** Reads the environment: an org connection, or "use the embedded sandbox" when nothing is set. */
export function targetFromEnv(env: NodeJS.ProcessEnv = process.env): EnvTarget {
  const e = EnvSchema.parse(env);
  const any = e.GENESYSCLOUD_OAUTHCLIENT_ID || e.GENESYSCLOUD_OAUTHCLIENT_SECRET || e.GENESYSCLOUD_REGION || e.GENESYSCLOUD_API_URL;
  if (!any) return { kind: 'sandbox' };
  if (!e.GENESYSCLOUD_OAUTHCLIENT_ID) throw new ConfigError('GENESYSCLOUD_OAUTHCLIENT_ID is not set: set it to the OAuth client id (Client Credentials grant)');
  if (!e.GENESYSCLOUD_OAUTHCLIENT_SECRET) throw new ConfigError('GENESYSCLOUD_OAUTHCLIENT_SECRET is not set: set it to the OAuth client secret');
  let gatewayUrl: string | undefined;
  if (e.GENESYSCLOUD_API_URL) {
    try {
      const u = new URL(e.GENESYSCLOUD_API_URL);
      if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error();
      gatewayUrl = u.toString().replace(/\/$/, '');
    } catch {
      throw new ConfigError(`GENESYSCLOUD_API_URL "${e.GENESYSCLOUD_API_URL}" is not an http(s) URL: use e.g. http://127.0.0.1:8787`);
    }
  }
  let region;
  if (!gatewayUrl) {
    if (!e.GENESYSCLOUD_REGION) throw new ConfigError('GENESYSCLOUD_REGION is not set: set it to your org\'s region, e.g. us-east-1 or mypurecloud.ie');
    try {
      region = resolveRegion(e.GENESYSCLOUD_REGION);
    } catch (err) {
      throw new ConfigError((err as UnknownRegionError).message);
    }
  }
  return {
    kind: 'org',
    connection: {
      clientId: e.GENESYSCLOUD_OAUTHCLIENT_ID,
      clientSecret: e.GENESYSCLOUD_OAUTHCLIENT_SECRET,
      region,
      gatewayUrl,
      requestsPerMinute: e.PRESENCE_KIT_RATE_LIMIT,
      timeoutMs: e.PRESENCE_KIT_TIMEOUT_MS,
    },
  };
}
