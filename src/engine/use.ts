import { fromDefinitionsApiSpelling } from '../model/presence.js';
import { listActions, type ActionEntity } from '../resources/data-action.js';
import { RESOURCES, type ResourceContext } from '../resources/index.js';
import { listIntegrations } from '../resources/integration.js';
import { holds, permissionsOfRole } from '../resources/permissions.js';
import type { PresenceDefinitionEntity } from '../resources/presence-definition.js';
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
  // The integration runs its actions with the credential's type of client: another type cannot serve (its fields, Genesys never shows: what client it holds, no one can check).
  const type = raw.find((c) => c.field === 'type');
  if (node.kind === 'credential' && type) return `is a ${clip(type.from)} credential, ours is ${clip(type.to)}: presence-kit's integration cannot run its actions with it`;
  // The pre-break job takes agents off queue into it: pre-break's presence belongs under Break or Away (its preBreakParent's
  // choices); under another parent (On Queue: still routed to) it would not do what the job is for. Break vs Away is the owner's choice.
  const parent = (current.actual as PresenceDefinitionEntity).systemPresence;
  if (node.kind === 'presence-definition' && parent && !['Break', 'Away'].includes(fromDefinitionsApiSpelling(parent)))
    return `is under ${fromDefinitionsApiSpelling(parent)}, not Break or Away: agents the pre-break job moved into it would not be off queue before their break`;
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

/**
 * Why a used action cannot serve when it is not where ours would be (in presence-kit's integration,
 * still to be made under another name): a data action the workflows call by its integration's name
 * (Architect's category), an authentication action only ever authenticates its own integration.
 * Undefined when the org has no such action anywhere (then: "no such entity").
 */
export async function outsideOurIntegration(ctx: ResourceContext, node: DesiredNode, spec: Record<string, unknown>, desired: Desired): Promise<string | undefined> {
  if ((node.kind !== 'data-action' && node.kind !== 'auth-action') || !isUnknown(spec.integrationId)) return undefined;
  const ours = desired.nodes.find((n) => JSON.stringify(node.spec.integrationId ?? '').includes(`n${n.index}.id}`));
  const where = ours ? `presence-kit's "${ours.name}"` : "presence-kit's";
  // Genesys names an auth action after nothing the manifest knows: any in the org is one of another integration.
  const named =
    node.kind === 'auth-action' ? await RESOURCES['auth-action'].listAll!(ctx) : (await listActions(ctx)).filter((a) => a.name === node.name).map((a) => ({ actual: a }));
  if (!named.length) return undefined;
  if (node.kind === 'auth-action') return `authenticates only its own integration, not ${where}, which is still to be made — take over the integration it belongs to (--adopt integration/NAME) to use it`;
  const integrations = await listIntegrations(ctx);
  const theirs = [...new Set(named.map(({ actual: a }) => integrations.find((i) => i.id === (a as ActionEntity).integrationId)?.name ?? (a as ActionEntity).category ?? '?'))];
  const adopt = theirs.length === 1 ? `--adopt integration/${theirs[0]}` : '--adopt integration/NAME';
  return `sits in integration ${theirs.map((n) => `"${n}"`).join(', ')}, not ${where}: workflows call actions by their integration's name — take it over (${adopt}) to use it`;
}

/**
 * Kinds of the field-less entities (no mark of their own: ownership vouches for them through what
 * names them) a node's spec names by id that `which` picks (used, adopted), for its mark
 * (resources/mark.ts `uses`, `adopts`). A kind with a mark of its own says whose it is itself.
 */
export function namedKinds(node: DesiredNode, desired: Desired, which: (n: DesiredNode) => boolean): string[] {
  const spec = JSON.stringify(node.spec);
  return [...new Set(desired.nodes.filter((n) => n !== node && !RESOURCES[n.kind].mark && which(n) && spec.includes(`n${n.index}.id}`)).map((n) => n.kind))].sort();
}

/** The plan's reason for a used entity: what it is, and what differs (left as it is). */
export function usedReason(node: DesiredNode, spec: Record<string, unknown>, current: Observed): string {
  const differ = RESOURCES[node.kind]
    .diff(node.name, spec, current)
    .filter((c) => !isUnknown(c.to))
    .map((c) => c.field);
  return `used as it is (--use): read and wired to, never written, marked or deleted${differ.length ? `; ${differ.join(', ')} differ from ours and stay as they are` : ''}`;
}
