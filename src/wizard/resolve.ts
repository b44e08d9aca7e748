import { parseSetFlags } from '../engine/variables.js';
import type { ConfigFile, VariableValue } from './answers.js';

/**
 * Where the wizard's answers come from when it may not ask (no TTY, `--yes`), and what prefills
 * the questions when it may: `--blueprint`/`--set` flags, then PRESENCE_KIT_* environment, then
 * the config file, then what the org suggests (e.g. every management unit), then the manifest's
 * default. Pure: no I/O, so every rule is unit-tested.
 */
export type VariableType = 'string' | 'number' | 'boolean' | 'list' | 'map';

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
  variables: VariableSpec[];
}

export interface AnswerSources {
  flags?: { blueprints?: string[]; set?: string[] };
  env?: NodeJS.ProcessEnv;
  config?: ConfigFile;
  /** Defaults only the org can give (computed after connecting). */
  orgDefaults?: Record<string, VariableValue>;
}

export type Source = 'flag' | 'env' | 'config' | 'org' | 'default';

export class AnswerError extends Error {}

export const ENV_BLUEPRINTS = 'PRESENCE_KIT_BLUEPRINTS';
export const envVarFor = (name: string) => `PRESENCE_KIT_VAR_${name}`;

const splitList = (s: string) =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

/** The chosen blueprints, validated against what exists; all of them when nothing says otherwise. */
export function resolveBlueprints(available: readonly BlueprintChoice[], src: AnswerSources): { names: string[]; source: Source } {
  const fromEnv = src.env?.[ENV_BLUEPRINTS];
  const [names, source]: [string[], Source] = src.flags?.blueprints?.length
    ? [src.flags.blueprints.flatMap(splitList), 'flag']
    : fromEnv
      ? [splitList(fromEnv), 'env']
      : src.config
        ? [src.config.blueprints, 'config']
        : [available.map((b) => b.name), 'default'];
  const known = available.map((b) => b.name);
  const unknown = names.filter((n) => !known.includes(n));
  // Name where the bad name came from the way the user wrote it there.
  const from = { flag: '--blueprint', env: ENV_BLUEPRINTS, config: 'the config file', org: 'the org', default: 'the defaults' }[source];
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

/** A text value (flag, environment) as the variable's type wants it. */
export function coerce(spec: VariableSpec, raw: string, from: string): VariableValue {
  const bad = (want: string) => new AnswerError(`${spec.name} (from ${from}): "${raw}" is not ${want}`);
  switch (spec.type) {
    case 'number': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw bad('a number');
      return n;
    }
    case 'boolean':
      if (/^(true|yes|1)$/i.test(raw)) return true;
      if (/^(false|no|0)$/i.test(raw)) return false;
      throw bad('true or false');
    case 'list':
      if (raw.trim().startsWith('[')) {
        const v = tryJson(raw);
        if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw bad('a JSON list of strings');
        return v as string[];
      }
      return splitList(raw);
    case 'map': {
      if (raw.trim().startsWith('{')) {
        const v = tryJson(raw);
        if (!v || typeof v !== 'object' || Array.isArray(v) || Object.values(v).some((x) => typeof x !== 'string')) throw bad('a JSON object of strings');
        return v as Record<string, string>;
      }
      const out: Record<string, string> = {};
      for (const pair of splitList(raw)) {
        const i = pair.indexOf(':');
        if (i <= 0) throw bad('KEY:VALUE pairs separated by commas (or a JSON object)');
        out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
      }
      return out;
    }
    default:
      return raw;
  }
}

/** Whether a value (e.g. from the config file) fits the variable's type. */
export function fits(spec: VariableSpec, v: VariableValue): boolean {
  switch (spec.type) {
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'list':
      return Array.isArray(v);
    case 'map':
      return typeof v === 'object' && !Array.isArray(v);
    default:
      return typeof v === 'string';
  }
}

function tryJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

export interface Resolved {
  value?: VariableValue;
  source?: Source;
}

/** One variable's answer from the sources, highest precedence first; undefined when none has it. */
export function resolveVariable(spec: VariableSpec, src: AnswerSources, sets = parseSetFlags(src.flags?.set)): Resolved {
  if (spec.name in sets) return { value: coerce(spec, sets[spec.name]!, `--set ${spec.name}`), source: 'flag' };
  const env = src.env?.[envVarFor(spec.name)];
  if (env !== undefined && env !== '') return { value: coerce(spec, env, envVarFor(spec.name)), source: 'env' };
  const fromConfig = src.config?.variables[spec.name];
  if (fromConfig !== undefined) {
    if (!fits(spec, fromConfig)) throw new AnswerError(`presence-kit.config.json: variables.${spec.name} must be a ${spec.type}`);
    return { value: fromConfig, source: 'config' };
  }
  const org = src.orgDefaults?.[spec.name];
  if (org !== undefined) return { value: org, source: 'org' };
  if (spec.default !== undefined) return { value: spec.default, source: 'default' };
  return {};
}

/** The one line a non-interactive run fails with when an answer has no source and no default. */
export function missingAnswer(spec: VariableSpec): AnswerError {
  const what = spec.description ? ` (${spec.description})` : '';
  return new AnswerError(
    `missing answer: ${spec.name}${what} for ${spec.blueprints.join(', ')} — pass --set ${spec.name}=…, set ${envVarFor(spec.name)}, or add it to presence-kit.config.json`,
  );
}

/**
 * Every variable of the chosen blueprints, non-interactively. `--set` of a variable no chosen
 * blueprint declares is an error (a typo would otherwise be silently ignored).
 */
export function resolveAll(specs: readonly VariableSpec[], src: AnswerSources): { values: Record<string, VariableValue>; sources: Record<string, Source> } {
  const sets = parseSetFlags(src.flags?.set);
  const names = specs.map((s) => s.name);
  // `MAP.KEY=VALUE` sets one entry of a map variable (as `presence-kit apply --set` does).
  const entries = Object.entries(sets).filter(([k]) => k.includes('.') && specs.some((s) => s.type === 'map' && k.startsWith(`${s.name}.`)));
  for (const [k] of entries) delete sets[k];
  const stray = Object.keys(sets).filter((k) => !names.includes(k));
  if (stray.length) throw new AnswerError(`--set ${stray[0]}: no chosen blueprint has a variable of that name (known: ${names.join(', ') || 'none'})`);
  const values: Record<string, VariableValue> = {};
  const sources: Record<string, Source> = {};
  for (const spec of specs) {
    const r = resolveVariable(spec, src, sets);
    const mine = entries.filter(([k]) => k.startsWith(`${spec.name}.`));
    if (r.value === undefined && !mine.length) throw missingAnswer(spec);
    values[spec.name] = mine.length
      ? { ...((r.value as Record<string, string> | undefined) ?? {}), ...Object.fromEntries(mine.map(([k, v]) => [k.slice(spec.name.length + 1), v])) }
      : r.value!;
    sources[spec.name] = mine.length ? 'flag' : r.source!;
  }
  return { values, sources };
}
