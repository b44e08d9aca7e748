import type { SandboxContext } from '../../core/context.js';
import { badRequest, notFound } from '../../core/errors.js';
import type { Collection } from '../../core/store.js';
import type { GeneratedShift } from './schedule-generator.js';

/**
 * Edits to published schedules: a break cancelled, or moved to another time. Generated schedules
 * are a pure function of seed, agent and day (schedule-generator.ts), so an edit is kept as an
 * overlay on one activity — (agent, activity start) → new start, or removed — and applied to every
 * answer that shows that agent's shifts. A cancelled break becomes On Queue work, as in Genesys
 * where the scheduler replaces a removed activity with the shift's default work.
 *
 * Genesys edits a published schedule through `POST /api/v2/workforcemanagement/businessunits/
 * {businessUnitId}/weeks/{weekId}/schedules/{scheduleId}/update` (an upload of the changed agent
 * schedules); the sandbox does not emulate that upload, only its effect, through
 * `POST /sandbox/v1/workforcemanagement/scheduleedits` and `editScheduledActivity` (see fidelity.ts).
 */
export interface ScheduleEditRecord {
  /** `${userId}|${activity start ISO}` */
  id: string;
  userId: string;
  startDate: string;
  /** New start, or null when the activity was removed. */
  newStartDate: string | null;
}

export const scheduleEdits = (ctx: SandboxContext): Collection<ScheduleEditRecord> =>
  ctx.store.collection<ScheduleEditRecord>('wfmScheduleEdits', { summarize: (e) => ({ userId: e.userId, startDate: e.startDate, newStartDate: e.newStartDate }) });

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/** Records an edit: the agent's activity starting at `startDate` moves to `newStartDate`, or is removed (null). */
export function editScheduledActivity(ctx: SandboxContext, edit: { userId?: unknown; startDate?: unknown; newStartDate?: unknown }): ScheduleEditRecord {
  if (typeof edit.userId !== 'string' || !edit.userId) throw badRequest('userId is required');
  const startMs = typeof edit.startDate === 'string' ? Date.parse(edit.startDate) : NaN;
  if (Number.isNaN(startMs)) throw badRequest('startDate (the activity\'s current start, ISO-8601) is required');
  let newStart: string | null = null;
  if (edit.newStartDate !== undefined && edit.newStartDate !== null) {
    const ms = typeof edit.newStartDate === 'string' ? Date.parse(edit.newStartDate) : NaN;
    if (Number.isNaN(ms)) throw badRequest('newStartDate must be an ISO-8601 date-time, or null to remove the activity');
    newStart = iso(ms);
  }
  const rec: ScheduleEditRecord = { id: `${edit.userId}|${iso(startMs)}`, userId: edit.userId, startDate: iso(startMs), newStartDate: newStart };
  scheduleEdits(ctx).put(rec);
  return rec;
}

export function removeScheduleEdit(ctx: SandboxContext, id: string): void {
  if (!scheduleEdits(ctx).get(id)) throw notFound(`Schedule edit ${id} not found`);
  scheduleEdits(ctx).delete(id);
}

/** The agent's shifts with the edits applied (the same objects when the agent has none). */
export function applyScheduleEdits(ctx: SandboxContext, userId: string, shifts: GeneratedShift[], onQueueCodeId: string): GeneratedShift[] {
  const all = scheduleEdits(ctx);
  if (all.size === 0) return shifts;
  return shifts.map((s) => {
    let touched = false;
    const activities = s.activities.map((a) => {
      const e = all.get(`${userId}|${a.startDate}`);
      if (!e) return a;
      touched = true;
      if (e.newStartDate === null) return { ...a, activityCodeId: onQueueCodeId, description: 'On Queue Work', paid: true, payableMinutes: a.lengthMinutes };
      return { ...a, startDate: e.newStartDate };
    });
    if (!touched) return s;
    activities.sort((x, y) => Date.parse(x.startDate) - Date.parse(y.startDate));
    return { ...s, activities, manuallyEdited: true };
  });
}
