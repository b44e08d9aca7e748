import type { GenesysClient } from '../../genesys/client.js';
import { NO_DEADLINE, PreBreakJob, type TickDeadline, type TickOptions } from './job.js';
import type { TickResult } from './result.js';

/**
 * One tick of a fresh job (a cold start: schedules read, nothing remembered) — what a single
 * `presence-kit pre-break` run or a cron invocation does. Loops and the Lambda keep a
 * `PreBreakJob` instead, so later ticks use the schedules in memory.
 */
export function runTick(client: GenesysClient, opts: TickOptions, deadline: TickDeadline = NO_DEADLINE): Promise<TickResult> {
  return new PreBreakJob(client, opts).tick(opts.nowMs ?? Date.now(), deadline);
}

export { PreBreakJob, type TickDeadline, type TickOptions } from './job.js';
export { PreBreakRunError, type AgentOutcome, type AgentRow, type TickResult } from './result.js';
