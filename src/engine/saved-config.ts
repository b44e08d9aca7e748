import { existsSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Where the setup wizard saves its answers (no secrets): variables, blueprints, and the existing
 * install's take-over / use / beside answers. Like Terraform's `terraform.tfvars`, it is read
 * without being named — by `setup --yes`, `doctor`, `plan` and `apply` — so an admin who answered
 * once never repeats it on the command line. Light on purpose (no zod): the CLI's option parsing
 * imports it on every start.
 */
export const CONFIG_FILE = 'presence-kit.config.json';

/** Whether this directory holds saved answers. */
export const hasSavedConfig = (workDir = process.cwd()): boolean => existsSync(join(workDir, CONFIG_FILE));

/** `--config FILE` when given, else the saved answers in this directory when there are some. */
export const configOrSaved = (given: string | undefined, workDir = process.cwd()): string | undefined =>
  given ?? (hasSavedConfig(workDir) ? join(workDir, CONFIG_FILE) : undefined);
