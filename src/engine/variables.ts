import { readFileSync } from 'node:fs';
import { SYSTEM_PRESENCE_IDS, parseSystemPresence } from '../model/presence.js';
import { didYouMean, EngineError } from './errors.js';
import { shown, type Manifest, type VariableDecl } from './manifest.js';

/**
 * Variable values, from (first wins) `--set KEY=VALUE`, `--config FILE` (a JSON object), the values
 * recorded at the last apply, and the manifest's defaults. Typed and checked here, before anything
 * talks to Genesys.
 */
export interface VariableInputs {
  /** `KEY=VALUE`, or `MAPVAR.KEY=VALUE` for one entry of a map variable. */
  set?: string[];
  /** A `--config` file path, or its content already parsed. */
  config?: string | Record<string, unknown>;
  /** Values the state file recorded at the last apply. */
  recorded?: Record<string, unknown>;
}

export type Values = Record<string, unknown>;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A `--config` file: a JSON object of variable values, or the setup wizard's file
 * (`{"version": 1, "blueprints": [...], "variables": {...}}`).
 */
export function readConfigFile(file: string): { variables: Record<string, unknown>; blueprints?: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    throw new EngineError(`--config ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'file not found' : `not valid JSON (${(e as Error).message})`}`);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new EngineError(`--config ${file}: expected a JSON object of variable values, e.g. {"busyPresenceId": "Busy"}`);
  const o = raw as Record<string, unknown>;
  if (o.variables && typeof o.variables === 'object' && !Array.isArray(o.variables)) {
    const blueprints = Array.isArray(o.blueprints) ? o.blueprints.filter((b): b is string => typeof b === 'string') : undefined;
    return { variables: o.variables as Record<string, unknown>, blueprints };
  }
  return { variables: o };
}

/** One `--set KEY=VALUE` (the value may hold `=` and commas); the value is typed later, against what it sets. */
export function splitSetFlag(text: string): { key: string; value: string } {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new EngineError(`--set "${text}" is not KEY=VALUE: e.g. --set busyPresenceId=Busy`);
  return { key: text.slice(0, eq).trim(), value: text.slice(eq + 1) };
}

/** Every `--set`, by key (the last one of a key wins) — for the wizard and the import placeholders. */
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

function coerce(name: string, decl: VariableDecl, raw: unknown, source: string): unknown {
  const fail = (why: string): never => {
    throw new EngineError(`variable ${name} (${source}): ${why}`);
  };
  const presence = (v: unknown, label = name): string => {
    // Empty is a choice too ("no presence"); a required variable still needs a value.
    if (v === '' && !decl.required) return '';
    if (typeof v !== 'string' || !v.trim()) return fail(`${label} must be a presence name or id`);
    const sys = parseSystemPresence(v);
    if (sys) return SYSTEM_PRESENCE_IDS[sys];
    if (UUID.test(v.trim())) return v.trim().toLowerCase();
    return fail(`"${v}" is not a presence — use a system presence (${Object.keys(SYSTEM_PRESENCE_IDS).join(', ')}) or a presence definition id (GET /api/v2/presence/definitions)`);
  };
  const str = (v: unknown): string => {
    if (typeof v !== 'string' && typeof v !== 'number') return fail(`expected text, got ${JSON.stringify(v)}`);
    const s = String(v);
    if (decl.enum && !decl.enum.includes(s)) fail(`"${s}" is not allowed — use one of ${decl.enum.join(', ')}${didYouMean(s, decl.enum)}`);
    if (decl.pattern && !new RegExp(decl.pattern).test(s)) fail(`"${s}" does not match ${decl.pattern}`);
    return s;
  };
  const one = (v: unknown, label = name): string => (decl.format === 'presence' ? presence(v, label) : str(v));
  switch (decl.type) {
    case 'boolean':
      if (typeof raw === 'boolean') return raw;
      if (raw === 'true' || raw === 'false') return raw === 'true';
      return fail(`expected true or false, got ${JSON.stringify(raw)}`);
    case 'number':
      if (typeof raw === 'number' || (typeof raw === 'string' && raw.trim() !== '' && !Number.isNaN(Number(raw)))) return Number(raw);
      return fail(`expected a number, got ${JSON.stringify(raw)}`);
    case 'list': {
      const arr = typeof raw === 'string' ? raw.split(',').map((x) => x.trim()).filter(Boolean) : raw;
      if (!Array.isArray(arr)) return fail('expected a list (comma-separated with --set)');
      return arr.map((v, i) => one(v, `${name}[${i}]`));
    }
    case 'map': {
      let obj = raw;
      if (typeof raw === 'string') {
        try {
          obj = JSON.parse(raw);
        } catch {
          return fail(`expected a JSON object, or set one entry with --set ${name}.KEY=VALUE`);
        }
      }
      if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return fail('expected an object of KEY: VALUE');
      return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, one(v, `${name}.${k}`)]));
    }
    default:
      return one(raw);
  }
}

/** Every selected manifest's variables, resolved and checked. */
export function resolveVariables(manifests: readonly Manifest[], inputs: VariableInputs = {}): Values {
  const decls = declarations(manifests);
  const known = [...decls.keys()];
  const config = typeof inputs.config === 'string' ? readConfigFile(inputs.config).variables : (inputs.config ?? {});
  for (const k of Object.keys(config)) {
    if (!decls.has(k)) throw new EngineError(`--config: unknown variable "${k}"${didYouMean(k, known)} — the selected blueprints declare: ${known.join(', ') || 'none'}`);
  }
  const sets = parseSets(inputs.set ?? []);
  for (const s of sets) {
    const d = decls.get(s.name);
    if (!d) throw new EngineError(`--set ${s.text}: unknown variable "${s.name}"${didYouMean(s.name, known)} — the selected blueprints declare: ${known.join(', ') || 'none'}`);
    if (s.key && d.decl.type !== 'map') throw new EngineError(`--set ${s.text}: ${s.name} is not a map; use --set ${s.name}=VALUE`);
  }

  const values: Values = {};
  for (const [name, { decl, file }] of decls) {
    const whole = sets.filter((s) => s.name === name && !s.key).at(-1);
    let raw: unknown;
    let source: string;
    if (whole) [raw, source] = [whole.value, '--set'];
    else if (name in config) [raw, source] = [config[name], '--config'];
    else if (inputs.recorded && name in inputs.recorded) [raw, source] = [inputs.recorded[name], 'last apply'];
    else [raw, source] = [decl.default, shown(file)];
    const entries = sets.filter((s) => s.name === name && s.key);
    if (raw === undefined && !entries.length) {
      if (decl.required) throw new EngineError(`variable ${name} is required (${decl.description}) — pass --set ${name}=VALUE or give it in --config FILE`);
      continue;
    }
    let value = raw === undefined ? undefined : coerce(name, decl, raw, source);
    if (entries.length) {
      const map = { ...((value as Record<string, unknown>) ?? {}) };
      for (const e of entries) map[e.key!] = (coerce(name, decl, { [e.key!]: e.value }, '--set') as Record<string, unknown>)[e.key!];
      value = map;
    }
    values[name] = value;
  }
  return values;
}
