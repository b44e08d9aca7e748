import { RESOURCES } from '../resources/index.js';
import { holds, permissionsOfRole } from '../resources/permissions.js';
import type { RoleEntity, RoleSpec } from '../resources/role.js';
import { isUnknown, type Observed } from '../resources/types.js';
import type { Desired, DesiredNode } from './blueprints.js';

/**
 * `--use KIND/NAME` — Terraform's data source: an entity another tool owns that presence-kit reads
 * and wires its own resources to, but never writes, marks or deletes. One that cannot do what the
 * kit's resources need of it is refused at plan, with the reason; what else differs is the owner's
 * business (the plan shows it, nothing changes it).
 */
const clip = (v: unknown, n = 60) => {
  const s = typeof v === 'string' ? v : JSON.stringify(v) ?? '';
  return s.length > n ? `${s.slice(0, n - 1)}…` : s;
};

/** Why a used entity cannot serve the kit's resources, or undefined when it can. */
export function cannotServe(node: DesiredNode, spec: Record<string, unknown>, current: Observed, desired?: Desired): string | undefined {
  const module = RESOURCES[node.kind];
  // The kit's actions would sit in it with no mark and no marked parent: no checkout could tell them ours, none would delete them.
  const children = desired?.nodes.filter((n) => (n.kind === 'data-action' || n.kind === 'auth-action') && JSON.stringify(n.spec.integrationId ?? '').includes(`n${node.index}.id`)) ?? [];
  if (node.kind === 'integration' && children.length)
    return `would hold presence-kit's ${children.length} data action${children.length === 1 ? '' : 's'}, which could then never be told from its own — take it over (--adopt) or make ours beside it (--set namePrefix=…)`;
  const raw = module.diff(node.name, spec, current).filter((c) => !isUnknown(c.to));
  if (node.kind === 'role') {
    // A role the kit's clients get must hold what they call with (wildcards count).
    const held = permissionsOfRole(current.actual as RoleEntity);
    const lacking = (spec as RoleSpec).permissions.filter((p) => !holds(held, p));
    return lacking.length ? `lacks ${clip(lacking.join(', '), 120)}, which presence-kit's clients need` : undefined;
  }
  const contract = raw.find((c) => c.field === 'contract');
  if (node.kind === 'data-action' && contract) return `has another contract than ours: the workflows calling "${node.name}" would not import`;
  const topic = raw.find((c) => c.field === 'topicName');
  if (node.kind === 'trigger' && topic) return `listens to ${clip(topic.from)}, ours to ${clip(topic.to)}`;
  const columns = raw.find((c) => c.field === 'columns');
  if (node.kind === 'data-table' && columns) {
    const have = (columns.from ?? {}) as Record<string, unknown>;
    const want = (columns.to ?? {}) as Record<string, unknown>;
    const missing = Object.keys(want).filter((k) => have[k] !== want[k]);
    if (missing.length) return `lacks the columns the workflows read and write (${clip(missing.join(', '), 80)})`;
  }
  return undefined;
}

/** The plan's reason for a used entity: what it is, and what differs (left as it is). */
export function usedReason(node: DesiredNode, spec: Record<string, unknown>, current: Observed): string {
  const differ = RESOURCES[node.kind]
    .diff(node.name, spec, current)
    .filter((c) => !isUnknown(c.to))
    .map((c) => c.field);
  return `used as it is (--use): read and wired to, never written, marked or deleted${differ.length ? `; ${differ.join(', ')} differ from ours and stay as they are` : ''}`;
}
