import type { GenesysClient } from '../../genesys/client.js';
import { redact, redactValue } from '../../genesys/redact.js';
import type { JobSettings } from './config.js';
import { formatDuration } from '../../util/duration.js';
import { runEvery } from './loop.js';
import { alignedTick } from './plan.js';
import { tickJson, tickTable } from './report.js';
import { PreBreakJob } from './job.js';
import { PreBreakRunError, runTick, type TickResult } from './run.js';

/**
 * What the CLI command and the standalone script share once connected: one tick (or the `--every`
 * loop), printed as a table or as JSON on stdout. A failed tick prints what it did and then throws,
 * so the caller exits non-zero.
 */
export interface JobIo {
  json: boolean;
  stdout(text: string): void;
  stderr(text: string): void;
  signal?: AbortSignal;
  /** The target's clock (a sandbox's runs ahead of real time once simulations moved it); default this machine's. */
  now?: () => number;
}

/** One JSON document for a single tick; one compact line per tick in a loop (JSON Lines). */
function print(io: JobIo, r: TickResult, loop = false) {
  if (io.json) io.stdout(JSON.stringify(redactValue(tickJson(r)), null, loop ? undefined : 2));
  else io.stdout(redact(tickTable(r)));
}

export async function executeJob(client: GenesysClient, settings: JobSettings, io: JobIo): Promise<TickResult | undefined> {
  if (settings.everyMs === undefined) {
    // A cron or scheduler fires a little after the minute (or just before it): the tick is the
    // aligned instant, so consecutive runs cover consecutive windows whatever the jitter.
    const nowMs = settings.tick.nowMs ?? alignedTick((io.now ?? Date.now)(), settings.tick.tickMs);
    try {
      const r = await runTick(client, { ...settings.tick, nowMs });
      print(io, r);
      return r;
    } catch (e) {
      if (e instanceof PreBreakRunError) print(io, e.result);
      throw e;
    }
  }
  let last: TickResult | undefined;
  const { tick, everyMs, deadlineMarginMs } = settings;
  // One job for the loop's lifetime: schedules are read every --refresh, not every tick, and
  // whom it switched is remembered. A tick stops starting work when the next one is due.
  const job = new PreBreakJob(client, tick);
  const tickWithDeadline = (nowMs: number) => {
    const started = Date.now();
    return job.tick(nowMs, { timeLeftMs: () => started + everyMs - deadlineMarginMs - Date.now() });
  };
  await runEvery(tickWithDeadline, everyMs, {
    signal: io.signal,
    ...(io.now ? { now: io.now } : {}),
    // Each tick looks at every break in (now, now + lead], so a tick missed while a slow one ran
    // is covered by the next: run only the latest.
    maxLagMs: 0,
    onTick(r, err) {
      if (err instanceof PreBreakRunError) print(io, err.result, true);
      else if (r) print(io, r, true);
      if (err) io.stderr(redact(`pre-break tick failed: ${err instanceof Error ? err.message : String(err)}`));
      last = r ?? (err instanceof PreBreakRunError ? err.result : last);
    },
    onSkip({ from, to, count }) {
      io.stderr(`pre-break: skipped ${count} tick(s) ${new Date(from).toISOString()} … ${new Date(to).toISOString()} while a tick ran long; the next tick's window (${formatDuration(tick.leadMs)} ahead) covers their breaks`);
    },
  });
  return last;
}
