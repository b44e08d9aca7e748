import type { MatchCriteria } from '../model/trigger.js';
import type { ResourceContext } from '../resources/context.js';
import { readDisabledBy, readMark } from '../resources/mark.js';
import { listTriggers, type TriggerEntity, type TriggerSpec } from '../resources/trigger.js';
import { listWorkflows } from '../resources/workflow.js';
import { EngineError } from './errors.js';
import type { Desired } from './blueprints.js';
import { internalsOf, type Plan } from './plan.js';

/**
 * Double automation: a trigger presence-kit does not own, enabled, on the topic one of the kit's
 * triggers listens on, with match criteria that some event could satisfy together with the kit's.
 * Installed beside an original blueprint, both sets of workflows would run on every such event.
 *
 * Criteria are compared only where they certainly exclude each other (the same JSON path asked
 * to exist and not to exist, or to equal two different values); anything else counts as
 * overlapping — a warning too many is better than an agent set Busy twice.
 */
export interface TriggerShape {
  id?: string;
  name: string;
  topicName: string;
  enabled: boolean;
  matchCriteria?: MatchCriteria[];
  /** The workflow it runs (name when known, else its id). */
  workflow?: string;
  /** The presence-kit deployments its disabled-by mark names (src/resources/mark.ts): they disabled it, and enable it again at destroy. */
  heldBy?: string[];
  /** The presence-kit deployment whose ownership mark it carries (another deployment's trigger: never disabled). */
  owner?: string;
}

export interface Overlap {
  /** The trigger presence-kit does not own. */
  foreign: TriggerShape & { id: string };
  /** The kit's triggers that act on the same events. */
  ours: string[];
}

const excludes = (a: MatchCriteria, b: MatchCriteria): boolean => {
  if (a.jsonPath !== b.jsonPath) return false;
  if (a.operator === 'Exists' && b.operator === 'Exists') return a.value !== b.value;
  // "must not exist" against any test of a value.
  if (a.operator === 'Exists' && a.value === false && b.operator !== 'Exists') return true;
  if (b.operator === 'Exists' && b.value === false && a.operator !== 'Exists') return true;
  if (a.operator === 'Equal' && b.operator === 'Equal') return JSON.stringify(a.value) !== JSON.stringify(b.value);
  return false;
};

/** Whether no event can match both sets of criteria (an empty set matches every event of the topic). */
export function criteriaExclude(a: readonly MatchCriteria[] = [], b: readonly MatchCriteria[] = []): boolean {
  return a.some((x) => b.some((y) => excludes(x, y)));
}

/**
 * The foreign triggers that would run on events the kit's enabled triggers also run on: enabled
 * ones, and disabled ones that presence-kit deployments hold disabled (they come back when those let go).
 */
export function overlapsOf(ours: readonly TriggerShape[], foreign: ReadonlyArray<TriggerShape & { id: string }>): Overlap[] {
  const acting = ours.filter((t) => t.enabled);
  const out: Overlap[] = [];
  for (const f of foreign.filter((t) => t.enabled || t.heldBy?.length)) {
    const hit = acting.filter((o) => o.topicName === f.topicName && !criteriaExclude(o.matchCriteria, f.matchCriteria));
    if (hit.length) out.push({ foreign: f, ours: hit.map((h) => h.name) });
  }
  // Stable whatever order Genesys lists triggers in.
  return out.sort((a, b) => a.foreign.name.localeCompare(b.foreign.name) || a.foreign.id.localeCompare(b.foreign.id));
}

/** One line for a person: which trigger, on what, beside which of ours. */
export const overlapLine = (o: Overlap): string => `trigger "${o.foreign.name}" (${o.foreign.topicName}${o.foreign.workflow ? ` → ${o.foreign.workflow}` : ''}) ${stateOf(o.foreign)} and acts on the same events as ${o.ours.map((n) => `"${n}"`).join(', ')}`;

const stateOf = (f: TriggerShape): string => {
  if (f.owner) return `is presence-kit deployment "${f.owner}"'s, ${f.enabled ? 'enabled' : 'disabled'},`;
  if (f.enabled) return 'is enabled';
  const held = f.heldBy ?? [];
  return `is disabled only until presence-kit deployment${held.length === 1 ? '' : 's'} ${held.map((d) => `"${d}"`).join(', ')} ${held.length === 1 ? 'is' : 'are'} destroyed,`;
};

// ---------------------------------------------------------------------------------------------
// The org side: which triggers in the org overlap a plan's. Disabling them, and enabling them again
// at destroy, is engine/disabled-triggers.ts (the record lives on each trigger, in the org).

export { disableOverlapping } from './disabled-triggers.js';

/** The triggers the selected blueprints make, as the overlap check compares them. */
export const kitTriggers = (desired: Desired): TriggerShape[] =>
  desired.nodes
    .filter((n) => n.kind === 'trigger')
    .map((n) => {
      const s = n.spec as TriggerSpec;
      return { name: n.name, topicName: s.topicName, enabled: s.enabled !== false, matchCriteria: s.matchCriteria };
    });

/** A trigger as the overlap check compares it, with what its marks say (`flows`: workflow id → name). */
export function shapeOf(t: TriggerEntity, flows?: ReadonlyMap<string, string>): TriggerShape & { id: string } {
  const heldBy = readDisabledBy(t.description);
  const owner = readMark(t.description)?.deployment;
  const workflow = flows?.get(t.target?.id ?? '');
  return {
    id: t.id,
    name: t.name,
    topicName: t.topicName,
    enabled: t.enabled !== false,
    matchCriteria: t.matchCriteria,
    ...(workflow ? { workflow } : {}),
    ...(heldBy.length ? { heldBy } : {}),
    ...(owner ? { owner } : {}),
  };
}

/**
 * The triggers in the org that are not the kit's (`isKit`: found as ours or adopted; any trigger
 * carrying the deployment's mark is the kit's too) and act on the events `ours` act on: enabled
 * ones, and those only other deployments hold disabled — each of those enables them again at its
 * destroy, so this deployment must hold them too or run beside them on purpose.
 */
export async function overlapsInOrg(ctx: ResourceContext, ours: readonly TriggerShape[], deployment: string, isKit: (id: string) => boolean): Promise<Overlap[]> {
  if (!ours.length) return [];
  const flows = new Map((await listWorkflows(ctx)).map((f) => [f.id, f.name]));
  const foreign = (await listTriggers(ctx))
    .filter((t) => !isKit(t.id) && readMark(t.description)?.deployment !== deployment)
    .map((t) => shapeOf(t, flows))
    .filter((t) => t.enabled || !t.heldBy?.includes(deployment));
  return overlapsOf(ours, foreign);
}

/** The overlaps of a plan: its triggers (those it finds or adopts are the kit's) against the org's. */
export async function planOverlaps(p: Plan): Promise<Overlap[]> {
  const { ctx, desired } = internalsOf(p);
  if (p.kind !== 'apply' || !desired) return [];
  const kit = new Set(p.steps.filter((s) => s.kind === 'trigger' && s.id).map((s) => s.id!));
  return overlapsInOrg(ctx, kitTriggers(desired), p.deployment, (id) => kit.has(id));
}

/** Why a run stops on overlaps: one line each, and the ways on. */
export function overlapRefusal(overlaps: readonly Overlap[]): EngineError {
  const kits = overlaps.some((o) => o.foreign.owner);
  return new EngineError(
    `${overlaps.length} trigger${overlaps.length === 1 ? '' : 's'} presence-kit does not own would run beside its own — every such event would be handled twice; nothing was written:\n${overlaps.map((o) => `  ${overlapLine(o)}`).join('\n')}\n  disable them (--disable-overlapping: recorded on each trigger, destroy enables them again), or run both on purpose (--allow-overlap)${kits ? '; another presence-kit deployment\'s triggers are never disabled (its next apply would enable them again): --disable-overlapping --allow-overlap disables the others and runs beside those' : ''}`,
  );
}

/**
 * The overlaps to disable, for the CLI and the wizard alike: none unless told to disable; with
 * `--allow-overlap` as well, all but another presence-kit deployment's (never disabled: that
 * deployment's next apply would enable it again), which then run beside ours on purpose.
 */
export const overlapsToDisable = (overlaps: readonly Overlap[], o: { disableOverlapping?: boolean; allowOverlap?: boolean }): Overlap[] =>
  o.disableOverlapping ? overlaps.filter((ov) => !(o.allowOverlap && ov.foreign.owner)) : [];
