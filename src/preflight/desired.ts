import { configOrSaved } from '../engine/saved-config.js';
import { describeBlueprints, loadBlueprints, type Desired } from '../engine/blueprints.js';
import { resolveDeployment } from '../engine/deployment.js';
import { StateStore } from '../engine/state.js';
import type { VariableInputs } from '../engine/variables.js';

export { CONFIG_FILE } from '../engine/saved-config.js';

/** Shown for a required variable doctor was not given: names stay comparable, values are not known yet. */
export const NOT_GIVEN = '(not given)';

/** `--config`, else the saved answers here when there are some. */
export const configOf = (given: VariableInputs['config'], workDir = process.cwd()): VariableInputs['config'] =>
  typeof given === 'object' ? given : configOrSaved(given, workDir);

/**
 * What the chosen blueprints would make, for preflight (and for the observers, which need the
 * names): their names and specs with the variables given as plan reads them (flags, environment,
 * the saved answers, the last apply's values), a required variable no source has standing in as
 * "(not given)" — doctor asks about the org, not about the admin's typing.
 */
export function desiredForPreflight(blueprints: string[], inputs: VariableInputs & { deployment?: string }, workDir = process.cwd()): { desired: Desired; deployment: string } {
  const config = configOf(inputs.config, workDir);
  const required = describeBlueprints(blueprints).flatMap((b) => b.variables.filter((v) => v.required && v.default === undefined).map((v) => [v.name, NOT_GIVEN]));
  const state = new StateStore(workDir);
  const recorded = state.problem ? {} : state.recordedVariables();
  const desired = loadBlueprints({ ...inputs, blueprints, config, recorded: { ...recorded, ...(inputs.recorded ?? {}) }, suggested: { ...Object.fromEntries(required), ...(inputs.suggested ?? {}) } });
  const deployment = resolveDeployment({ deployment: inputs.deployment, config, env: inputs.env }, state.problem ? undefined : state.state.deployment);
  return { desired, deployment };
}
