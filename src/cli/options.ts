import type { Command } from 'commander';
import { splitCommaList } from '../util/comma-list.js';
import { ENV_BLUEPRINTS } from '../wizard/resolve.js';

/**
 * Commander option parsers shared by the commands: `--blueprint a,b --blueprint c` and repeatable
 * flags such as `--set K=V` or `--management-unit ID` accumulate into one list.
 */

/** Comma-separated and/or repeated: `--blueprint a,b --blueprint c` → [a, b, c]. */
export const commaList = (value: string, previous: string[]): string[] => [...previous, ...splitCommaList(value)];

/** Repeated, each value whole (it may contain commas): `--set K=a,b --set L=c` → [K=a,b, L=c]. */
export const repeatable = (value: string, previous: string[]): string[] => [...previous, value];

/**
 * `--detailed-exitcode` (Terraform's `plan -detailed-exitcode`, for CI): 0 nothing to do, 2 drift or
 * changes, 1 an error — usage errors included, so 2 means only "changes".
 */
export const DETAILED_EXITCODE = '--detailed-exitcode';
export const EXIT_CHANGES = 2;

/** What `plan` and `apply` take: which blueprints, and the values of their variables. */
export interface BlueprintFlags {
  blueprint: string[];
  set: string[];
  config?: string;
  json?: boolean;
}

/** The options plan and apply share, spelled once so their help and parsing cannot drift apart. */
export function blueprintOptions(cmd: Command): Command {
  return cmd
    .option('--blueprint <names>', `blueprints to use, comma-separated or repeated (communicate-call, teams-presence, pre-break; default: ${ENV_BLUEPRINTS}, else all)`, commaList, [])
    .option('--set <KEY=VALUE>', 'a manifest variable (repeatable; MAP.KEY=VALUE sets one entry of a map; PRESENCE_KIT_VAR_KEY in the environment too)', repeatable, [])
    .option('--config <file>', 'variable values (and blueprints) as JSON, e.g. the setup wizard’s presence-kit.config.json')
    .option('--json', 'print the result as JSON (human output goes to stderr)');
}

/**
 * The flags (and the PRESENCE_KIT_BLUEPRINTS / PRESENCE_KIT_VAR_* environment) as the engine's plan
 * takes them: the same precedence as `setup` — a flag, then the environment, then the config file.
 */
export const engineInputs = (o: BlueprintFlags, env: NodeJS.ProcessEnv = process.env) => ({
  blueprints: o.blueprint.length ? o.blueprint : splitCommaList(env[ENV_BLUEPRINTS] ?? ''),
  set: o.set,
  env,
  config: o.config,
});
