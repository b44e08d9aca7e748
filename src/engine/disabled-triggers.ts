import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { errorLine } from '../genesys/errors.js';
import { TRIGGER_DESCRIPTION_MAX } from '../model/trigger.js';
import type { ResourceContext } from '../resources/context.js';
import { readDisabledBy, readMark, withDisabledBy } from '../resources/mark.js';
import { listTriggers, rewriteTrigger, trigger, type TriggerEntity } from '../resources/trigger.js';
import { isNotFound } from '../resources/writes.js';
import { writeJsonAtomic } from '../util/atomic-file.js';
import { readJsonFile } from '../util/json-file.js';
import { EngineError } from './errors.js';
import { overlapsOf, shapeOf, type Overlap } from './overlap.js';
import { internalsOf, type Plan } from './plan.js';

/**
 * The triggers presence-kit disabled so that the kit's would not run beside them (engine/overlap.ts),
 * recorded where every clone sees it: on each trigger itself, by a disabled-by mark at the end of
 * its description naming the deployments that rely on it staying disabled (src/resources/mark.ts).
 * So `destroy` from any checkout — a CI runner, a laptop whose `.presence-kit/` was lost — finds
 * them in the org, and enables each again once no deployment holds it:
 *
 * - a deployment lets go of a trigger when none of its own triggers left in the org acts on the
 *   same events (decided from the org, like ownership: `destroy --blueprint X` lets go of what only
 *   X's triggers overlapped);
 * - two deployments that both disabled it: the first to let go takes its name off the mark, the
 *   trigger stays disabled; the last one enables it and takes the mark off;
 * - enabled again by hand in the meantime: left enabled, the mark taken off, and said so;
 * - the description comes back byte for byte (the mark goes with exactly the space it came with).
 *
 * Writing to a trigger presence-kit does not own is allowed here only because the admin said so:
 * `--disable-overlapping`, or the wizard's "disable these triggers?" answered yes.
 */

export interface HeldTrigger {
  id: string;
  name: string;
  topicName: string;
  /** False unless someone enabled it again by hand since. */
  enabled: boolean;
  /** Every deployment holding it disabled, this one included. */
  heldBy: string[];
  /** Recorded only in an older presence-kit's local file, not yet on the trigger. */
  recordedLocally?: true;
}

/** Where an older presence-kit recorded the triggers it disabled (a local file, lost with the checkout): read once, moved into the org, removed. */
export const LEGACY_DISABLED_FILE = join('.presence-kit', 'disabled-triggers.json');

const LegacySchema = z.object({ triggers: z.array(z.object({ id: z.string(), name: z.string() }).loose()) });
type LegacyRecord = z.infer<typeof LegacySchema>['triggers'][number];

function readLegacy(workDir: string): { records: LegacyRecord[]; problem?: string } {
  const r = readJsonFile(join(workDir, LEGACY_DISABLED_FILE), LegacySchema);
  if (r.ok) return { records: r.data.triggers };
  if (r.problem === 'missing') return { records: [] };
  return { records: [], problem: `${LEGACY_DISABLED_FILE} (an older presence-kit's record of the triggers it disabled) is ${r.problem === 'invalid' ? `invalid at ${r.path}` : r.problem}: left as it is — enable the triggers it lists in Admin > Triggers yourself, then remove it` };
}

function writeLegacy(workDir: string, records: LegacyRecord[]): void {
  if (records.length) writeJsonAtomic(join(workDir, LEGACY_DISABLED_FILE), { triggers: records });
  else rmSync(join(workDir, LEGACY_DISABLED_FILE), { force: true });
}

/** Sets a trigger's `enabled` and its disabled-by mark (naming `deployments`; none: no mark, the description as it was). */
async function writeHold(ctx: ResourceContext, id: string, enabled: (t: TriggerEntity) => boolean, deployments: (t: TriggerEntity) => string[]): Promise<void> {
  // No description left (the trigger had none): none is sent, so the trigger has none again.
  await rewriteTrigger(ctx, id, (t) => ({ ...t, enabled: enabled(t), description: withDisabledBy(t.description, deployments(t)) }));
  ctx.invalidate('trigger');
}

const plus = (t: TriggerEntity, deployment: string) => [...readDisabledBy(t.description), deployment];
const minus = (t: TriggerEntity, deployment: string) => readDisabledBy(t.description).filter((d) => d !== deployment);

/** Why a trigger cannot carry the record: its description leaves no room for the mark. */
function noRoom(t: TriggerEntity, deployment: string): string | undefined {
  const text = withDisabledBy(t.description, plus(t, deployment)) ?? '';
  if (text.length <= TRIGGER_DESCRIPTION_MAX) return undefined;
  return `trigger "${t.name}": its description leaves no room for presence-kit's record of disabling it (${text.length} characters with it; Genesys allows ${TRIGGER_DESCRIPTION_MAX}) — shorten it in Admin > Triggers by ${text.length - TRIGGER_DESCRIPTION_MAX}, or run both (--allow-overlap)`;
}

/**
 * Moves an older presence-kit's local record into the org (once): each trigger it lists that is
 * still disabled gets this deployment's disabled-by mark; one enabled again since, or gone, is
 * dropped. What cannot be marked stays in the file. Returns what it did, a line each.
 */
async function migrateLegacy(ctx: ResourceContext, deployment: string): Promise<string[]> {
  const legacy = readLegacy(ctx.workDir);
  if (legacy.problem) return [legacy.problem];
  if (!legacy.records.length) return [];
  const inOrg = new Map((await listTriggers(ctx)).map((t) => [t.id, t]));
  const lines: string[] = [];
  const left: LegacyRecord[] = [];
  for (const r of legacy.records) {
    const t = inOrg.get(r.id);
    if (!t) lines.push(`trigger "${r.name}", which ${LEGACY_DISABLED_FILE} says presence-kit disabled, is gone from the org: record dropped`);
    else if (t.enabled) lines.push(`trigger "${r.name}", which ${LEGACY_DISABLED_FILE} says presence-kit disabled, was enabled again since: record dropped`);
    else if (!readDisabledBy(t.description).includes(deployment)) {
      const moved = await migrateOne(ctx, t, deployment);
      lines.push(...moved.lines);
      if (moved.stays) left.push(r);
    }
  }
  writeLegacy(ctx.workDir, left);
  return lines;
}

/**
 * Disables the overlapping triggers, each with this deployment's disabled-by mark in the same
 * write (the record is the trigger itself: no crash can separate them). Checks every one first:
 * another deployment's trigger, or one whose description has no room for the mark, stops the run
 * with nothing written. An older local record is moved into the org first.
 */
export async function disableOverlapping(p: Plan, overlaps: readonly Overlap[]): Promise<string[]> {
  const { ctx } = internalsOf(p);
  if (!overlaps.length) return migrateLegacy(ctx, p.deployment);
  // As Genesys shows them now (one deleted since the plan has nothing left to disable).
  const current = (await Promise.all(overlaps.map((o) => trigger.read(ctx, o.foreign.id)))).flatMap((o) => (o ? [o.actual] : []));
  const refused = current.flatMap((t) => {
    const owner = readMark(t.description)?.deployment;
    if (owner) return [`trigger "${t.name}" is presence-kit deployment "${owner}"'s: its next apply would enable it again — run beside it (--allow-overlap), or destroy that deployment first`];
    return noRoom(t, p.deployment) ?? [];
  });
  if (refused.length) throw new EngineError(`cannot disable ${refused.length === 1 ? 'a trigger' : `${refused.length} triggers`}; nothing was written:\n${refused.map((r) => `  ${r}`).join('\n')}`);
  const lines = await migrateLegacy(ctx, p.deployment);
  for (const t of current) {
    const others = readDisabledBy(t.description).filter((d) => d !== p.deployment);
    await writeHold(ctx, t.id, () => false, (x) => plus(x, p.deployment));
    lines.push(
      !t.enabled && others.length
        ? `trigger "${t.name}" (${t.topicName}) stays disabled, now for deployment "${p.deployment}" too (recorded on the trigger): enabled again when the last of ${[...others, p.deployment].map((d) => `"${d}"`).join(', ')} is destroyed`
        : `disabled trigger "${t.name}" (${t.topicName}), recorded on the trigger itself: destroy enables it again`,
    );
  }
  return lines;
}

/** Every trigger this deployment holds disabled, from the org (and an older presence-kit's local record not yet moved into it). */
export async function heldTriggers(ctx: ResourceContext, deployment: string): Promise<HeldTrigger[]> {
  const all = await listTriggers(ctx);
  const held: HeldTrigger[] = all
    .filter((t) => readDisabledBy(t.description).includes(deployment))
    .map((t) => ({ id: t.id, name: t.name, topicName: t.topicName, enabled: t.enabled !== false, heldBy: readDisabledBy(t.description) }));
  for (const r of readLegacy(ctx.workDir).records) {
    const t = all.find((x) => x.id === r.id);
    if (t && !held.some((h) => h.id === r.id)) held.push({ id: t.id, name: t.name, topicName: t.topicName, enabled: t.enabled !== false, heldBy: [deployment], recordedLocally: true });
  }
  return held.sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
}

/**
 * Whether the deployment still needs a trigger it holds disabled: one of its own triggers in the
 * org (`leaving` aside: those a destroy is about to delete) acts on the same events.
 */
function needsOf(all: readonly TriggerEntity[], deployment: string, leaving: ReadonlySet<string> = new Set()): (held: TriggerEntity) => boolean {
  const ours = all.filter((t) => readMark(t.description)?.deployment === deployment && !leaving.has(t.id)).map((t) => shapeOf(t));
  return (held) => overlapsOf(ours, [{ ...shapeOf(held), enabled: true }]).length > 0;
}

/**
 * What a destroy deleting the triggers `leaving` will do with each trigger the deployment holds
 * disabled, a line each (said with its plan, before anything changes).
 */
export async function releasePreview(ctx: ResourceContext, deployment: string, leaving: ReadonlySet<string>): Promise<string[]> {
  const all = await listTriggers(ctx);
  const needs = needsOf(all, deployment, leaving);
  return (await heldTriggers(ctx, deployment)).map((h) => {
    const t = all.find((x) => x.id === h.id)!;
    const others = h.heldBy.filter((d) => d !== deployment);
    const what = `trigger "${h.name}" (${h.topicName})`;
    if (needs(t)) return `${what} stays disabled: the deployment's triggers left still act on its events`;
    if (h.enabled) return `${what} was enabled again by hand since presence-kit disabled it: presence-kit's mark comes off`;
    if (others.length) return `${what} stays disabled for ${others.map((d) => `"${d}"`).join(', ')}: this deployment's name comes off its mark`;
    return `${what} is enabled again, its description as it was`;
  });
}

/** A line for a person about a trigger this deployment holds disabled. */
export function heldLine(h: HeldTrigger, deployment: string): string {
  const others = h.heldBy.filter((d) => d !== deployment);
  const what = `trigger "${h.name}" (${h.topicName})`;
  if (h.recordedLocally) return `${what}: disabled by presence-kit, recorded only in ${LEGACY_DISABLED_FILE} by an older presence-kit — the next apply or destroy moves the record onto the trigger`;
  if (h.enabled) return `${what}: presence-kit disabled it, but it was enabled again by hand since — destroy leaves it enabled and takes presence-kit's mark off`;
  if (others.length) return `${what}: disabled by presence-kit (recorded on the trigger), for deployments ${h.heldBy.map((d) => `"${d}"`).join(', ')} — enabled again when the last of them is destroyed`;
  return `${what}: disabled by presence-kit (recorded on the trigger) — destroy enables it again`;
}

/**
 * After a destroy: lets go of every trigger this deployment holds disabled that none of its
 * triggers left in the org acts on the same events as — enabled again when no other deployment
 * holds it, its description as it was — and says which, and which it could not. Reads the org
 * (and an older presence-kit's local record, once), never this directory's state.
 */
export async function releaseDisabled(ctx: ResourceContext, deployment: string): Promise<string[]> {
  const legacy = readLegacy(ctx.workDir);
  const lines: string[] = legacy.problem ? [legacy.problem] : [];
  ctx.invalidate('trigger');
  const all = await listTriggers(ctx);
  const needs = needsOf(all, deployment);
  const fromFile = new Set(legacy.records.map((r) => r.id));
  for (const r of legacy.records) if (!all.some((t) => t.id === r.id)) lines.push(`trigger "${r.name}" that presence-kit disabled is gone from the org: nothing to enable`);
  // Older local records that must stay in the file (not yet moved onto their trigger).
  const stay: LegacyRecord[] = [];
  for (const t of all) {
    const marked = readDisabledBy(t.description).includes(deployment);
    if (!marked && !fromFile.has(t.id)) continue;
    const record = legacy.records.find((r) => r.id === t.id);
    // Still needed: one of this deployment's own triggers left acts on the same events.
    if (needs(t)) {
      if (!marked && record) {
        const moved = await migrateOne(ctx, t, deployment);
        lines.push(...moved.lines);
        if (moved.stays) stay.push(record);
      }
      continue;
    }
    const others = minus(t, deployment);
    if (!marked && t.enabled) {
      lines.push(`trigger "${t.name}" was enabled again by hand since presence-kit disabled it: left enabled`);
      continue;
    }
    try {
      await writeHold(ctx, t.id, (x) => (others.length ? x.enabled : true), (x) => minus(x, deployment));
      if (others.length) lines.push(`trigger "${t.name}" stays disabled: presence-kit deployment${others.length === 1 ? '' : 's'} ${others.map((d) => `"${d}"`).join(', ')} still rel${others.length === 1 ? 'ies' : 'y'} on it (and enable${others.length === 1 ? 's' : ''} it again when destroyed)`);
      else if (t.enabled) lines.push(`trigger "${t.name}" was enabled again by hand since presence-kit disabled it: left enabled, presence-kit's mark taken off`);
      else lines.push(`enabled trigger "${t.name}" again (presence-kit had disabled it), its description as it was`);
    } catch (e) {
      if (isNotFound(e)) lines.push(`trigger "${t.name}" that presence-kit disabled is gone from the org: nothing to enable`);
      else {
        if (!marked && record) stay.push(record);
        lines.push(`could not enable trigger "${t.name}" again (${errorLine(e)}): run destroy again, or enable it in Admin > Triggers${marked ? ' and take "[presence-kit disabled-by=…]" off its description' : ''}`);
      }
    }
  }
  if (!legacy.problem && legacy.records.length) {
    writeLegacy(ctx.workDir, stay);
    if (!stay.length) lines.push(`${LEGACY_DISABLED_FILE} (an older presence-kit's record of the triggers it disabled) was honoured and removed: the record lives on each trigger from now on`);
  }
  return lines;
}

/** A trigger an older local record lists, still needed: its record moves onto it (or stays in the file when it cannot). */
async function migrateOne(ctx: ResourceContext, t: TriggerEntity, deployment: string): Promise<{ lines: string[]; stays: boolean }> {
  if (t.enabled) return { lines: [], stays: false };
  const why = noRoom(t, deployment);
  if (why) return { lines: [`${why}; its record stays in ${LEGACY_DISABLED_FILE}`], stays: true };
  await writeHold(ctx, t.id, () => false, (x) => plus(x, deployment));
  return { lines: [`trigger "${t.name}": the record that presence-kit disabled it moved from ${LEGACY_DISABLED_FILE} (an older presence-kit's) onto the trigger itself — destroy from any checkout enables it again`], stays: false };
}

/**
 * For `forget` of one of the kit's triggers: the triggers this deployment holds disabled that it
 * acts on the same events as. They stay held (other triggers of the deployment may still need
 * them), and `destroy` lets go of them — then the forgotten trigger, no longer presence-kit's, runs
 * beside them: said now, a line each.
 */
export async function forgottenOverlaps(ctx: ResourceContext, deployment: string, forgotten: TriggerEntity): Promise<string[]> {
  const held = (await listTriggers(ctx)).filter((t) => readDisabledBy(t.description).includes(deployment));
  return held
    .filter((t) => overlapsOf([shapeOf(forgotten)], [{ ...shapeOf(t), enabled: true }]).length)
    .map((t) => `trigger "${t.name}", which presence-kit disabled for deployment "${deployment}", acts on the same events as this one: destroy still enables it again — beside this one, which is no longer presence-kit's to remove`);
}
