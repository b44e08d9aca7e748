/**
 * The provisioning engine: what the CLI commands and the setup wizard call. Load and check
 * blueprints, plan (reads only), apply a plan (with progress callbacks), plan a teardown, report
 * status. Nothing here prints.
 */
export { loadBlueprints, shippedBlueprints, describeBlueprints, BLUEPRINTS_DIR, type BlueprintInfo, type Desired, type DesiredNode, type LoadOptions } from './blueprints.js';
export { plan, type Plan, type PlanStep, type Action, type EngineOptions } from './plan.js';
export { apply, type ApplyOptions, type ApplyResult, type ApplyHooks, type ProgressEvent, type StepResult } from './apply.js';
export { planDestroy, deployedBlueprints, type DestroyOptions } from './destroy.js';
export { status, type StatusReport, type ResourceStatus } from './status.js';
export { EngineError } from './errors.js';
export { withLock, lockWaitSeconds } from './lock.js';
export { rebuildState, resolveDeployment, DEFAULT_DEPLOYMENT, ENV_DEPLOYMENT } from './deployment.js';
export { STATE_FILE, StateStore, type State, type StateEntry } from './state.js';
export { readConfigFile, type LoadedConfig } from './config-file.js';

import { apply, type ApplyOptions, type ApplyResult } from './apply.js';
import { planDestroy, type DestroyOptions } from './destroy.js';

/** Plans and runs a teardown in one call (the plan is still available through `planDestroy`). */
export async function destroy(opts: DestroyOptions & ApplyOptions): Promise<ApplyResult> {
  return apply(await planDestroy(opts), opts);
}
export { renderPlan, renderProgress, renderResult, renderStatus, renderStep, summaryLine, hasChanges } from './render.js';
