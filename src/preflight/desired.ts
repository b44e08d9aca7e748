import { existsSync } from 'node:fs';
import { describeBlueprints, loadBlueprints, type Desired } from '../engine/blueprints.js';
import { resolveDeployment } from '../engine/deployment.js';
import { StateStore } from '../engine/state.js';
import type { VariableInputs } from '../engine/variables.js';

/** Where the setup wizard saves its answers; doctor reads it when it is there, as `setup --yes` does. */
export const CONFIG_FILE = 'presence-kit.config.json';

/** Shown for a required variable doctor was not given: names stay comparable, values are not known yet. */
export const NOT_GIVEN = '(not given)';

/**
 * What the chosen blueprints would make, for preflight: their names and specs with the variables
 * given (flags, environment, the saved answers), a required variable no source has standing in as
 * "(not given)" — doctor asks about the org, not about the admin's typing.
 */
export function desiredForPreflight(blueprints: string[], inputs: VariableInputs & { deployment?: string }, workDir = process.cwd()): { desired: Desired; deployment: string } {
  const config = inputs.config ?? (existsSync(`${workDir}/${CONFIG_FILE}`) ? `${workDir}/${CONFIG_FILE}` : undefined);
  const required = describeBlueprints(blueprints).flatMap((b) => b.variables.filter((v) => v.required && v.default === undefined).map((v) => [v.name, NOT_GIVEN]));
  const desired = loadBlueprints({ ...inputs, blueprints, config, suggested: { ...Object.fromEntries(required), ...(inputs.suggested ?? {}) } });
  const state = new StateStore(workDir);
  const deployment = resolveDeployment({ deployment: inputs.deployment, config, env: inputs.env }, state.problem ? undefined : state.state.deployment);
  return { desired, deployment };
}
