import { existsSync, readdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RESOURCES } from '../resources/index.js';
import type { Kind } from '../resources/types.js';
import { didYouMean, EngineError } from './errors.js';
import { dependencies, findCycle, firstIssue, issueLine, loadManifest, shown, type Manifest } from './manifest.js';
import { parseReference, substitute } from './references.js';
import { readConfigFile } from './config-file.js';
import { resolveVariables, type Values, type VariableInputs } from './variables.js';
import { stableJson } from './hash.js';

/** Where the shipped manifests live (next to the sources, not the working directory). */
export const BLUEPRINTS_DIR = fileURLToPath(new URL('../../blueprints/', import.meta.url));

/** One resource the selected blueprints want, merged across blueprints by kind + exact name. */
export interface DesiredNode {
  /** `kind:name` — one Genesys entity. */
  key: string;
  /** Position in `Desired.nodes`; references point at nodes as `${nINDEX.attr}`. */
  index: number;
  kind: Kind;
  name: string;
  /** `blueprint.logicalName` for every manifest entry merged into this node. */
  addresses: string[];
  blueprints: string[];
  /** Validated spec (defaults applied); references to other resources as `${nINDEX.id|name|secret}`. */
  spec: Record<string, unknown>;
  /** Keys of nodes that must exist first. */
  deps: string[];
  file: string;
}

export interface Desired {
  blueprints: string[];
  manifests: Manifest[];
  variables: Values;
  /** In dependency order. */
  nodes: DesiredNode[];
}

/** Every blueprint that ships, opt-in ones included (names, collections, the wizard's list). */
export function shippedBlueprints(dir = BLUEPRINTS_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => f.replace(/\.ya?ml$/, ''))
    .sort();
}

/** What "all blueprints" means: every shipped one but those set up only when named (`optIn`). */
export function defaultBlueprints(dir = BLUEPRINTS_DIR): string[] {
  return shippedBlueprints(dir).filter((n) => !loadManifest(blueprintFile(n, dir)).optIn);
}

/** A blueprint name (`communicate-call`) or a manifest path → the manifest file. */
export function blueprintFile(nameOrPath: string, dir = BLUEPRINTS_DIR): string {
  if (/[\\/]/.test(nameOrPath) || /\.ya?ml$/.test(nameOrPath)) {
    const f = resolve(nameOrPath);
    if (!existsSync(f)) throw new EngineError(`blueprint file ${nameOrPath}: file not found`);
    return f;
  }
  const shipped = shippedBlueprints(dir);
  if (!shipped.includes(nameOrPath)) throw new EngineError(`unknown blueprint "${nameOrPath}"${didYouMean(nameOrPath, shipped)} — choose from ${shipped.join(', ')} (or give a manifest path)`);
  return join(dir, `${nameOrPath}.yaml`);
}

export interface LoadOptions extends VariableInputs {
  /** Blueprint names or manifest paths; default: every shipped blueprint. */
  blueprints?: string[];
  dir?: string;
}

/** Loads, checks and merges manifests into one ordered graph. Throws one EngineError line on any problem. */
export function loadBlueprints(opts: LoadOptions = {}): Desired {
  const fromConfig = typeof opts.config === 'string' ? readConfigFile(opts.config) : undefined;
  const names = opts.blueprints?.length ? [...new Set(opts.blueprints)] : fromConfig?.blueprints?.length ? fromConfig.blueprints : defaultBlueprints(opts.dir);
  if (!names.length) throw new EngineError('no blueprint selected — pass --blueprint NAME');
  const manifests = names.map((n) => loadManifest(blueprintFile(n, opts.dir)));
  const seen = new Map<string, string>();
  for (const m of manifests) {
    if (seen.has(m.name)) throw new EngineError(`${shown(m.file)}: blueprint name "${m.name}" is also used by ${shown(seen.get(m.name)!)}`);
    seen.set(m.name, m.file);
    const base = basename(m.file).replace(/\.ya?ml$/, '');
    if (m.file.startsWith(opts.dir ?? BLUEPRINTS_DIR) && base !== m.name) throw new EngineError(`${shown(m.file)}: name "${m.name}" must match the file name "${base}"`);
  }
  const variables = resolveVariables(manifests, { ...opts, config: fromConfig ?? opts.config }, { declaredElsewhere: declaredByShipped(opts.dir) });
  const nodes = new Map<string, DesiredNode>();
  const keyOf = new Map<string, string>(); // `${blueprint}.${logical}` → node key

  // Names first: a node's identity is kind + its exact (substituted) name.
  for (const m of manifests) {
    for (const [logical, r] of Object.entries(m.resources)) {
      const name = substitute(r.name, (ref) => (ref.type === 'var' ? variables[ref.name] : undefined));
      if (typeof name !== 'string' || name.includes('${'))
        throw new EngineError(`${shown(m.file)}: resources.${logical}.name: a name may use variables only (it is how the resource is found), not other resources`);
      const key = `${r.kind}:${name}`;
      keyOf.set(`${m.name}.${logical}`, key);
      if (!nodes.has(key)) nodes.set(key, { key, index: nodes.size, kind: r.kind, name, addresses: [], blueprints: [], spec: {}, deps: [], file: m.file });
    }
  }
  const indexOf = (m: Manifest, logical: string) => nodes.get(keyOf.get(`${m.name}.${logical}`)!)!.index;

  for (const m of manifests) {
    const deps = dependencies(m);
    for (const [logical, r] of Object.entries(m.resources)) {
      const node = nodes.get(keyOf.get(`${m.name}.${logical}`)!)!;
      const raw = substitute(r.spec, (ref) => {
        if (ref.type === 'var') return ref.key === undefined ? variables[ref.name] : (variables[ref.name] as Record<string, unknown> | undefined)?.[ref.key];
        return `\${n${indexOf(m, ref.name)}.${ref.attr}}`;
      }) as Record<string, unknown>;
      const module = RESOURCES[r.kind];
      const parsed = module.schema.safeParse(raw);
      if (!parsed.success) {
        const shape = (module.schema as unknown as { shape?: Record<string, unknown> }).shape;
        throw new EngineError(issueLine(m.file, firstIssue(parsed.error.issues), (p) => (p.length === 0 && shape ? Object.keys(shape) : []), ['resources', logical, 'spec']));
      }
      const spec = parsed.data as Record<string, unknown>;
      if (node.addresses.length && stableJson(node.spec) !== stableJson(spec)) {
        throw new EngineError(
          `${shown(m.file)}: resources.${logical} (${r.kind} "${node.name}") differs from ${node.addresses[0]} in ${shown(node.file)} — the same Genesys ${module.label} must be declared identically in every blueprint, or given another name`,
        );
      }
      node.spec = spec;
      node.addresses.push(`${m.name}.${logical}`);
      if (!node.blueprints.includes(m.name)) node.blueprints.push(m.name);
      for (const d of deps.get(logical) ?? []) {
        const k = keyOf.get(`${m.name}.${d}`)!;
        if (!node.deps.includes(k)) node.deps.push(k);
      }
    }
  }

  const graph = new Map([...nodes.values()].map((n) => [n.key, n.deps]));
  const cycle = findCycle(graph);
  if (cycle) throw new EngineError(`the selected blueprints together form a dependency cycle ${cycle.join(' → ')} — give one of these resources another name in one blueprint`);
  return { blueprints: manifests.map((m) => m.name), manifests, variables, nodes: topoOrder([...nodes.values()]) };
}

/**
 * Whether a shipped blueprint declares a variable: a config file written for every blueprint still
 * serves `--blueprint pre-break`, while a name no blueprint knows stays a typo. Read once, on demand.
 */
function declaredByShipped(dir?: string): (name: string) => boolean {
  let names: Set<string> | undefined;
  return (name) => (names ??= new Set(shippedBlueprints(dir).flatMap((n) => Object.keys(loadManifest(blueprintFile(n, dir)).variables)))).has(name);
}

/**
 * Dependencies first; otherwise the order the manifests list resources in — except that an entity
 * Genesys gives no field for an ownership mark (a credential, a presence) comes right before the
 * first marked entity that names it: the span in which a crash that also loses the state file
 * leaves something the org cannot show to be ours is one step, not several.
 */
function topoOrder(nodes: DesiredNode[]): DesiredNode[] {
  // The kinds a *later* marked entity vouches for (engine/rebuild.ts); a data action's voucher, its integration, comes first anyway.
  const late = (n: DesiredNode) => n.kind === 'credential' || n.kind === 'presence-definition';
  const byKey = new Map(nodes.map((n) => [n.key, n]));
  const out: DesiredNode[] = [];
  const done = new Set<string>();
  const visit = (n: DesiredNode) => {
    if (done.has(n.key)) return;
    done.add(n.key);
    for (const d of n.deps) visit(byKey.get(d)!);
    out.push(n);
  };
  nodes.filter((n) => !late(n)).forEach(visit);
  nodes.forEach(visit);
  return out;
}

/** The node a `${nINDEX.attr}` reference names. */
export function referencedNode(desired: Pick<Desired, 'nodes'>, expr: string): { node: DesiredNode; attr: string } | undefined {
  const ref = parseReference(expr);
  if ('error' in ref || ref.type !== 'resource' || !/^n\d+$/.test(ref.name)) return undefined;
  const node = desired.nodes.find((n) => n.index === Number(ref.name.slice(1)));
  return node && { node, attr: ref.attr };
}

/** What a blueprint asks for, without resolving anything (for the setup wizard and `--help`-like listings). */
export interface BlueprintInfo {
  name: string;
  description: string;
  file: string;
  variables: Array<{ name: string; description: string; type: string; format?: string; default?: unknown; required: boolean; enum?: string[] }>;
  resources: Array<{ kind: Kind; name: string }>;
}

export function describeBlueprints(names: readonly string[] = shippedBlueprints(), dir?: string): BlueprintInfo[] {
  return names.map((n) => {
    const m = loadManifest(blueprintFile(n, dir));
    return {
      name: m.name,
      description: m.description,
      file: m.file,
      variables: Object.entries(m.variables).map(([name, v]) => ({ name, description: v.description, type: v.type, format: v.format, default: v.default, required: v.required, enum: v.enum })),
      resources: Object.values(m.resources).map((r) => ({ kind: r.kind, name: r.name })),
    };
  });
}
