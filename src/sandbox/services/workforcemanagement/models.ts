import { SYSTEM_PRESENCE_IDS, type SystemPresenceName } from '../../../model/presence.js';
import type { SandboxContext } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import type { Collection } from '../../core/store.js';
import { divisionNamed, homeDivision, OTHER_DIVISIONS } from '../authorization/models.js';
import { setUserPresence } from '../presence/models.js';
import { agents, SANDBOX_EMAIL_DOMAIN, users, type UserRecord } from '../users/models.js';
import { rngFor, type ActivityCodeIds, type ScheduleSource } from './schedule-generator.js';
import { publishedShifts } from './published-shifts.js';

/** A WFM business unit. `scheduleSeed`/`scheduleAnchor` drive the generated schedules (sandbox-internal, never served). */
export interface BusinessUnitRecord {
  id: string;
  name: string;
  divisionId: string;
  timeZone: string;
  startDayOfWeek: 'Monday';
  scheduleSeed: number;
  /** ISO instant on the 5-minute grid: "today" for the generated schedules. */
  scheduleAnchor: string;
}

export interface ManagementUnitRecord {
  id: string;
  name: string;
  businessUnitId: string;
  divisionId: string;
  timeZone: string;
  /** The agents of this MU (an agent belongs to one MU, as in Genesys). */
  userIds: string[];
}

export const ACTIVITY_CATEGORIES = ['OnQueueWork', 'Break', 'Meal', 'Meeting', 'OffQueueWork', 'TimeOff', 'Training', 'Unavailable'] as const;
export type ActivityCategory = (typeof ACTIVITY_CATEGORIES)[number];

export interface ActivityCodeRecord {
  id: string;
  name: string;
  businessUnitId: string;
  category: ActivityCategory;
  active: boolean;
  defaultCode: boolean;
  lengthInMinutes: number;
  countsAsPaidTime: boolean;
  countsAsWorkTime: boolean;
  countsTowardShrinkage: boolean;
  plannedShrinkage: boolean;
  interruptible: boolean;
  /** Which generated activity uses this code (sandbox-internal). */
  generates?: keyof ActivityCodeIds;
}

export const businessUnits = (ctx: SandboxContext): Collection<BusinessUnitRecord> =>
  ctx.store.collection<BusinessUnitRecord>('wfmBusinessUnits', { summarize: (b) => ({ timeZone: b.timeZone, scheduleAnchor: b.scheduleAnchor }) });

export const managementUnits = (ctx: SandboxContext): Collection<ManagementUnitRecord> =>
  ctx.store.collection<ManagementUnitRecord>('wfmManagementUnits', {
    summarize: (m) => ({ businessUnitId: m.businessUnitId, timeZone: m.timeZone, agents: m.userIds.length }),
  });

export const activityCodes = (ctx: SandboxContext): Collection<ActivityCodeRecord> =>
  ctx.store.collection<ActivityCodeRecord>('wfmActivityCodes', { summarize: (a) => ({ businessUnitId: a.businessUnitId, category: a.category }) });

const byName = <T extends { name: string; id: string }>(a: T, b: T) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id);

export const listBusinessUnits = (ctx: SandboxContext, divisionId?: string) =>
  businessUnits(ctx)
    .filter((b) => !divisionId || b.divisionId === divisionId)
    .sort(byName);

export function getBusinessUnit(ctx: SandboxContext, id: string): BusinessUnitRecord {
  const b = businessUnits(ctx).get(id);
  if (!b) throw notFound(`Business unit ${id} not found`);
  return b;
}

export const listManagementUnits = (ctx: SandboxContext, filter: { businessUnitId?: string; divisionId?: string } = {}) =>
  managementUnits(ctx)
    .filter((m) => (!filter.businessUnitId || m.businessUnitId === filter.businessUnitId) && (!filter.divisionId || m.divisionId === filter.divisionId))
    .sort(byName);

export function getManagementUnit(ctx: SandboxContext, id: string): ManagementUnitRecord {
  const m = managementUnits(ctx).get(id);
  if (!m) throw notFound(`Management unit ${id} not found`);
  return m;
}

export const listActivityCodes = (ctx: SandboxContext, businessUnitId: string) =>
  activityCodes(ctx)
    .filter((a) => a.businessUnitId === businessUnitId)
    .sort(byName);

/** The management unit an agent belongs to, if any. */
export const managementUnitOf = (ctx: SandboxContext, userId: string): ManagementUnitRecord | undefined =>
  managementUnits(ctx).find((m) => m.userIds.includes(userId));

/** What the schedule generator needs for a business unit. */
export function scheduleSource(ctx: SandboxContext, bu: BusinessUnitRecord): ScheduleSource {
  const scheduleIds = new Map<string, string>();
  const codes = Object.fromEntries(
    listActivityCodes(ctx, bu.id)
      .filter((a) => a.generates)
      .map((a) => [a.generates!, a.id]),
  ) as unknown as ActivityCodeIds;
  return {
    seed: bu.scheduleSeed,
    anchorMs: Date.parse(bu.scheduleAnchor),
    codes,
    // One id per published week, asked for once per shift: drawn once (a 50,000-agent search asks 100,000 times).
    scheduleIdFor: (weekDate) => {
      let id = scheduleIds.get(weekDate);
      if (!id) scheduleIds.set(weekDate, (id = rngFor(bu.scheduleSeed, 'schedule', bu.id, weekDate).uuid()));
      return id;
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Seeding

const MU_SITES: ReadonlyArray<readonly [string, string]> = [
  ['London Customer Care', 'Europe/London'],
  ['Chicago Support', 'America/Chicago'],
  ['Manila Billing', 'Asia/Manila'],
  ['Sydney Sales', 'Australia/Sydney'],
  ['Berlin Technical Support', 'Europe/Berlin'],
  ['Toronto Retention', 'America/Toronto'],
  ['Johannesburg Care', 'Africa/Johannesburg'],
  ['São Paulo Sales', 'America/Sao_Paulo'],
];
const BU_NAMES = ['Contact Center', 'Contact Center West', 'Contact Center East', 'Contact Center South'];

/**
 * The business units' activity codes. Ids are generated (never Genesys's default '0'…'7'), so code
 * that matches breaks by literal id finds nothing and code that reads categories works. "Coffee
 * Break" is a second, non-default Break code.
 */
const CODE_TEMPLATES: ReadonlyArray<Omit<ActivityCodeRecord, 'id' | 'businessUnitId' | 'active' | 'countsTowardShrinkage' | 'plannedShrinkage' | 'interruptible'>> = [
  { name: 'On Queue Work', category: 'OnQueueWork', defaultCode: true, lengthInMinutes: 15, countsAsPaidTime: true, countsAsWorkTime: true, generates: 'onQueue' },
  { name: 'Break', category: 'Break', defaultCode: true, lengthInMinutes: 15, countsAsPaidTime: true, countsAsWorkTime: false, generates: 'break' },
  { name: 'Coffee Break', category: 'Break', defaultCode: false, lengthInMinutes: 15, countsAsPaidTime: true, countsAsWorkTime: false, generates: 'coffeeBreak' },
  { name: 'Meal', category: 'Meal', defaultCode: true, lengthInMinutes: 30, countsAsPaidTime: false, countsAsWorkTime: false, generates: 'meal' },
  { name: 'Meeting', category: 'Meeting', defaultCode: true, lengthInMinutes: 30, countsAsPaidTime: true, countsAsWorkTime: true, generates: 'meeting' },
  { name: 'Training', category: 'Training', defaultCode: true, lengthInMinutes: 60, countsAsPaidTime: true, countsAsWorkTime: true, generates: 'training' },
  { name: 'Off Queue Work', category: 'OffQueueWork', defaultCode: true, lengthInMinutes: 30, countsAsPaidTime: true, countsAsWorkTime: true },
  { name: 'Time Off', category: 'TimeOff', defaultCode: true, lengthInMinutes: 480, countsAsPaidTime: true, countsAsWorkTime: false },
  { name: 'Unavailable', category: 'Unavailable', defaultCode: true, lengthInMinutes: 60, countsAsPaidTime: false, countsAsWorkTime: false },
];

/** Presences WFM agents start in, by weight: most On Queue, some off queue, some already on break. */
const START_PRESENCES: ReadonlyArray<readonly [SystemPresenceName, number]> = [
  ['On Queue', 70],
  ['Available', 10],
  ['Break', 6],
  ['Meal', 3],
  ['Away', 5],
  ['Offline', 6],
];

export function startingPresence(seed: number, userId: string): SystemPresenceName {
  let r = rngFor(seed, 'presence', userId).next() * 100;
  for (const [p, w] of START_PRESENCES) {
    if (r < w) return p;
    r -= w;
  }
  return 'On Queue';
}

/** Creates more agents when the WFM model is asked for more than the users seed made (`--wfm-agents`). */
function createAgents(ctx: SandboxContext, count: number, startAt: number): UserRecord[] {
  const divisionId = homeDivision(ctx).id;
  const created: UserRecord[] = [];
  const now = ctx.clock.nowIso();
  for (let i = 0; i < count; i++) {
    const n = String(startAt + i + 1).padStart(5, '0');
    const email = `wfm.agent.${n}@${SANDBOX_EMAIL_DOMAIN}`;
    const u: UserRecord = {
      id: ctx.rng.uuid(),
      name: `WFM Agent ${n}`,
      email,
      username: email,
      department: 'Customer Care',
      title: 'Contact Center Agent',
      state: 'active',
      divisionId,
      version: 1,
      agent: true,
      dateCreated: now,
    };
    users(ctx).insert(u);
    created.push(u);
  }
  return created;
}

/**
 * Seeds business units, management units (with time zones), activity codes and MU membership, and
 * sets the agents' starting presences through the presence model. `wfmAgents` (default: every
 * seeded agent) agents are spread round-robin over `wfmManagementUnits` MUs (default 3), four MUs
 * per business unit.
 */
export function seedWorkforceManagement(ctx: SandboxContext): void {
  const existing = agents(ctx);
  const wanted = ctx.options.wfmAgents ?? existing.length;
  const pool = wanted <= existing.length ? existing.slice(0, wanted) : [...existing, ...createAgents(ctx, wanted - existing.length, 0)];
  const muCount = Math.max(1, ctx.options.wfmManagementUnits ?? 3);
  const division = homeDivision(ctx);
  const anchorMs = Math.floor(ctx.clock.now() / (5 * 60_000)) * 5 * 60_000;
  const seed = ctx.rng.int(1, 2 ** 31);

  const bus: BusinessUnitRecord[] = [];
  for (let b = 0; b < Math.ceil(muCount / 4); b++) {
    const bu: BusinessUnitRecord = {
      id: ctx.rng.uuid(),
      name: BU_NAMES[b] ?? `Contact Center ${b + 1}`,
      divisionId: division.id,
      timeZone: MU_SITES[(b * 4) % MU_SITES.length]![1],
      startDayOfWeek: 'Monday',
      scheduleSeed: seed + b,
      scheduleAnchor: new Date(anchorMs).toISOString(),
    };
    businessUnits(ctx).insert(bu);
    bus.push(bu);
    for (const t of CODE_TEMPLATES)
      activityCodes(ctx).insert({
        ...t,
        id: ctx.rng.uuid(),
        businessUnitId: bu.id,
        active: true,
        countsTowardShrinkage: t.category !== 'OnQueueWork',
        plannedShrinkage: t.category !== 'OnQueueWork',
        interruptible: t.category === 'Break' || t.category === 'Meal',
      });
  }

  const mus: ManagementUnitRecord[] = [];
  for (let m = 0; m < muCount; m++) {
    const [site, timeZone] = MU_SITES[m % MU_SITES.length]!;
    mus.push({
      id: ctx.rng.uuid(),
      name: m < MU_SITES.length ? site : `${site} ${Math.floor(m / MU_SITES.length) + 1}`,
      businessUnitId: bus[Math.floor(m / 4)]!.id,
      // The third MU belongs to the partner's division: a job whose roles reach Home only cannot see it.
      divisionId: m === 2 ? divisionNamed(ctx, OTHER_DIVISIONS[0].name).id : division.id,
      timeZone,
      userIds: [],
    });
  }
  pool.forEach((u, i) => mus[i % muCount]!.userIds.push(u.id));
  for (const mu of mus) managementUnits(ctx).insert(mu);

  for (const u of pool) setUserPresence(ctx, u.id, SYSTEM_PRESENCE_IDS[startingPresence(seed, u.id)], { primary: true });
}

/**
 * The sandbox's own answer to "whose breaks start in (startMs, endMs], and when?" — every start
 * of an activity of these categories in the window, per agent, read from the schedule generator
 * (edits applied), not through the API. Tests and the benchmark check the pre-break job against it.
 */
export function agentBreakStarts(ctx: SandboxContext, window: { startMs: number; endMs: number }, categories: readonly string[] = ['Break', 'Meal']): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const mu of managementUnits(ctx).list()) {
    const bu = businessUnits(ctx).get(mu.businessUnitId)!;
    const codes = new Set(activityCodes(ctx).filter((a) => a.businessUnitId === bu.id && categories.includes(a.category)).map((a) => a.id));
    const src = scheduleSource(ctx, bu);
    for (const id of mu.userIds)
      // A shift lasts at most 9 h: one holding an activity in the window overlaps [start − 10 h, end].
      for (const shift of publishedShifts(ctx, src, id, window.startMs - 10 * 3_600_000, window.endMs + 60_000))
        for (const a of shift.activities) {
          const at = Date.parse(a.startDate);
          if (!codes.has(a.activityCodeId) || at <= window.startMs || at > window.endMs) continue;
          out.set(id, [...(out.get(id) ?? []), at].sort((x, y) => x - y));
        }
  }
  return out;
}

/** Each agent with a break starting in (startMs, endMs], with the earliest such start. */
export function agentBreaksStarting(ctx: SandboxContext, window: { startMs: number; endMs: number }, categories: readonly string[] = ['Break', 'Meal']): Map<string, number> {
  return new Map([...agentBreakStarts(ctx, window, categories)].map(([id, starts]) => [id, starts[0]!]));
}

/** The agents of `agentBreaksStarting`. */
export function agentsWithActivityStarting(ctx: SandboxContext, window: { startMs: number; endMs: number }, categories: readonly string[] = ['Break', 'Meal']): Set<string> {
  return new Set(agentBreaksStarting(ctx, window, categories).keys());
}
