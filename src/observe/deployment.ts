import { readConfigFile } from '../engine/config-file.js';
import type { VariableInputs } from '../engine/variables.js';
import { configOf, desiredForPreflight } from '../preflight/desired.js';
import { automationBlueprints, type ObservedDeployment } from './automations.js';

/**
 * The deployment `timeline`, `watch` and `simulate` read, from what plan reads: `--deployment`
 * (else PRESENCE_KIT_DEPLOYMENT, the config file's, the state's, "default"), and the workflow
 * names its variables give (`--set`, PRESENCE_KIT_VAR_*, presence-kit.config.json, the last apply)
 * — for a workflow that carries no mark. Reads local files only; a bad value is the admin's to fix.
 */
export function observedDeployment(inputs: VariableInputs & { deployment?: string } = {}, workDir = process.cwd()): ObservedDeployment {
  const env = inputs.env ?? process.env;
  // Pre-break too: its presence, under the name the variables give, is how its switches are known.
  const { desired, deployment } = desiredForPreflight([...automationBlueprints(), 'pre-break'], { ...inputs, env }, workDir);
  const names = new Map(desired.nodes.filter((n) => n.kind === 'workflow').map((n) => [n.name, n.blueprints[0]!]));
  const preBreak = desired.nodes.find((n) => n.kind === 'presence-definition' && n.blueprints.includes('pre-break'));
  const config = configOf(inputs.config, workDir);
  const used = typeof config === 'string' ? (readConfigFile(config, workDir).use ?? []) : [];
  return { deployment, names, used: new Set(used), ...(preBreak ? { preBreakPresenceName: preBreak.name } : {}) };
}
