import type { SandboxService } from '../core/context.js';
import { executions, saveExecution } from './executions.js';
import { registerActionRoutes } from './actions/routes.js';
import { registerControlRoutes } from './controls.js';
import { startOrchestration } from './orchestration/dispatcher.js';
import { registerTriggerTestRoutes } from './orchestration/routes.js';

/**
 * The sandbox runtime: Event Orchestration (bus events → triggers → published workflows), the
 * Archy interpreter and the data-action executor, plus the routes that reach them — data-action
 * execute/test, trigger test mode, and the `/sandbox/v1` simulation controls. Registered last, it
 * subscribes to the bus once every service has seeded.
 */
export const runtimeService: SandboxService = {
  name: 'runtime',
  register(router, ctx) {
    executions(ctx);
    registerActionRoutes(router, ctx);
    registerTriggerTestRoutes(router, ctx);
    registerControlRoutes(router, ctx);
  },
  start(ctx) {
    // A run's place in its flow lives in memory: runs cut short by a restart cannot resume.
    for (const e of executions(ctx).filter((x) => x.status === 'RUNNING' || x.status === 'WAITING'))
      saveExecution(ctx, { ...e, status: 'FAILED', endTime: ctx.clock.nowIso(), error: { message: 'The sandbox stopped while this run was in progress.' } });
    startOrchestration(ctx);
  },
};
