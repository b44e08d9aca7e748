import { resolve } from 'node:path';
import { CONFIG_VERSION, ConfigFileSchema, secretLikeKeys, type ConfigFile } from '../engine/config-file.js';
import { writeJsonAtomic } from '../util/atomic-file.js';
import { redact } from '../genesys/redact.js';
import type { Answers } from './answers.js';

/**
 * Writing `presence-kit.config.json` (reading it, and its format, are the engine's:
 * engine/config-file.ts, the one reader `setup` and `apply --config` share).
 */
export { CONFIG_FILE as DEFAULT_CONFIG_FILE } from '../engine/saved-config.js';

export class ConfigFileError extends Error {}

/** The file's content for some answers: stable key order, so re-runs give identical files. */
export function configFor(answers: Answers): ConfigFile {
  const variables = Object.fromEntries(Object.entries(answers.variables).sort(([a], [b]) => a.localeCompare(b)));
  return {
    $comment: 'Written by presence-kit setup. Replay with: presence-kit apply --config presence-kit.config.json --yes (no secrets here: credentials come from GENESYSCLOUD_*).',
    version: CONFIG_VERSION,
    blueprints: [...answers.blueprints],
    variables,
    ...(answers.jobs && Object.keys(answers.jobs).length ? { jobs: answers.jobs } : {}),
    ...(answers.adopt?.length ? { adopt: [...answers.adopt] } : {}),
    ...(answers.use?.length ? { use: [...answers.use] } : {}),
    ...(answers.overlapping ? { overlapping: answers.overlapping } : {}),
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
