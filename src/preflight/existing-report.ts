import { overlapLine } from '../engine/overlap.js';
import { RESOURCES } from '../resources/index.js';
import type { Change } from '../resources/types.js';
import type { ExistingInstall, TakenName } from './existing-install.js';

/**
 * The existing install as doctor and the wizard's first screen show it: per original blueprint,
 * how much of it is there and which of its triggers are enabled; then each name presence-kit
 * would use that someone else holds, with what differs; then the triggers that would double the
 * kit's work. Pure: the same lines whoever prints them.
 */
const MAX_VALUE = 60;

const short = (v: unknown): string => {
  const s = typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v) ?? 'none';
  return s.length > MAX_VALUE ? `${s.slice(0, MAX_VALUE - 1)}…` : s;
};

const isObject = (v: unknown) => v !== null && typeof v === 'object';

/** One change, short: an object's field by name only (`--json` has the values). */
export const changeText = (c: Change): string =>
  c.note ? `${c.field} (${c.note})` : isObject(c.from) || isObject(c.to) ? c.field : `${c.field}: ${short(c.from)} → ${short(c.to)}`;

const takenLine = (t: TakenName, original?: string): string => {
  const whose = (t.deployment ? `presence-kit deployment "${t.deployment}"'s` : 'not presence-kit\'s') + (original ? `; from the original "${original}"` : '');
  const diff = t.changes.length ? `differs in ${t.changes.map(changeText).join('; ')}` : 'same as presence-kit would make it';
  return `${RESOURCES[t.kind].label} "${t.name}" (${whose}): ${diff}`;
};

export function existingLines(found: ExistingInstall): string[] {
  const lines: string[] = [];
  for (const o of found.originals) {
    const enabled = o.triggers.filter((t) => t.enabled);
    lines.push(
      `the original "${o.title}" blueprint (presence-kit's ${o.blueprint}): ${o.entities.length} entit${o.entities.length === 1 ? 'y' : 'ies'} and ${o.triggers.length} trigger${o.triggers.length === 1 ? '' : 's'}${o.triggers.length ? ` (${enabled.length} enabled${enabled.length ? `: ${enabled.map((t) => `"${t.name}" → ${t.workflow}`).join(', ')}` : ''})` : ''}`,
    );
  }
  // Which original each taken name came from, when it is one of an original's entities (else made by hand, or by another tool).
  for (const t of found.taken) lines.push(takenLine(t, found.originals.find((o) => o.entities.some((e) => e.id === t.id))?.title));
  for (const o of found.overlaps) lines.push(overlapLine(o));
  return lines;
}

/** The one-line summary: what blocks, and the ways on. */
export function existingSummary(found: ExistingInstall, blocking: readonly TakenName[]): string {
  const parts: string[] = [];
  if (found.originals.length) parts.push(`an existing install of ${found.originals.map((o) => o.blueprint).join(', ')}`);
  if (blocking.length) parts.push(`${blocking.length} name${blocking.length === 1 ? '' : 's'} presence-kit would use ${blocking.length === 1 ? 'is' : 'are'} taken`);
  if (found.overlaps.length) parts.push(`${found.overlaps.length} enabled trigger${found.overlaps.length === 1 ? '' : 's'} would run beside the kit's`);
  return parts.join('; ') || 'nothing in the way: no original blueprint installed, no name presence-kit uses held by someone else';
}
