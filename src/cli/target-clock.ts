import type { GenesysClient } from '../genesys/client.js';
import { sandboxControl } from '../simulate/control.js';

/**
 * "Now" as the target sees it, for every command that takes a time window or acts now (timeline,
 * pre-break, report). A sandbox has its own clock, which simulations move ahead of real time (by
 * days, after `simulate day`): its answer is the truth there. An org runs on real time: the
 * machine's clock, checked against the `Date` header of a Genesys answer, with a warning when they
 * differ by more than a minute (a window counted from a wrong clock misses what the user is after).
 */
export interface TargetClock {
  /** Milliseconds since the epoch on the target's clock. */
  now(): number;
  source: 'sandbox' | 'machine';
}

export const MAX_SKEW_MS = 60_000;

/** The sandbox behind a target, if any: the embedded one, or a gateway URL that answers the sandbox control API. */
async function sandboxOffset(client: GenesysClient, sandboxUrl: string | undefined): Promise<number | undefined> {
  // A real org is named by its region; only a gateway URL can be a sandbox.
  const url = sandboxUrl ?? (client.connection.region ? undefined : client.connection.gatewayUrl);
  if (!url) return undefined;
  try {
    const { now } = await sandboxControl(url).get<{ now: string }>('clock');
    return Date.parse(now) - Date.now();
  } catch {
    return undefined;
  }
}

export async function targetClock(client: GenesysClient, opts: { sandboxUrl?: string; warn?: (message: string) => void } = {}): Promise<TargetClock> {
  const offset = await sandboxOffset(client, opts.sandboxUrl);
  if (offset !== undefined) return { now: () => Date.now() + offset, source: 'sandbox' };
  // Any answer carries Genesys's Date; /api/v2/date needs no permission and is cheap.
  if (client.serverSkewMs === undefined) await client.request('GET', '/api/v2/date').catch(() => undefined);
  const skew = client.serverSkewMs;
  if (skew !== undefined && Math.abs(skew) > MAX_SKEW_MS)
    opts.warn?.(`warning: this machine's clock is ${Math.round(Math.abs(skew) / 1000)} s ${skew > 0 ? 'behind' : 'ahead of'} Genesys's (its Date header): windows and "now" are counted from this machine's clock — set it right (NTP)`);
  return { now: () => Date.now(), source: 'machine' };
}
