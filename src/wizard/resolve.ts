import type { VariableValue } from '../engine/config-file.js';
import { splitCommaList as splitList } from '../util/comma-list.js';

/**
 * Which blueprints the wizard sets up when it may not ask (no TTY, `--yes`), and what preselects
 * them when it may: `--blueprint` flags, then PRESENCE_KIT_BLUEPRINTS, then the config file, else
 * all. Variable values are the engine's business (engine/variables.ts): the wizard hands it its
 * extra sources (what the org suggests, the answers to its questions) and never parses one itself.
 * Pure: no I/O, so every rule is unit-tested.
 */
export type VariableType = 'string' | 'number' | 'boolean' | 'list' | 'map';

/** A manifest variable as a question. */
export interface VariableSpec {
  name: string;
  /** The blueprint that declares it (several may share one name, e.g. a presence id). */
  blueprints: string[];
  description?: string;
  type: VariableType;
  default?: VariableValue;
  /** Values are presences (a name such as Busy, or a presence definition id). */
  presence?: boolean;
  /** The only values allowed. */
  enum?: string[];
  required?: boolean;
}

export interface BlueprintChoice {
  name: string;
  description: string;
  /** Left out of "all" (the manifest's `optIn`): chosen only by name. */
  optIn?: boolean;
  variables: VariableSpec[];
}

export interface BlueprintSources {
  flags?: { blueprints?: string[] };
  env?: NodeJS.ProcessEnv;
  config?: { blueprints?: string[] };
}

export type Source = 'flag' | 'env' | 'config' | 'default';

export class AnswerError extends Error {}

export const ENV_BLUEPRINTS = 'PRESENCE_KIT_BLUEPRINTS';

/** The chosen blueprints, validated against what exists; all of them when nothing says otherwise. */
export function resolveBlueprints(available: readonly BlueprintChoice[], src: BlueprintSources): { names: string[]; source: Source } {
  const fromEnv = src.env?.[ENV_BLUEPRINTS];
  const [names, source]: [string[], Source] = src.flags?.blueprints?.length
    ? [src.flags.blueprints.flatMap(splitList), 'flag']
    : fromEnv
      ? [splitList(fromEnv), 'env']
      : src.config?.blueprints?.length
        ? [src.config.blueprints, 'config']
        : [available.filter((b) => !b.optIn).map((b) => b.name), 'default'];
  const known = available.map((b) => b.name);
  const unknown = names.filter((n) => !known.includes(n));
  // Name where the bad name came from the way the user wrote it there.
  const from = { flag: '--blueprint', env: ENV_BLUEPRINTS, config: 'the config file', default: 'the defaults' }[source];
  if (unknown.length) throw new AnswerError(`unknown blueprint "${unknown[0]}" (from ${from}): choose from ${known.join(', ')}`);
  if (!names.length) throw new AnswerError(`no blueprint chosen: choose from ${known.join(', ')}`);
  // Manifest order, whatever order they were named in: it is the dependency-free display order.
  return { names: known.filter((k) => names.includes(k)), source };
}

/** The variables of the chosen blueprints, one spec per name. */
export function variablesOf(available: readonly BlueprintChoice[], chosen: readonly string[]): VariableSpec[] {
  const byName = new Map<string, VariableSpec>();
  for (const b of available.filter((x) => chosen.includes(x.name)))
    for (const v of b.variables) {
      const seen = byName.get(v.name);
      byName.set(v.name, seen ? { ...seen, blueprints: [...new Set([...seen.blueprints, ...v.blueprints])] } : v);
    }
  return [...byName.values()];
}
