import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { errorLine, GenesysError } from '../genesys/errors.js';
import type { MatchCriteria } from '../model/trigger.js';
import type { ResourceContext } from '../resources/context.js';
import { readMark } from '../resources/mark.js';
import { listTriggers, type TriggerEntity, type TriggerSpec } from '../resources/trigger.js';
import { listWorkflows } from '../resources/workflow.js';
import { withVersionRetry } from '../resources/writes.js';
import { writeJsonAtomic } from '../util/atomic-file.js';
import { readJsonFile } from '../util/json-file.js';
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
  // Stable whatever order Genesys lists triggers in.
  return out.sort((a, b) => a.foreign.name.localeCompare(b.foreign.name) || a.foreign.id.localeCompare(b.foreign.id));
}

/** One line for a person: which trigger, on what, beside which of ours. */
export const overlapLine = (o: Overlap): string =>
  `trigger "${o.foreign.name}" (${o.foreign.topicName}${o.foreign.workflow ? ` → ${o.foreign.workflow}` : ''}) is enabled and acts on the same events as ${o.ours.map((n) => `"${n}"`).join(', ')}`;

// ---------------------------------------------------------------------------------------------
// The org side: which foreign triggers overlap a plan's, disabling them on request (recorded in
// the working directory), and enabling them again at destroy.

/** Where the triggers presence-kit disabled are recorded, next to the state (destroy enables them again). */
export const DISABLED_FILE = join('.presence-kit', 'disabled-triggers.json');

const DisabledSchema = z.object({
  triggers: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      topicName: z.string(),
      /** The kit's blueprints whose triggers it overlapped: enabled again once none of them is deployed. */
      blueprints: z.array(z.string()),
      disabledAt: z.string(),
    }),
  ),
});
type Disabled = z.infer<typeof DisabledSchema>;

function readDisabled(workDir: string): Disabled {
  const r = readJsonFile(join(workDir, DISABLED_FILE), DisabledSchema);
  if (r.ok) return r.data;
  if (r.problem === 'missing') return { triggers: [] };
  throw new EngineError(`${DISABLED_FILE}: ${r.problem === 'invalid' ? `${r.path}: ${r.message}` : r.problem} — it lists the triggers presence-kit disabled; fix or remove it (then enable them in Admin > Triggers yourself)`);
}

/** The triggers presence-kit disabled from this directory (the migration report shows them). */
export const disabledTriggers = (workDir: string): Disabled['triggers'] => readDisabled(workDir).triggers;

const writeDisabled = (workDir: string, d: Disabled) => writeJsonAtomic(join(workDir, DISABLED_FILE), d);

/** The triggers the selected blueprints make, as the overlap check compares them. */
export const kitTriggers = (desired: Desired): TriggerShape[] =>
  desired.nodes
    .filter((n) => n.kind === 'trigger')
    .map((n) => {
      const s = n.spec as TriggerSpec;
      return { name: n.name, topicName: s.topicName, enabled: s.enabled !== false, matchCriteria: s.matchCriteria };
    });

/**
 * The enabled triggers in the org that are not the kit's (`isKit`: found as ours or adopted; any
 * trigger carrying the deployment's mark is the kit's too) and act on the events `ours` act on.
 */
export async function overlapsInOrg(ctx: ResourceContext, ours: readonly TriggerShape[], deployment: string, isKit: (id: string) => boolean): Promise<Overlap[]> {
  if (!ours.length) return [];
  const flows = new Map((await listWorkflows(ctx)).map((f) => [f.id, f.name]));
  const foreign = (await listTriggers(ctx))
    .filter((t) => !isKit(t.id) && readMark(t.description)?.deployment !== deployment)
    .map((t) => ({ id: t.id, name: t.name, topicName: t.topicName, enabled: t.enabled !== false, matchCriteria: t.matchCriteria, workflow: flows.get(t.target?.id ?? '') }));
  return overlapsOf(ours, foreign);
}

/** The overlaps of a plan: its triggers (those it finds or adopts are the kit's) against the org's. */
export async function planOverlaps(p: Plan): Promise<Overlap[]> {
  const { ctx, desired } = internalsOf(p);
  if (p.kind !== 'apply' || !desired) return [];
  const kit = new Set(p.steps.filter((s) => s.kind === 'trigger' && s.id).map((s) => s.id!));
  return overlapsInOrg(ctx, kitTriggers(desired), p.deployment, (id) => kit.has(id));
}

/** Why a run stops on overlaps: one line each, and the two ways on. */
export function overlapRefusal(overlaps: readonly Overlap[]): EngineError {
  return new EngineError(
    `${overlaps.length} enabled trigger${overlaps.length === 1 ? '' : 's'} presence-kit does not own would run beside its own — every such event would be handled twice; nothing was written:\n${overlaps.map((o) => `  ${overlapLine(o)}`).join('\n')}\n  disable them (--disable-overlapping: recorded, destroy enables them again), or run both on purpose (--allow-overlap)`,
  );
}

async function setEnabled(ctx: ResourceContext, id: string, enabled: boolean): Promise<void> {
  const at = `/api/v2/processautomation/triggers/${id}`;
  let t = await ctx.client.request<TriggerEntity>('GET', at);
  await withVersionRetry(
    () => ctx.client.request('PUT', at, { body: { ...triggerBody(t), enabled, version: t.version } }),
    async () => {
      t = await ctx.client.request<TriggerEntity>('GET', at);
    },
  );
}

/** What a PUT takes back of a trigger as Genesys shows it (the fields a trigger's restore writes too). */
const TRIGGER_FIELDS = ['name', 'topicName', 'enabled', 'target', 'matchCriteria', 'eventTTLSeconds', 'delayBySeconds', 'description'] as const;
const triggerBody = (t: TriggerEntity) => Object.fromEntries(TRIGGER_FIELDS.filter((k) => t[k] !== undefined).map((k) => [k, t[k]]));

/** Disables the overlapping triggers, each recorded before it is written (a crash leaves it recorded). */
export async function disableOverlapping(p: Plan, overlaps: readonly Overlap[]): Promise<string[]> {
  const { ctx } = internalsOf(p);
  const rec = readDisabled(ctx.workDir);
  const lines: string[] = [];
  for (const o of overlaps) {
    if (!rec.triggers.some((t) => t.id === o.foreign.id))
      rec.triggers.push({ id: o.foreign.id, name: o.foreign.name, topicName: o.foreign.topicName, blueprints: p.blueprints, disabledAt: new Date().toISOString() });
    writeDisabled(ctx.workDir, rec);
    await setEnabled(ctx, o.foreign.id, false);
    ctx.invalidate('trigger');
    lines.push(`disabled trigger "${o.foreign.name}" (${o.foreign.topicName}): destroy enables it again`);
  }
  return lines;
}

/**
 * After a destroy: enables again the triggers presence-kit disabled for blueprints none of which
 * is deployed any more, and says which — and which it could not (deleted since, or refused).
 */
export async function reenableDisabled(ctx: ResourceContext, stillDeployed: readonly string[]): Promise<string[]> {
  const rec = readDisabled(ctx.workDir);
  if (!rec.triggers.length) return [];
  const lines: string[] = [];
  const keep: Disabled['triggers'] = [];
  for (const t of rec.triggers) {
    if (t.blueprints.some((b) => stillDeployed.includes(b))) {
      keep.push(t);
      continue;
    }
    try {
      await setEnabled(ctx, t.id, true);
      lines.push(`enabled trigger "${t.name}" again (presence-kit disabled it at ${t.disabledAt})`);
    } catch (e) {
      if (e instanceof GenesysError && e.status === 404) lines.push(`trigger "${t.name}" that presence-kit disabled is gone from the org: nothing to enable`);
      else {
        keep.push(t);
        lines.push(`could not enable trigger "${t.name}" again (${errorLine(e)}): enable it in Admin > Triggers, or run destroy again`);
      }
    }
  }
  if (keep.length) writeDisabled(ctx.workDir, { triggers: keep });
  else rmSync(join(ctx.workDir, DISABLED_FILE), { force: true });
  return lines;
}
