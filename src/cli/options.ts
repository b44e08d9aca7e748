import { InvalidArgumentError, type Command } from 'commander';
import { configOrSaved } from '../engine/saved-config.js';
import { splitCommaList } from '../util/comma-list.js';
import { ENV_BLUEPRINTS } from '../wizard/resolve.js';

/**
 * Commander option parsers shared by the commands: `--blueprint a,b --blueprint c` and repeatable
 * flags such as `--set K=V` or `--management-unit ID` accumulate into one list.
 */

/** Comma-separated and/or repeated: `--blueprint a,b --blueprint c` → [a, b, c]. */
export const commaList = (value: string, previous: string[]): string[] => {
  const names = splitCommaList(value);
  // `--blueprint ''` (an unset shell variable) must not mean "all of them".
  if (!names.length) throw new InvalidArgumentError('empty — name at least one (comma-separated), or leave the option out');
  return [...previous, ...names];
};

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
  deployment?: string;
  adopt: string[];
  use: string[];
  rotateSecret: string[];
}

/** `--deployment`: which presence-kit deployment's marked entities a command manages. */
export const DEPLOYMENT_HELP =
  'the deployment id presence-kit marks its entities with (default: PRESENCE_KIT_DEPLOYMENT, the config file\'s, the state\'s, else "default"); CI and a laptop using the same id manage the same entities';

/** The options plan and apply share, spelled once so their help and parsing cannot drift apart. */
export function blueprintOptions(cmd: Command): Command {
  return cmd
    .option('--blueprint <names>', `blueprints to use, comma-separated or repeated (communicate-call, teams-presence, pre-break; default: ${ENV_BLUEPRINTS}, else all)`, commaList, [])
    .option('--set <KEY=VALUE>', 'a manifest variable (repeatable; MAP.KEY=VALUE sets one entry of a map; PRESENCE_KIT_VAR_KEY in the environment too)', repeatable, [])
    .option('--config <file>', 'variable values (and blueprints) as JSON, e.g. the setup wizard’s presence-kit.config.json')
    .option('--adopt <kind/name>', 'take over an entity of that name made outside presence-kit (repeatable; shows what changes; destroy puts it back)', repeatable, [])
    .option('--use <kind/name>', 'use an entity another tool owns as it is (repeatable): read and wired to, never written, marked or deleted', repeatable, [])
    .option('--rotate-secret <kind/name>', "allow a new secret for an adopted OAuth client (whatever uses its current secret stops working), or presence-kit's client in an adopted credential (destroy cannot put its fields back)", repeatable, [])
    .option('--json', 'print the result as JSON (human output goes to stderr)')
    .option('--deployment <id>', DEPLOYMENT_HELP);
}

/**
 * The flags (and the PRESENCE_KIT_BLUEPRINTS / PRESENCE_KIT_VAR_* environment) as the engine's plan
 * takes them: the same precedence as `setup` — a flag, then the environment, then the config file.
 */
export const engineInputs = (o: BlueprintFlags, env: NodeJS.ProcessEnv = process.env) => ({
  blueprints: o.blueprint.length ? o.blueprint : splitCommaList(env[ENV_BLUEPRINTS] ?? ''),
  set: o.set,
  env,
  // The wizard's saved answers are read without --config, as doctor and `setup --yes` read them.
  config: configOrSaved(o.config),
  deployment: o.deployment,
  adopt: o.adopt,
  use: o.use,
  rotateSecret: o.rotateSecret,
});

/** What `timeline` and `watch` take to know the deployment's workflows: its id, and the variables that name them. */
export interface DeploymentFlags {
  deployment?: string;
  set: string[];
  config?: string;
}

/**
 * The observers' `--deployment`, `--set`, `--config`: which deployment's workflows are the kit's
 * (by their marks), and the names its variables give a workflow that carries none — read as plan reads them.
 */
export const deploymentOptions = (cmd: Command): Command =>
  cmd
    .option('--deployment <id>', DEPLOYMENT_HELP)
    .option('--set <KEY=VALUE>', 'a manifest variable, as plan takes it (e.g. namePrefix: the names of workflows that carry no presence-kit mark)', repeatable, [])
    .option('--config <file>', 'variable values as JSON (default: presence-kit.config.json here, when there is one)');

/**
 * `--sandbox`: the embedded sandbox is always chosen, never fallen into — with no GENESYSCLOUD_*
 * and no `--sandbox`, a writing command stops (see cli/target.ts).
 */
export const sandboxOption = (cmd: Command): Command =>
  cmd.option('--sandbox', 'run against the embedded sandbox (a local Genesys Cloud kept in .presence-kit/sandbox/), even with GENESYSCLOUD_* set');
