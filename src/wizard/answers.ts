import { z } from 'zod';
import { parseDuration } from '../util/duration.js';

/**
 * What the wizard decides, as it is saved to `presence-kit.config.json` and replayed by
 * `presence-kit apply --config FILE --yes`: which blueprints, and the value of each manifest
 * variable (the same KEY=VALUE that `--set` takes). Never a secret: where to connect comes from
 * the environment, not from this file.
 */
export const CONFIG_VERSION = 1;

/** A variable's value: text, a number, a switch, a list (management units) or a table (Teams mapping). */
export const VariableValueSchema = z.union([
  z.string(),
  z.number(),
  z.boolean(),
  z.array(z.string()),
  z.record(z.string(), z.string()),
]);
export type VariableValue = z.infer<typeof VariableValueSchema>;

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

export const AnswersSchema = z.object({
  blueprints: z
    .array(z.string().min(1, { error: 'a blueprint name cannot be empty' }), { error: 'blueprints must be a list of blueprint names' })
    .min(1, { error: 'pick at least one blueprint (communicate-call, teams-presence, pre-break)' }),
  variables: z.record(z.string(), VariableValueSchema).default({}),
  jobs: JobsSchema.optional(),
});
export type Answers = z.infer<typeof AnswersSchema>;

export const ConfigFileSchema = AnswersSchema.extend({
  $comment: z.string().optional(),
  version: z.literal(CONFIG_VERSION, { error: `version must be ${CONFIG_VERSION}` }),
}).strict();
export type ConfigFile = z.infer<typeof ConfigFileSchema>;

/** Names that look like they hold a secret; the config file refuses them outright. */
const SECRET_NAME = /secret|password|token|apikey|api_key/i;

export function secretLikeKeys(variables: Record<string, VariableValue>): string[] {
  return Object.keys(variables).filter((k) => SECRET_NAME.test(k));
}

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
