import type { SandboxContext } from '../core/context.js';
import type { Collection } from '../core/store.js';
import type { StepRecord } from './archy/interpreter.js';

/**
 * Every workflow run the sandbox makes: what started it, its inputs, each step (with each data
 * action's request and result) and how it ended. A store collection, so `--data` keeps them and
 * `GET /sandbox/v1/executions` reads them.
 */
export type ExecutionStatus = 'RUNNING' | 'WAITING' | 'COMPLETED' | 'FAILED';

export interface ExecutionRecord {
  id: string;
  /** The workflow's name. */
  name: string;
  flowId: string;
  flowVersion?: string;
  source: 'trigger' | 'api';
  trigger?: { id: string; name: string; topicName: string; topic: string; dataFormat: string };
  inputs: Record<string, unknown>;
  status: ExecutionStatus;
  startTime: string;
  endTime?: string;
  waitingUntil?: string;
  steps: StepRecord[];
  outputs?: Record<string, unknown>;
  exitReason?: string;
  error?: { message: string; at?: string };
}

/** Older finished runs are dropped past this many, so a long-lived sandbox does not grow without bound. */
export const MAX_EXECUTIONS = 2000;

export const executions = (ctx: SandboxContext): Collection<ExecutionRecord> =>
  ctx.store.collection<ExecutionRecord>('executions', {
    summarize: (e) => ({ flowId: e.flowId, status: e.status, startTime: e.startTime, triggerId: e.trigger?.id }),
    // A run still going is never dropped: its next step would put it back past the cap.
    cap: { max: MAX_EXECUTIONS, age: (e) => e.startTime, evictable: (e) => e.status !== 'RUNNING' && e.status !== 'WAITING' },
  });

export function saveExecution(ctx: SandboxContext, e: ExecutionRecord): void {
  const col = executions(ctx);
  if (col.has(e.id)) col.put(e);
  else col.insert(e);
}

export interface ExecutionFilter {
  flowId?: string;
  flowName?: string;
  triggerId?: string;
  status?: string;
  /** ISO time: runs started at or after it. */
  since?: string;
  /** Runs whose inputs name this user (`Flow.userId`). */
  userId?: string;
}

export function listExecutions(ctx: SandboxContext, f: ExecutionFilter = {}): ExecutionRecord[] {
  return executions(ctx)
    .filter(
      (e) =>
        (!f.flowId || e.flowId === f.flowId) &&
        (!f.flowName || e.name === f.flowName) &&
        (!f.triggerId || e.trigger?.id === f.triggerId) &&
        (!f.status || e.status === f.status.toUpperCase()) &&
        (!f.since || e.startTime >= f.since) &&
        (!f.userId || Object.entries(e.inputs).some(([k, v]) => k.toLowerCase() === 'flow.userid' && v === f.userId)),
    )
    .sort((a, b) => a.startTime.localeCompare(b.startTime) || a.id.localeCompare(b.id));
}
