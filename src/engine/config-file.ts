import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEPLOYMENT_ID } from '../resources/mark.js';
import { parseDuration } from '../util/duration.js';
import { EngineError } from './errors.js';
import { firstIssue, issueLine, shown } from './manifest.js';

/**
 * `presence-kit.config.json`, the one reader for `setup` and `plan`/`apply --config`: the setup
 * wizard's answers (`{"version": 1, "blueprints": [...], "variables": {...}, "jobs": {...}}`),
 * replayed by `presence-kit apply --config FILE --yes` — or, for `--config`, just a JSON object of
 * variable values. Never a secret: where to connect comes from the environment, not from this file.
 */
export const CONFIG_VERSION = 1;

/** A variable's value: text, a number, a switch, a list (management units) or a table (Teams mapping). */
export const VariableValueSchema = z.union([z.string(), z.number(), z.boolean(), z.array(z.string()), z.record(z.string(), z.string())], {
  error: 'a value is text, a number, true or false, a list of text, or an object of text',
});
export type VariableValue = z.infer<typeof VariableValueSchema>;

/**
 * Why a pre-break lead would not work, or undefined: the job parses it as it parses `--lead`
 * (15m, 90s, 1h30m), and it must be at least the job's 1-minute tick, which the job refuses
 * otherwise — the wizard must not save a command that fails.
 */
export function leadProblem(v: string): string | undefined {
  let ms: number;
  try {
    ms = parseDuration(v, 'lead');
  } catch {
    return 'a duration such as 10m, 90s or 1h30m';
  }
  return ms < 60_000 ? 'at least 1m (the job runs once a minute)' : undefined;
}

/**
 * Settings of the scheduled jobs the blueprints enable — not manifest variables (nothing in Genesys
 * depends on them), but answers the wizard asks for and the summary turns into the job's command.
 */
export const JobsSchema = z.strictObject({
  preBreak: z
    .strictObject({
      /** How long before a break agents switch, e.g. "15m". */
      lead: z
        .string()
        .superRefine((v, ctx) => {
          const problem = leadProblem(v);
          if (problem) ctx.addIssue({ code: 'custom', message: `lead "${v}": ${problem}` });
        })
        .optional(),
      /** Management units to cover; empty or absent with `all` means every one the job's client sees. */
      managementUnitIds: z.array(z.string().min(1)).optional(),
      all: z.boolean().optional(),
    })
    .optional(),
});
export type Jobs = z.infer<typeof JobsSchema>;

/** The file as setup writes it. */
export const ConfigFileSchema = z.strictObject({
  $comment: z.string().optional(),
  version: z.literal(CONFIG_VERSION, { error: `version must be ${CONFIG_VERSION}` }),
  blueprints: z
    .array(z.string().min(1, { error: 'a blueprint name cannot be empty' }), { error: 'blueprints must be a list of blueprint names' })
    .min(1, { error: 'pick at least one blueprint (communicate-call, teams-presence, pre-break)' }),
  variables: z.record(z.string(), VariableValueSchema).default({}),
  jobs: JobsSchema.optional(),
  /** The deployment id presence-kit marks its entities with (shared by every clone that manages them). */
  deployment: z.string().regex(DEPLOYMENT_ID, { error: 'a deployment id is letters, digits, . _ - (up to 40)' }).optional(),
  /** Existing entities (an original guide's install) to take over, `kind/name` as `--adopt` spells them. */
  adopt: z.array(z.string().regex(/^[a-z-]+\/.+$/, { error: 'spell an entity kind/name, e.g. role/Presence API Admin' })).optional(),
  /** Existing entities another tool owns, used as they are (`--use`): read and wired to, never written. */
  use: z.array(z.string().regex(/^[a-z-]+\/.+$/, { error: 'spell an entity kind/name, e.g. integration/Update Genesys Cloud User Presence' })).optional(),
  /** Enabled triggers the kit does not own on its own events: disable them (destroy enables them again) or run both. */
  overlapping: z.enum(['disable', 'allow'], { error: 'overlapping is "disable" or "allow"' }).optional(),
});
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** `--config` also takes a plain object of variable values. */
const ValuesSchema = z.record(z.string(), VariableValueSchema);

/** What a config file says, whichever of the two forms it has; `file` names it in messages. */
export interface LoadedConfig {
  file: string;
  blueprints?: string[];
  variables: Record<string, VariableValue>;
  jobs?: Jobs;
  deployment?: string;
  adopt?: string[];
  use?: string[];
  overlapping?: 'disable' | 'allow';
}

/** Names that look like they hold a secret; the config file refuses them outright. */
const SECRET_NAME = /secret|password|token|apikey|api_key/i;

export function secretLikeKeys(variables: Record<string, unknown>): string[] {
  return Object.keys(variables).filter((k) => SECRET_NAME.test(k));
}

/** A key only the setup wizard's form has: such a document is held to that form in full. */
const isSetupForm = (o: object) => Object.keys(ConfigFileSchema.shape).some((k) => k in o);

/** Known keys at a path of the setup form, for "did you mean". */
function knownKeys(path: ReadonlyArray<PropertyKey>): string[] {
  const at = path.join('.');
  if (at === '') return Object.keys(ConfigFileSchema.shape);
  if (at === 'jobs') return Object.keys(JobsSchema.shape);
  if (at === 'jobs.preBreak') return Object.keys(JobsSchema.shape.preBreak.unwrap().shape);
  return [];
}

/** Parses a config document; every problem becomes one line naming the file, the field and the fix. */
export function parseConfig(text: string, file: string): LoadedConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new EngineError(`${shown(file)}: not valid JSON (${(err as Error).message}) — fix it, or write it again with presence-kit setup`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw))
    throw new EngineError(`${shown(file)}: expected a JSON object — presence-kit setup's file ({"version": 1, "blueprints": [...], "variables": {...}}) or variable values ({"busyPresenceId": "Busy"})`);
  const setupForm = isSetupForm(raw);
  const parsed = setupForm ? ConfigFileSchema.safeParse(raw) : ValuesSchema.safeParse(raw);
  if (!parsed.success) {
    throw new EngineError(issueLine(file, firstIssue(parsed.error.issues), knownKeys));
  }
  const d = parsed.data;
  const config: LoadedConfig =
    'version' in d
      ? {
          file,
          blueprints: d.blueprints as string[],
          variables: d.variables as Record<string, VariableValue>,
          ...(d.jobs ? { jobs: d.jobs as Jobs } : {}),
          ...('deployment' in d && d.deployment ? { deployment: d.deployment as string } : {}),
          ...('adopt' in d && d.adopt ? { adopt: d.adopt as string[] } : {}),
          ...('use' in d && d.use ? { use: d.use as string[] } : {}),
          ...('overlapping' in d && d.overlapping ? { overlapping: d.overlapping as 'disable' | 'allow' } : {}),
        }
      : { file, variables: d as Record<string, VariableValue> };
  const secret = secretLikeKeys(config.variables)[0];
  if (secret) throw new EngineError(`${shown(file)}: ${setupForm ? 'variables.' : ''}${secret} looks like a secret; secrets never go in the config file — use the environment`);
  return config;
}

/** Reads `file` (relative to `cwd`). */
export function readConfigFile(file: string, cwd = process.cwd()): LoadedConfig {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new EngineError(`${file} not found — run presence-kit setup to write it, or pass the right --config path`);
  return parseConfig(readFileSync(path, 'utf8'), file);
}

/**
 * The existing-install answers of a run: the flags', then the saved file's for every entity no
 * flag names — a flag wins over the file (`--adopt X` over a saved `use: [X]`), never joins it
 * into "both --use and --adopt".
 */
export function existingAnswers(flags: { adopt?: readonly string[]; use?: readonly string[] }, saved: { adopt?: readonly string[]; use?: readonly string[] } | undefined): { adopt: string[]; use: string[] } {
  const flagged = new Set([...(flags.adopt ?? []), ...(flags.use ?? [])]);
  const kept = (list: readonly string[] | undefined) => (list ?? []).filter((r) => !flagged.has(r));
  return { adopt: [...new Set([...(flags.adopt ?? []), ...kept(saved?.adopt)])], use: [...new Set([...(flags.use ?? []), ...kept(saved?.use)])] };
}
