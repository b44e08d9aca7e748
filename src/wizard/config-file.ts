import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeJsonAtomic } from '../util/atomic-file.js';
import { redact } from '../genesys/redact.js';
import { CONFIG_VERSION, ConfigFileSchema, secretLikeKeys, type Answers, type ConfigFile } from './answers.js';

export const DEFAULT_CONFIG_FILE = 'presence-kit.config.json';

export class ConfigFileError extends Error {}

/** Parses a config document; every problem becomes one line naming the file and the field. */
export function parseConfig(text: string, file = DEFAULT_CONFIG_FILE): ConfigFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigFileError(`${file} is not valid JSON (${(err as Error).message}): fix it or write it again with presence-kit setup`);
  }
  const parsed = ConfigFileSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    const where = i.path.length ? i.path.join('.') : '(top level)';
    const msg = i.code === 'unrecognized_keys' ? `unknown field ${i.keys.map((k) => `"${k}"`).join(', ')}` : i.message;
    throw new ConfigFileError(`${file}: ${where}: ${msg}`);
  }
  const secretKeys = secretLikeKeys(parsed.data.variables);
  if (secretKeys.length) throw new ConfigFileError(`${file}: variables.${secretKeys[0]} looks like a secret; secrets never go in the config file — use the environment`);
  return parsed.data;
}

export function readConfig(file: string, cwd = process.cwd()): ConfigFile {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw new ConfigFileError(`${file} not found: run presence-kit setup to write it, or pass the right --config path`);
  return parseConfig(readFileSync(path, 'utf8'), file);
}

/** The file's content for some answers: stable key order, so re-runs give identical files. */
export function configFor(answers: Answers): ConfigFile {
  const variables = Object.fromEntries(Object.entries(answers.variables).sort(([a], [b]) => a.localeCompare(b)));
  return {
    $comment: 'Written by presence-kit setup. Replay with: presence-kit apply --config presence-kit.config.json --yes (no secrets here: credentials come from GENESYSCLOUD_*).',
    version: CONFIG_VERSION,
    blueprints: [...answers.blueprints],
    variables,
    ...(answers.jobs && Object.keys(answers.jobs).length ? { jobs: answers.jobs } : {}),
  };
}

/** Writes atomically (temp + rename), owner-only. Refuses to write anything that is a known secret. */
export function writeConfig(file: string, answers: Answers, cwd = process.cwd()): string {
  const config = configFor(answers);
  ConfigFileSchema.parse(config);
  const text = JSON.stringify(config);
  // Every secret the process has seen is registered for redaction: if redaction changes the
  // document, a secret is in it.
  if (secretLikeKeys(config.variables).length || redact(text) !== text) throw new ConfigFileError('refusing to write a secret into the config file');
  const path = resolve(cwd, file);
  writeJsonAtomic(path, config);
  return path;
}
