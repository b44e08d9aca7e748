import type { Desired, DesiredNode } from '../engine/blueprints.js';
import type { Manifest, ResourceEntry } from '../engine/manifest.js';
import { parseReference, REF, substitute } from '../engine/references.js';
import type { Kind } from '../resources/types.js';
import { RESOURCES } from '../resources/index.js';
import { withMark } from '../resources/mark.js';
import { DEPLOYMENT_VARIABLE, ph, V } from './names.js';

/**
 * One manifest resource as the collection sees it: the spec the engine validated (defaults
 * applied), with every value that comes from a variable turned back into its Postman placeholder
 * (`{{busyPresenceId}}`, resolved when the request is sent, so users change presences in the
 * environment, not in the collection) and every reference to another resource turned into the
 * collection variable the run chains (`{{pk_presenceRole_id}}`).
 */
export interface TemplateNode {
  logical: string;
  kind: Kind;
  /** The name with the manifest's default variable values (for titles). */
  title: string;
  /** The exact name as sent, `{{var}}` placeholders included. */
  name: string;
  spec: Record<string, unknown>;
  /** Logical names whose secret this resource consumes. */
  secretsFrom: string[];
  /** Logical names that must exist first. */
  deps: string[];
}

export class GeneratorError extends Error {}

/** `${var.X}` → `{{X}}`, `${var.X.k}` → `{{X.k}}` inside a string. */
function varsToPlaceholders(text: string): string {
  return text.replace(REF, (m, expr: string) => {
    const ref = parseReference(expr);
    if ('error' in ref || ref.type !== 'var') return m;
    return ph(ref.key ? `${ref.name}.${ref.key}` : ref.name);
  });
}

/**
 * Where the raw manifest has a string that mentions a variable, the placeholder form replaces the
 * validated value; a whole-map variable becomes a map of per-key placeholders.
 */
function overlayVariables(raw: unknown, validated: unknown, variables: Desired['variables']): unknown {
  if (typeof raw === 'string' && raw.includes('${var.')) {
    const whole = /^\$\{([^}]*)\}$/.exec(raw);
    const ref = whole ? parseReference(whole[1]!) : undefined;
    if (ref && !('error' in ref) && ref.type === 'var' && !ref.key) {
      const value = variables[ref.name];
      if (value && typeof value === 'object' && !Array.isArray(value)) return Object.fromEntries(Object.keys(value).map((k) => [k, ph(`${ref.name}.${k}`)]));
      // Booleans and numbers keep their value: a `{{placeholder}}` would turn them into strings.
      if (typeof value === 'boolean' || typeof value === 'number') return validated;
    }
    return varsToPlaceholders(raw);
  }
  if (Array.isArray(raw) && Array.isArray(validated)) return validated.map((v, i) => overlayVariables(raw[i], v, variables));
  if (raw && typeof raw === 'object' && validated && typeof validated === 'object' && !Array.isArray(validated)) {
    const out: Record<string, unknown> = { ...(validated as Record<string, unknown>) };
    for (const [k, v] of Object.entries(raw)) if (k in out) out[k] = overlayVariables(v, out[k], variables);
    return out;
  }
  return validated;
}

/** The resources of one blueprint, in the engine's dependency order, as templates. */
export function templateNodes(desired: Desired, manifest: Manifest): TemplateNode[] {
  const logicalOf = (node: DesiredNode): { logical: string; entry: ResourceEntry } => {
    const address = node.addresses.find((a) => a.startsWith(`${manifest.name}.`));
    if (!address) throw new GeneratorError(`${node.kind} "${node.name}" is not declared in blueprint ${manifest.name}`);
    const logical = address.slice(manifest.name.length + 1);
    return { logical, entry: manifest.resources[logical]! };
  };
  const byIndex = new Map(desired.nodes.map((n) => [n.index, { node: n, ...logicalOf(n) }]));
  const byKey = new Map([...byIndex.values()].map((x) => [x.node.key, x]));

  return desired.nodes.map((node) => {
    const { logical, entry } = byIndex.get(node.index)!;
    const secretsFrom = new Set<string>();
    const withVars = overlayVariables(entry.spec, node.spec, desired.variables) as Record<string, unknown>;
    const spec = substitute(withVars, (ref) => {
      if (ref.type !== 'resource') return undefined;
      // The engine writes `${nINDEX.attr}`; a reference left inside a string that also names a variable keeps its logical name.
      const target = /^n\d+$/.test(ref.name) ? byIndex.get(Number(ref.name.slice(1))) : [...byIndex.values()].find((x) => x.logical === ref.name);
      if (!target) return undefined;
      if (ref.attr === 'id') return ph(V.id(target.logical));
      if (ref.attr === 'secret') {
        secretsFrom.add(target.logical);
        return ph(V.secret(target.logical));
      }
      return varsToPlaceholders(target.entry.name);
    }) as Record<string, unknown>;
    // The ownership mark, where the kind has a field for it: the same text apply writes, the deployment from the environment.
    const mark = RESOURCES[node.kind].mark;
    // Its blueprint is this collection's: a resource another collection already made is found and used, not re-marked.
    if (mark) spec[mark.field] = withMark(spec[mark.field] as string | undefined, { deployment: ph(DEPLOYMENT_VARIABLE), adopted: false, blueprints: [manifest.name] });
    return {
      logical,
      kind: node.kind,
      title: node.name,
      name: varsToPlaceholders(entry.name),
      spec,
      secretsFrom: [...secretsFrom],
      deps: node.deps.map((k) => byKey.get(k)!.logical),
    };
  });
}
