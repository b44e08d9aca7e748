import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { KINDS } from '../resources/types.js';
import { BoundedCache } from '../util/bounded-cache.js';
import { didYouMean, EngineError } from './errors.js';
import { parseReference, referencesIn, RESOURCE_ATTRS } from './references.js';

/**
 * A blueprint manifest (`blueprints/*.yaml`): what one solution needs in Genesys, as resources
 * with logical names, each of a kind, with the exact name users see, a spec, and references to
 * variables and to other resources' ids. The zod schema is the single source of both the types
 * and the error messages a user reads.
 */
const IDENT = /^[A-Za-z][A-Za-z0-9_]*$/;

/** The same types the setup wizard asks by (a `list` of ids, a `map` of text → text…). */
export const VARIABLE_TYPES = ['string', 'number', 'boolean', 'list', 'map'] as const;

export const VariableSchema = z.strictObject({
  description: z.string().min(1, { error: 'say what the variable is for' }),
  type: z.enum(VARIABLE_TYPES).default('string'),
  /**
   * `presence`: the value (each value, for a list or map) is a presence definition id; a system
   * presence name (Busy, On Queue…) is accepted and becomes its id.
   */
  format: z.enum(['presence']).optional(),
  default: z.unknown().optional(),
  required: z.boolean().default(false),
  /** A regular expression a string value must match. */
  pattern: z.string().optional(),
  /** The only values allowed. */
  enum: z.array(z.string()).optional(),
  /**
   * Whether the setup wizard asks it among its choices (default). A name (`namePrefix`) is not
   * asked there: it is answered on the existing-install screen, or given with --set / the config file.
   */
  ask: z.boolean().default(true),
});
export type VariableDecl = z.infer<typeof VariableSchema>;

export const ResourceEntrySchema = z.strictObject({
  kind: z.enum(KINDS),
  /** The exact name in Genesys (the admin UI's name); may use `${var.…}`. */
  name: z.string().min(1),
  /** For humans reading the manifest. */
  description: z.string().optional(),
  /** Extra ordering beyond what `${…}` references imply (e.g. a flow needs its data actions to exist). */
  dependsOn: z.array(z.string()).default([]),
  spec: z.record(z.string(), z.unknown()).default({}),
});
export type ResourceEntry = z.infer<typeof ResourceEntrySchema>;

/**
 * What a blueprint needs in the org that it does not provision; `presence-kit doctor` checks each
 * (a Microsoft Teams integration for Teams presence to arrive, a WFM business unit to read breaks from).
 */
export const ORG_REQUIREMENTS = ['teams-integration', 'wfm-business-unit'] as const;
export type OrgRequirement = (typeof ORG_REQUIREMENTS)[number];

export const ManifestSchema = z.strictObject({
  name: z.string().regex(/^[a-z][a-z0-9-]*$/, { error: 'a blueprint name is lower-case letters, digits and -' }),
  description: z.string().min(1),
  requires: z.array(z.enum(ORG_REQUIREMENTS)).default([]),
  /**
   * Set up only when named (`--blueprint`, the wizard's pick): it needs what only the admin can
   * give (an Entra app and its secret), so "all blueprints" leaves it out.
   */
  optIn: z.boolean().default(false),
  variables: z.record(z.string().regex(IDENT, { error: 'a variable name is letters, digits and _' }), VariableSchema).default({}),
  resources: z.record(z.string().regex(IDENT, { error: 'a resource name is letters, digits and _' }), ResourceEntrySchema),
});
export type Manifest = z.infer<typeof ManifestSchema> & { file: string };

/** The file as users should read it in messages (relative to the working directory when shorter). */
export const shown = (file: string) => {
  const r = relative(process.cwd(), file);
  return r && !r.startsWith('..') && !isAbsolute(r) ? r : file;
};

const pathText = (path: ReadonlyArray<PropertyKey>) => path.map((p) => (typeof p === 'number' ? `[${p}]` : String(p))).join('.').replace(/\.\[/g, '[');

/** Known keys at a path of the manifest schema, for "did you mean". */
function keysAt(path: ReadonlyArray<PropertyKey>): string[] {
  if (path.length === 0) return Object.keys(ManifestSchema.shape);
  if (path[0] === 'resources' && path.length === 2) return Object.keys(ResourceEntrySchema.shape);
  if (path[0] === 'variables' && path.length === 2) return Object.keys(VariableSchema.shape);
  return [];
}

/** One zod issue → one line: file, path, what is wrong, how to fix it. */
export function issueLine(file: string, issue: z.core.$ZodIssue, keys: (path: ReadonlyArray<PropertyKey>) => string[] = keysAt, prefix: ReadonlyArray<PropertyKey> = []): string {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') {
    const known = keys(issue.path);
    const k = issue.keys[0]!;
    const where = pathText(path);
    return `${shown(file)}: ${where ? `${where}: ` : ''}unknown field "${k}"${didYouMean(k, known)}${known.length ? ` — allowed: ${known.join(', ')}` : ''}`;
  }
  if (issue.code === 'invalid_type' && /received undefined/.test(issue.message)) return `${shown(file)}: ${pathText(path)}: missing — add it (${issue.expected})`;
  return `${shown(file)}: ${pathText(path) || '(top level)'}: ${issue.message}`;
}

/** The issue to report first: a misspelt field explains a "missing" one next to it. */
export const firstIssue = (issues: readonly z.core.$ZodIssue[]) => issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;

/**
 * Manifests already parsed and checked, by path and exact text: one plan reads every shipped
 * blueprint several times (the default set, the selection, a rebuild's full set, the declared
 * names), and parsing their YAML again each time was a large part of a plan's CPU. The text is
 * still read each time, so an edited file is parsed anew. Each caller gets its own copy.
 */
const parsedManifests = new BoundedCache<Manifest>(64);

/** Reads, parses and checks a manifest: structure, references, cycles. Throws one EngineError line. */
export function loadManifest(file: string): Manifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new EngineError(`${shown(file)}: file not found`);
  }
  // A relative path's workflow files resolve against the working directory, so it is part of the key.
  const key = `${isAbsolute(file) ? '' : process.cwd()}\0${file}\0${text}`;
  return structuredClone(parsedManifests.get(key, () => parseManifest(file, text)));
}

function parseManifest(file: string, text: string): Manifest {
  const doc = parseDocument(text);
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line;
    throw new EngineError(`${shown(file)}${line ? `:${line}` : ''}: not valid YAML (${e.message.split('\n')[0]})`);
  }
  const parsed = ManifestSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    const issue = firstIssue(parsed.error.issues);
    if (issue.code === 'invalid_value' && issue.path.at(-1) === 'kind') {
      const got = (doc.getIn(issue.path as string[]) as string) ?? '';
      throw new EngineError(`${shown(file)}: ${pathText(issue.path)}: unknown kind "${got}"${didYouMean(String(got), KINDS)} — use one of ${KINDS.join(', ')}`);
    }
    throw new EngineError(issueLine(file, issue));
  }
  const m: Manifest = { ...parsed.data, file };
  checkReferences(m);
  resolveFiles(m);
  return m;
}

/** Every `${…}` must name a declared variable or a resource of this manifest (with a valid attribute). */
function checkReferences(m: Manifest): void {
  const resources = Object.keys(m.resources);
  const variables = Object.keys(m.variables);
  for (const [logical, r] of Object.entries(m.resources)) {
    const refs = [...referencesIn(r.name, 'name'), ...referencesIn(r.spec, 'spec')];
    for (const { path, expr } of refs) {
      const where = `${shown(m.file)}: resources.${logical}.${path}`;
      const ref = parseReference(expr);
      if ('error' in ref) throw new EngineError(`${where}: ${ref.error}`);
      if (ref.type === 'var') {
        if (!(ref.name in m.variables)) throw new EngineError(`${where}: "${ref.text}" names no variable${didYouMean(ref.name, variables)} — declare it under variables or fix the name`);
        continue;
      }
      if (!(ref.name in m.resources)) throw new EngineError(`${where}: "${ref.text}" names no resource of this manifest${didYouMean(ref.name, resources)} — use one of ${resources.join(', ')}`);
      if (!(RESOURCE_ATTRS as readonly string[]).includes(ref.attr)) throw new EngineError(`${where}: "${ref.text}": a resource reference ends in .id, .name or .secret${didYouMean(ref.attr, RESOURCE_ATTRS)}`);
      if (ref.attr === 'secret' && m.resources[ref.name]!.kind !== 'oauth-client') throw new EngineError(`${where}: "${ref.text}": only an oauth-client has a secret`);
      if (ref.name === logical) throw new EngineError(`${where}: "${ref.text}" refers to the resource itself`);
    }
    for (const [i, dep] of r.dependsOn.entries()) {
      if (!(dep in m.resources)) throw new EngineError(`${shown(m.file)}: resources.${logical}.dependsOn[${i}]: "${dep}" names no resource of this manifest${didYouMean(dep, resources)}`);
    }
  }
  const cycle = findCycle(dependencies(m));
  if (cycle) throw new EngineError(`${shown(m.file)}: dependency cycle ${cycle.join(' → ')} — remove one of these references or dependsOn entries`);
}

/** logical name → the logical names it needs first (references + dependsOn). */
export function dependencies(m: Pick<Manifest, 'resources'>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [logical, r] of Object.entries(m.resources)) {
    const deps = new Set(r.dependsOn);
    for (const { expr } of [...referencesIn(r.name), ...referencesIn(r.spec)]) {
      const ref = parseReference(expr);
      if (!('error' in ref) && ref.type === 'resource') deps.add(ref.name);
    }
    out.set(logical, [...deps]);
  }
  return out;
}

/** A cycle in a dependency map, as a path that ends where it starts; undefined when there is none. */
export function findCycle(deps: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'visiting') return [...stack.slice(stack.indexOf(n)), n];
    state.set(n, 'visiting');
    stack.push(n);
    for (const d of deps.get(n) ?? []) {
      const c = visit(d);
      if (c) return c;
    }
    stack.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of deps.keys()) {
    const c = visit(n);
    if (c) return c;
  }
  return undefined;
}

/** `spec.file` is relative to the manifest: make it absolute once, here. */
function resolveFiles(m: Manifest): void {
  for (const r of Object.values(m.resources)) {
    if (typeof r.spec.file === 'string' && !r.spec.file.includes('${')) r.spec.file = resolve(dirname(m.file), r.spec.file);
  }
}

/**
 * A resource's name as the manifest deploys it when no variable is given (`${var.namePrefix}Set
 * GC User to Busy` → `Set GC User to Busy`; a kept guide name read with its default) — for what
 * knows the kit's entities by name without a deployment's variables (doctor's clients, the
 * timeline's workflows, ownership's declared names). Undefined when a variable in it has no text default.
 */
export function nameWithDefaults(m: Pick<Manifest, 'variables'>, name: string): string | undefined {
  const resolved = name.replace(/\$\{var\.(\w+)\}/g, (all, v: string) => {
    const d = m.variables[v]?.default;
    return typeof d === 'string' ? d : all;
  });
  return resolved.includes('${') ? undefined : resolved;
}
