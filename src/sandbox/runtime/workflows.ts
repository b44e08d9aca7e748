import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../core/context.js';
import { ApiError } from '../core/errors.js';
import { datatables, lookupRow, publishedWorkflow } from '../services/architect/models.js';
import { setParticipantAttributes } from '../services/conversations/models.js';
import { actions } from '../services/integrations/models.js';
import { executeAction, type ActionFailure } from './actions/execute.js';
import { isWorkflowDefinition } from './archy/definition.js';
import { runWorkflow, type DataActionOutcome, type InterpreterHost, type RunResult } from './archy/interpreter.js';
import { saveExecution, type ExecutionRecord } from './executions.js';

/**
 * Starts a published workflow and records the run. A run lives on the sandbox clock: `started`
 * resolves as soon as the run first pauses (a `wait`) or ends, so whoever started it — the bus
 * listener, `POST /sandbox/v1/clock` — can wait for the flow to settle without waiting for time
 * to pass. Each clock timer that resumes a run likewise resolves when it pauses again.
 */
class PauseSignal {
  private waiters: Array<() => void> = [];
  private finished = false;
  next(): Promise<void> {
    return this.finished ? Promise.resolve() : new Promise((r) => this.waiters.push(r));
  }
  notify(final = false): void {
    if (final) this.finished = true;
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}

export interface StartInput {
  flowId: string;
  inputs: Record<string, unknown>;
  trigger?: ExecutionRecord['trigger'];
}

export interface StartedRun {
  execution: ExecutionRecord;
  started: Promise<void>;
  done: Promise<RunResult>;
}

function failureOutputs(f: ActionFailure): Record<string, unknown> {
  return {
    errorCode: f.errorCode,
    status: f.status,
    correlationId: f.correlationId,
    entityId: f.entityId,
    entityName: f.entityName,
    userMessage: f.userMessage,
    userParamsMessage: f.userMessage,
    userParams: f.userParams,
    details: f.details.map((d) => ({ errorCode: d.errorCode, fieldName: d.fieldName ?? '', entityId: d.entityId ?? '', entityName: d.entityName ?? '' })),
  };
}

export function startWorkflow(ctx: SandboxContext, input: StartInput): StartedRun {
  const target = publishedWorkflow(ctx, input.flowId);
  const execution: ExecutionRecord = {
    id: randomUUID(),
    name: target?.flow.name ?? input.flowId,
    flowId: input.flowId,
    flowVersion: target?.version.version,
    source: input.trigger ? 'trigger' : 'api',
    ...(input.trigger ? { trigger: input.trigger } : {}),
    inputs: input.inputs,
    status: 'RUNNING',
    startTime: ctx.clock.nowIso(),
    steps: [],
  };
  const save = () => saveExecution(ctx, execution);
  const definition = target?.version.definition;
  if (!target || !isWorkflowDefinition(definition)) {
    execution.status = 'FAILED';
    execution.endTime = execution.startTime;
    execution.error = { message: target ? `Workflow '${target.flow.name}' has no runnable published configuration.` : `Target ${input.flowId} is not an active, published workflow.` };
    save();
    const result: RunResult = { status: 'FAILED', error: execution.error, outputs: {} };
    return { execution, started: Promise.resolve(), done: Promise.resolve(result) };
  }

  const signal = new PauseSignal();
  /**
   * Sandbox time passing inside the run (a data action's round trip): the run pauses on a clock
   * timer, as at a `wait`, so other runs — for the same person too — go on meanwhile.
   */
  const pauseFor = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise<void>((resume) => {
          ctx.clock.after(ms, () => {
            const paused = signal.next();
            resume();
            return paused;
          });
          signal.notify();
        });
  const host: InterpreterHost = {
    now: () => ctx.clock.now(),
    waitUntil: (at) =>
      new Promise<void>((resume) => {
        execution.status = 'WAITING';
        execution.waitingUntil = new Date(at).toISOString();
        save();
        ctx.clock.schedule(at, () => {
          execution.status = 'RUNNING';
          delete execution.waitingUntil;
          save();
          const paused = signal.next();
          resume();
          return paused;
        });
        signal.notify();
      }),
    callData: async (call) => {
      const action = actions(ctx).get(call.actionId);
      if (!action) {
        const error = { errorCode: 'NOT_FOUND', status: 404, userMessage: `Data action '${call.name}' (${call.actionId}) in category '${call.category}' no longer exists; republish the workflow.` };
        return { kind: 'failure', error };
      }
      // The production profile's round trip, split around the execution: the request reaches
      // Genesys after half of it (what it reads is as of then), the answer comes back after the rest.
      const latency = ctx.profile.dataActionLatencyMs();
      await pauseFor(Math.floor(latency / 2));
      const r = await executeAction(ctx, action, call.inputs);
      await pauseFor(latency - Math.floor(latency / 2));
      const trace = { request: r.trace.request, response: r.trace.response };
      const out: DataActionOutcome = r.ok ? { kind: 'success', output: r.output } : { kind: 'failure', error: failureOutputs(r.error) };
      return { ...out, trace };
    },
    lookupRow: (table, key) => {
      if (!datatables(ctx).get(table.id)) return { kind: 'failure', errorType: 'NotFound', errorMessage: `Data table '${table.name}' (${table.id}) no longer exists.` };
      const row = lookupRow(ctx, table.id, key);
      return row ? { kind: 'found', row } : { kind: 'notFound' };
    },
    setConversationData: async (conversationId, participantId, attributes) => {
      try {
        setParticipantAttributes(ctx, conversationId, participantId, attributes);
        return { ok: true };
      } catch (e) {
        return { ok: false, error: e instanceof ApiError ? e.message : String(e) };
      }
    },
    step: (s) => {
      execution.steps.push(s);
      save();
    },
  };
  save();
  const started = signal.next();
  const done = runWorkflow(definition, input.inputs, host)
    .catch((e: unknown): RunResult => ({ status: 'FAILED', error: { message: `internal error: ${(e as Error).message}` }, outputs: {} }))
    .then((result) => {
      execution.status = result.status;
      execution.endTime = ctx.clock.nowIso();
      execution.outputs = result.outputs;
      if (result.exitReason) execution.exitReason = result.exitReason;
      if (result.error) execution.error = result.error;
      save();
      signal.notify(true);
      return result;
    });
  return { execution, started, done };
}
