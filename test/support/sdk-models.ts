import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, dirname } from 'node:path';

/**
 * The official SDK's model definitions (purecloud-platform-client-v2's index.d.ts: `Models.*`
 * interfaces, and per operation its body and return model), read once, to hold what crosses the
 * wire to them: unknown fields, missing required fields and wrong JSON types are problems.
 */
interface Field {
  type: string;
  optional: boolean;
}
export type Model = Map<string, Field>;

const require = createRequire(import.meta.url);
const DTS = join(dirname(require.resolve('purecloud-platform-client-v2/package.json')), 'index.d.ts');

let cache: { models: Map<string, Model>; operations: Map<string, { body?: string; returns?: string }> } | undefined;

function load() {
  if (cache) return cache;
  const text = readFileSync(DTS, 'utf8');
  const models = new Map<string, Model>();
  const start = text.indexOf('declare namespace Models {');
  // Interface bodies hold `{ [key: string]: T; }` maps: find each body's closing brace by depth.
  const header = /export interface (\w+) \{/g;
  header.lastIndex = start;
  for (let m = header.exec(text); m; m = header.exec(text)) {
    let depth = 1;
    let i = header.lastIndex;
    for (; i < text.length && depth > 0; i++) depth += text[i] === '{' ? 1 : text[i] === '}' ? -1 : 0;
    const body = text.slice(header.lastIndex, i - 1);
    const fields: Model = new Map();
    for (const line of body.split('\n')) {
      const f = /^\s*"([^"]+)"(\?)?: (.+);\s*$/.exec(line);
      if (f) fields.set(f[1]!, { type: f[3]!.trim(), optional: f[2] === '?' });
    }
    models.set(m[1]!, fields);
  }
  const operations = new Map<string, { body?: string; returns?: string }>();
  const head = text.slice(0, start);
  for (const o of head.matchAll(/^\s+(\w+)\(([^)]*)\): Promise<([^>]+(?:<[^>]+>)?)>;/gm)) {
    const body = /body\??: Models\.(\w+)/.exec(o[2]!)?.[1];
    const returns = /^Models\.(\w+)$/.exec(o[3]!.trim())?.[1];
    operations.set(o[1]!, { ...(body ? { body } : {}), ...(returns ? { returns } : {}) });
  }
  cache = { models, operations };
  return cache;
}

export const sdkModel = (name: string): Model | undefined => load().models.get(name);
export const sdkOperation = (name: string) => load().operations.get(name);

const typeOf = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);

/** Problems of `value` against an SDK type (`Models.X`, `Array<…>`, `Record<string, …>`, primitives), each with its JSON path. */
export function validate(value: unknown, type: string, path = '$'): string[] {
  const t = type.trim();
  if (value === null || value === undefined) return [];
  if (t === 'string') return typeof value === 'string' ? [] : [`${path}: expected string, got ${typeOf(value)}`];
  if (t === 'number') return typeof value === 'number' ? [] : [`${path}: expected number, got ${typeOf(value)}`];
  if (t === 'boolean') return typeof value === 'boolean' ? [] : [`${path}: expected boolean, got ${typeOf(value)}`];
  if (t === 'object' || t === 'any' || t === 'Object') return [];
  const arr = /^Array<(.+)>$/.exec(t);
  if (arr) return Array.isArray(value) ? value.flatMap((v, i) => validate(v, arr[1]!, `${path}[${i}]`)) : [`${path}: expected array, got ${typeOf(value)}`];
  const rec = /^Record<string, (.+)>$/.exec(t) ?? /^\{ \[key: string\]: ([^;}]+)/.exec(t);
  if (rec) return typeOf(value) === 'object' ? Object.entries(value as object).flatMap(([k, v]) => validate(v, rec[1]!, `${path}.${k}`)) : [`${path}: expected object, got ${typeOf(value)}`];
  const model = /^Models\.(\w+)$/.exec(t)?.[1] ?? t;
  return validateModel(value, model, path);
}

/**
 * An entity reference inside an answer (`createdBy: {id, selfUri}`) is typed with the full model
 * (User, whose `version` the SDK requires for updates): Genesys sends such references without the
 * required fields, so they are held to unknown fields only.
 */
const isReference = (path: string, obj: Record<string, unknown>) => path.includes('.') && Object.keys(obj).every((k) => ['id', 'name', 'selfUri'].includes(k));

export function validateModel(value: unknown, name: string, path = '$'): string[] {
  const model = sdkModel(name);
  if (!model) return [`${path}: no SDK model ${name}`];
  if (typeOf(value) !== 'object') return [`${path}: expected ${name} object, got ${typeOf(value)}`];
  const obj = value as Record<string, unknown>;
  const problems: string[] = [];
  for (const [k, v] of Object.entries(obj)) {
    const f = model.get(k);
    if (!f) problems.push(`${path}.${k}: not a field of ${name}`);
    else problems.push(...validate(v, f.type, `${path}.${k}`));
  }
  if (!(path.startsWith('response') && isReference(path, obj))) for (const [k, f] of model) if (!f.optional && !(k in obj)) problems.push(`${path}.${k}: required by ${name}, missing`);
  return problems;
}
