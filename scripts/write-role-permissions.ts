/**
 * `npm run roles`: writes each generated role's `permissions:` into the blueprint manifests, so no
 * one keeps them by hand (blueprints/README.md, Least privilege). A dev tool, not shipped: it reads
 * the sandbox's endpoint catalog. test/unit/engine-least-privilege.test.ts fails while a manifest
 * disagrees with what this would write.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { blueprintFile, loadBlueprints, shippedBlueprints, type Desired } from '../src/engine/blueprints.js';
import { loadManifest } from '../src/engine/manifest.js';
import { deriveIntegrationRoles } from '../src/engine/least-privilege.js';
import { PRE_BREAK_PERMISSIONS } from '../src/jobs/pre-break/permissions.js';
import { OBSERVE_PERMISSIONS } from '../src/observe/permissions.js';
import { requirementForPath } from '../src/sandbox/core/permissions.js';

/**
 * Roles whose permissions come from code that declares the calls (each checked against the catalog
 * by its own test), by `blueprint.logicalName`.
 */
const FROM_CODE: Record<string, readonly string[]> = {
  'pre-break.jobRole': PRE_BREAK_PERMISSIONS, // src/jobs/pre-break/permissions.ts
  'observe.observerRole': OBSERVE_PERMISSIONS, // src/observe/permissions.ts
};

/** Roles no client of presence-kit holds: made for admins to assign by hand, kept as the setup guide lists them. */
export const HAND_KEPT: Record<string, string> = {
  'communicate-call.triggerRole': "the guide's role for admins who manage the triggers in the admin UI; no presence-kit client holds it",
};

/** Every shipped blueprint (or those named), opt-in ones included; required variables get placeholders (names and permissions do not depend on them). */
export function loadAllBlueprints(names: string[] = shippedBlueprints()): Desired {
  const set = names.flatMap((n) =>
    Object.entries(loadManifest(blueprintFile(n)).variables)
      .filter(([, v]) => v.required && v.default === undefined)
      .map(([k]) => `${k}=placeholder`),
  );
  return loadBlueprints({ blueprints: names, set: [...new Set(set)], env: {} });
}

/** `blueprint.logicalName` → the permissions its role must grant, for every generated role. */
export function generatedRolePermissions(desired: Desired = loadAllBlueprints()): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const d of deriveIntegrationRoles(desired, requirementForPath)) for (const a of d.role.addresses) out.set(a, d.permissions);
  for (const [address, permissions] of Object.entries(FROM_CODE)) out.set(address, [...permissions].sort());
  return out;
}

/** The manifest text with the `permissions:` of `logical`'s spec replaced (flow style, one line). */
export function withPermissions(text: string, logical: string, permissions: readonly string[]): string {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l === `  ${logical}:`);
  if (start < 0) throw new Error(`resource ${logical} not found`);
  let end = lines.findIndex((l, i) => i > start && /^ {0,2}\S/.test(l) && !/^\s*#/.test(l));
  if (end < 0) end = lines.length;
  const at = lines.findIndex((l, i) => i > start && i < end && /^ {6}permissions:/.test(l));
  if (at < 0) throw new Error(`resource ${logical} has no spec.permissions`);
  let stop = at + 1;
  while (stop < end && /^ {8}- /.test(lines[stop]!)) stop++;
  lines.splice(at, stop - at, `      permissions: [${permissions.map((p) => JSON.stringify(p)).join(', ')}]`);
  return lines.join('\n');
}

function main() {
  const generated = generatedRolePermissions();
  const byFile = new Map<string, Array<[string, string[]]>>();
  for (const [address, permissions] of generated) {
    const [blueprint, logical] = address.split('.') as [string, string];
    const file = blueprintFile(blueprint);
    byFile.set(file, [...(byFile.get(file) ?? []), [logical, permissions]]);
  }
  for (const [file, roles] of byFile) {
    const before = readFileSync(file, 'utf8');
    const after = roles.reduce((t, [logical, permissions]) => withPermissions(t, logical, permissions), before);
    if (after !== before) writeFileSync(file, after);
    console.error(`${after === before ? 'unchanged' : 'wrote'} ${file}: ${roles.map(([l, p]) => `${l} [${p.join(', ')}]`).join('; ')}`);
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
