import type { MatchCriteria } from '../model/trigger.js';

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

/** The enabled foreign triggers that would run on events the kit's enabled triggers also run on. */
export function overlapsOf(ours: readonly TriggerShape[], foreign: ReadonlyArray<TriggerShape & { id: string }>): Overlap[] {
  const acting = ours.filter((t) => t.enabled);
  const out: Overlap[] = [];
  for (const f of foreign.filter((t) => t.enabled)) {
    const hit = acting.filter((o) => o.topicName === f.topicName && !criteriaExclude(o.matchCriteria, f.matchCriteria));
    if (hit.length) out.push({ foreign: f, ours: hit.map((h) => h.name) });
  }
  return out;
}

/** One line for a person: which trigger, on what, beside which of ours. */
export const overlapLine = (o: Overlap): string =>
  `trigger "${o.foreign.name}" (${o.foreign.topicName}${o.foreign.workflow ? ` → ${o.foreign.workflow}` : ''}) is enabled and acts on the same events as ${o.ours.map((n) => `"${n}"`).join(', ')}`;
