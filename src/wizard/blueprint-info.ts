import { blueprintFile, shippedBlueprints } from '../engine/blueprints.js';
import { loadManifest, nameWithDefaults, type Manifest } from '../engine/manifest.js';
import type { BlueprintNeeds } from '../preflight/checks.js';
import type { VariableValue } from '../engine/config-file.js';
import type { BlueprintChoice, VariableSpec } from './resolve.js';

/**
 * What the wizard and doctor read from the shipped manifests: the one-line description and the
 * variables (for the questions), the resource kinds, trigger topics and role permissions (for
 * preflight). The manifests stay the single source; nothing here is hard-coded per blueprint.
 */
export interface BlueprintInfo extends BlueprintChoice {
  needs: BlueprintNeeds;
  /** The manifest itself: what the engine resolves the variables against. */
  manifest: Manifest;
}

type Decl = Manifest['variables'][string];

/** A manifest variable as a question: its type, and whether its values are presences. */
export function variableSpec(blueprint: string, name: string, decl: Decl): VariableSpec {
  const presence = decl.format === 'presence';
  const type: VariableSpec['type'] = decl.type;
  return {
    name,
    blueprints: [blueprint],
    description: decl.description,
    type,
    ...(decl.default !== undefined ? { default: decl.default as VariableValue } : {}),
    ...(presence ? { presence: true } : {}),
    ...(decl.enum ? { enum: decl.enum } : {}),
    ...(decl.required ? { required: true } : {}),
  };
}

export function blueprintInfo(m: Manifest): BlueprintInfo {
  const resources = Object.values(m.resources);
  const kinds = [...new Set(resources.map((r) => r.kind))];
  const topics = [...new Set(resources.filter((r) => r.kind === 'trigger' && typeof r.spec.topicName === 'string').map((r) => r.spec.topicName as string))];
  // Only roles an OAuth client of the blueprint is given are handed out (a role made for admins to
  // assign by hand is created, not granted, and creating a role needs no permission it contains).
  const granted = new Set(
    resources
      .filter((r) => r.kind === 'oauth-client')
      .flatMap((r) => JSON.stringify(r.spec.roles ?? []).match(/\$\{(\w+)\.id\}/g) ?? [])
      .map((ref) => ref.slice(2, -4)),
  );
  const roles = Object.entries(m.resources)
    .filter(([logical, r]) => r.kind === 'role' && granted.has(logical) && Array.isArray(r.spec.permissions))
    .map(([, r]) => ({ name: (nameWithDefaults(m, r.name) ?? r.name), permissions: (r.spec.permissions as unknown[]).filter((p): p is string => typeof p === 'string') }));
  return {
    name: m.name,
    description: m.description,
    ...(m.optIn ? { optIn: true } : {}),
    variables: Object.entries(m.variables)
      .filter(([, decl]) => decl.ask)
      .map(([name, decl]) => variableSpec(m.name, name, decl)),
    needs: { name: m.name, kinds, topics, roles, requires: m.requires, clients: resources.filter((r) => r.kind === 'oauth-client').map((r) => (nameWithDefaults(m, r.name) ?? r.name)) },
    manifest: m,
  };
}

/** Every shipped blueprint, in the engine's order. */
export function loadBlueprintInfo(names = shippedBlueprints()): BlueprintInfo[] {
  return names.map((n) => blueprintInfo(loadManifest(blueprintFile(n))));
}
