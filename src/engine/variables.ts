import { SYSTEM_PRESENCE_IDS, parseSystemPresence } from '../model/presence.js';
import { readConfigFile, type VariableValue } from './config-file.js';
import { didYouMean, EngineError } from './errors.js';
import { shown, type Manifest, type VariableDecl } from './manifest.js';
import { splitCommaList as splitList } from '../util/comma-list.js';

/**
 * Manifest variables: the one place their values are read, typed and checked, whichever command
 * or wizard step they come from. Sources, first wins:
 *
 *   `--set KEY=VALUE` > `PRESENCE_KIT_VAR_KEY` > the setup wizard's answers > `--config FILE`
 *   > the values of the last apply > what the org suggests (the wizard) > the manifest default
 *
 * A text value (a flag, the environment, a string in a file) is read the same way from every
 * source; a bad one is one line naming the variable, where the value came from and what fits.
 */
export interface VariableInputs {
  /** `KEY=VALUE`, or `MAPVAR.KEY=VALUE` for one entry of a map variable. */
  set?: string[];
  /** The environment: `PRESENCE_KIT_VAR_KEY=VALUE` (an empty one counts as unset). */
  env?: Readonly<Record<string, string | undefined>>;
  /** The setup wizard's answers to its questions. */
  answers?: Record<string, unknown>;
  /** A `--config` file path (relative to the working directory), or one already read (`file` names it in messages). */
  config?: string | ConfigValues;
  /** Values the state file recorded at the last apply. */
  recorded?: Record<string, unknown>;
  /** Defaults only the org can give (the setup wizard: e.g. every management unit). */
  suggested?: Record<string, unknown>;
}

export interface ConfigValues {
  file?: string;
  variables: Record<string, unknown>;
}

export type Values = Record<string, unknown>;

export type VariableSource = 'set' | 'env' | 'answer' | 'config' | 'recorded' | 'suggested' | 'default';

export const ENV_PREFIX = 'PRESENCE_KIT_VAR_';
export const envVarFor = (name: string) => `${ENV_PREFIX}${name}`;

/** One variable's outcome. `given`/`value`/`source` are absent when no source has it. */
export interface ResolvedVariable {
  name: string;
  decl: VariableDecl;
  /** The manifest that declares it (the first, when several share it). */
  file: string;
  /** Typed, as the source gave it (a presence stays "Busy"). */
  given?: VariableValue;
  /** Checked and normalised (a presence name becomes its id): what the manifests get. */
  value?: unknown;
  source?: VariableSource;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One `--set KEY=VALUE` (the value may hold `=` and commas); the value is typed later, against what it sets. */
export function splitSetFlag(text: string): { key: string; value: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new EngineError(`--set "${text}" is not KEY=VALUE: e.g. --set busyPresenceId=Busy`);
  return { key: text.slice(0, eq).trim(), value: text.slice(eq + 1) };
}

/** Every `--set`, by key (the last one of a key wins) — for the import placeholders. */
export const parseSetFlags = (sets: readonly string[] = []): Record<string, string> =>
  Object.fromEntries(sets.map((text) => Object.values(splitSetFlag(text)) as [string, string]));

function parseSets(sets: readonly string[]): Array<{ name: string; key?: string; value: string; text: string }> {
  return sets.map((text) => {
    const { key: whole, value } = splitSetFlag(text);
    const [name, ...rest] = whole.split('.');
    return { name: name!, key: rest.length ? rest.join('.') : undefined, value, text };
  });
}

/** The declarations of every selected manifest, by variable name (the same name means the same value). */
function declarations(manifests: readonly Manifest[]): Map<string, { decl: VariableDecl; file: string }> {
  const out = new Map<string, { decl: VariableDecl; file: string }>();
  for (const m of manifests)
    for (const [name, decl] of Object.entries(m.variables)) {
      const prev = out.get(name);
      if (prev && (prev.decl.type !== decl.type || prev.decl.format !== decl.format))
        throw new EngineError(`${shown(m.file)}: variables.${name}: declared as ${decl.type} here but as ${prev.decl.type} in ${shown(prev.file)} — the same variable name must have the same type`);
      if (!prev) out.set(name, { decl, file: m.file });
    }
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => Boolean(v) && typeof v === 'object' && !Array.isArray(v);

function json(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `Busy:Away, DoNotDisturb:Busy` → an object; undefined when a pair has no `:`. */
function pairs(text: string): Record<string, string> | undefined {
  const out: Record<string, string> = {};
  for (const pair of splitList(text)) {
    const i = pair.indexOf(':');
    if (i <= 0) return undefined;
    out[pair.slice(0, i).trim()] = pair.slice(i + 1).trim();
  }
  return out;
}

type Fail = (why: string) => never;

/** One text element (the value of a string variable, an item of a list, an entry of a map). */
function element(v: unknown, where: string, fail: Fail): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return fail(`${where}expected text, got ${JSON.stringify(v)}`);
}

/** A value as its source gave it → the declared type. Text reads the same from every source. */
function typed(name: string, decl: VariableDecl, raw: unknown, fail: Fail): VariableValue {
  switch (decl.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (typeof raw === 'string' && /^\s*(true|yes|1)\s*$/i.test(raw)) return true;
      if (typeof raw === 'string' && /^\s*(false|no|0)\s*$/i.test(raw)) return false;
      return fail(`expected true or false (or yes/no), got ${JSON.stringify(raw)}`);
    case 'number': {
      const n = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
      if (Number.isFinite(n)) return n;
      return fail(`expected a number, got ${JSON.stringify(raw)}`);
    }
    case 'list': {
      const arr = typeof raw === 'string' ? (raw.trim().startsWith('[') ? json(raw) : splitList(raw)) : raw;
      if (!Array.isArray(arr)) return fail('expected a list: comma-separated (a,b) or a JSON list');
      return arr.map((v, i) => element(v, `${name}[${i}]: `, fail));
    }
    case 'map': {
      const obj = typeof raw === 'string' ? (raw.trim().startsWith('{') ? json(raw) : pairs(raw)) : raw;
      if (!isObject(obj)) return fail(`expected KEY:VALUE pairs separated by commas, a JSON object, or one entry with --set ${name}.KEY=VALUE`);
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, element(v, `${name}.${k}: `, fail)]));
    }
    default:
      return element(raw, '', fail);
  }
}

/**
 * A presence as the user may give it — a system presence name (`Busy`, `On Queue`, any case) or a
 * presence definition id — as the id Genesys needs; undefined when it is neither. The one rule
 * `apply`, the wizard and `import workflow --set` share.
 */
export function presenceIdOf(text: string): string | undefined {
  const sys = parseSystemPresence(text);
  if (sys) return SYSTEM_PRESENCE_IDS[sys];
  return UUID.test(text.trim()) ? text.trim().toLowerCase() : undefined;
}

/** The refusal for a value that is not a presence, naming what would be. */
export const notAPresence = (text: string) =>
  `"${text}" is not a presence — use a system presence (${Object.keys(SYSTEM_PRESENCE_IDS).join(', ')}) or a presence definition id (GET /api/v2/presence/definitions)`;

/** A typed value → what the manifests get: presence names become ids; enums and patterns are checked. */
function checked(name: string, decl: VariableDecl, v: VariableValue, fail: Fail): unknown {
  const one = (s: string, where = ''): string => {
    if (decl.format === 'presence') {
      // Empty is a choice too ("no presence"); a required variable still needs a value.
      if (s === '' && !decl.required) return '';
      if (!s.trim()) return fail(`${where || `${name} `}must be a presence name or id`);
      return presenceIdOf(s) ?? fail(`${where}${notAPresence(s)}`);
    }
    if (decl.enum && !decl.enum.includes(s)) fail(`${where}"${s}" is not allowed — use one of ${decl.enum.join(', ')}${didYouMean(s, decl.enum)}`);
    if (decl.pattern && !new RegExp(decl.pattern).test(s)) fail(`${where}"${s}" does not match ${decl.pattern}`);
    return s;
  };
  if (Array.isArray(v)) return v.map((x, i) => one(x, `${name}[${i}]: `));
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, one(x as string, `${name}.${k}: `)]));
  return typeof v === 'string' ? one(v) : v;
}

/** How a source is named in messages. */
function sourceLabel(source: VariableSource, name: string, file: string, inputs: VariableInputs): string {
  switch (source) {
    case 'set':
      return '--set';
    case 'env':
      return envVarFor(name);
    case 'answer':
      return 'setup answer';
    case 'config':
      return typeof inputs.config === 'string' ? shown(inputs.config) : inputs.config?.file ? shown(inputs.config.file) : '--config';
    case 'recorded':
      return 'last apply';
    case 'suggested':
      return 'suggested by the org';
    default:
      return shown(file);
  }
}

/** One value from one source, typed and checked; throws the one line users read. */
function coerce(name: string, decl: VariableDecl, raw: unknown, label: string): { given: VariableValue; value: unknown } {
  const fail: Fail = (why) => {
    throw new EngineError(`variable ${name} (${label}): ${why}`);
  };
  const given = typed(name, decl, raw, fail);
  return { given, value: checked(name, decl, given, fail) };
}

/** The config values: from the file when `config` is a path. */
const configValues = (config: VariableInputs['config']): Record<string, unknown> =>
  typeof config === 'string' ? readConfigFile(config).variables : (config?.variables ?? {});

export interface ResolveOptions {
  /**
   * Whether a config key no selected blueprint declares is another blueprint's variable (ignored:
   * one config file serves any selection) rather than a typo (refused).
   */
  declaredElsewhere?(name: string): boolean;
}

/**
 * Every selected manifest's variables from the sources, each typed and checked; a variable no
 * source has is left without a value (the caller decides whether to ask or to refuse).
 */
export function resolveEach(manifests: readonly Manifest[], inputs: VariableInputs = {}, opts: ResolveOptions = {}): ResolvedVariable[] {
  const decls = declarations(manifests);
  const known = [...decls.keys()];
  const config = configValues(inputs.config);
  for (const k of Object.keys(config)) {
    if (!decls.has(k) && !opts.declaredElsewhere?.(k))
      throw new EngineError(`${sourceLabel('config', k, '', inputs)}: unknown variable "${k}"${didYouMean(k, known)} — the selected blueprints declare: ${known.join(', ') || 'none'}`);
  }
  const sets = parseSets(inputs.set ?? []);
  for (const s of sets) {
    const d = decls.get(s.name);
    if (!d) throw new EngineError(`--set ${s.text}: unknown variable "${s.name}"${didYouMean(s.name, known)} — the selected blueprints declare: ${known.join(', ') || 'none'}`);
    if (s.key && d.decl.type !== 'map') throw new EngineError(`--set ${s.text}: ${s.name} is not a map; use --set ${s.name}=VALUE`);
  }

  return [...decls].map(([name, { decl, file }]) => {
    const whole = sets.filter((s) => s.name === name && !s.key).at(-1);
    const env = inputs.env?.[envVarFor(name)];
    const has = (o: Record<string, unknown> | undefined) => o !== undefined && name in o && o[name] !== undefined;
    const found: Array<[VariableSource, unknown]> = [
      ...(whole ? [['set', whole.value] as [VariableSource, unknown]] : []),
      ...(env !== undefined && env !== '' ? [['env', env] as [VariableSource, unknown]] : []),
      ...(has(inputs.answers) ? [['answer', inputs.answers![name]] as [VariableSource, unknown]] : []),
      ...(has(config) ? [['config', config[name]] as [VariableSource, unknown]] : []),
      ...(has(inputs.recorded) ? [['recorded', inputs.recorded![name]] as [VariableSource, unknown]] : []),
      ...(has(inputs.suggested) ? [['suggested', inputs.suggested![name]] as [VariableSource, unknown]] : []),
      ...(decl.default !== undefined ? [['default', decl.default] as [VariableSource, unknown]] : []),
    ];
    const entries = sets.filter((s) => s.name === name && s.key);
    const top = found[0];
    if (!top && !entries.length) return { name, decl, file };
    let out = top ? coerce(name, decl, top[1], sourceLabel(top[0], name, file, inputs)) : undefined;
    if (entries.length) {
      // `--set MAP.KEY=VALUE` changes one entry of whatever the map is otherwise.
      const given = { ...((out?.given as Record<string, string> | undefined) ?? {}) };
      const value = { ...((out?.value as Record<string, unknown> | undefined) ?? {}) };
      for (const e of entries) {
        const one = coerce(name, decl, { [e.key!]: e.value }, '--set');
        given[e.key!] = (one.given as Record<string, string>)[e.key!]!;
        value[e.key!] = (one.value as Record<string, unknown>)[e.key!];
      }
      out = { given, value };
    }
    return { name, decl, file, ...out, source: entries.length ? 'set' : top![0] };
  });
}

/** The line a run fails with when a required variable has no value. */
export const missingVariable = (name: string, decl: VariableDecl): EngineError =>
  new EngineError(`variable ${name} is required (${decl.description}) — pass --set ${name}=VALUE, set ${envVarFor(name)}, or give it in --config FILE`);

/** Every selected manifest's variables, resolved and checked; a required one without a value is refused. */
export function resolveVariables(manifests: readonly Manifest[], inputs: VariableInputs = {}, opts: ResolveOptions = {}): Values {
  const values: Values = {};
  for (const r of resolveEach(manifests, inputs, opts)) {
    if (r.source) values[r.name] = r.value;
    else if (r.decl.required) throw missingVariable(r.name, r.decl);
  }
  return values;
}
