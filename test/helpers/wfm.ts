import type { SandboxContext } from '../../src/sandbox/core/context.js';
import { activityCodes, businessUnits, managementUnits, scheduleSource } from '../../src/sandbox/services/workforcemanagement/models.js';
import { publishedShifts } from '../../src/sandbox/services/workforcemanagement/published-shifts.js';

/**
 * Every scheduled break and meal starting in [fromMs, toMs], read from the sandbox's schedule
 * generator itself (not the WFM API): start, end and category, once each, in start order. Tests
 * check what the kit reads through the API against it.
 */
export interface GeneratedBreak {
  userId: string;
  category: 'Break' | 'Meal';
  start: number;
  end: number;
}

export function generatedBreaks(ctx: SandboxContext, fromMs: number, toMs: number): GeneratedBreak[] {
  const out: GeneratedBreak[] = [];
  for (const mu of managementUnits(ctx).list()) {
    const bu = businessUnits(ctx).get(mu.businessUnitId)!;
    const category = new Map(activityCodes(ctx).filter((a) => a.businessUnitId === bu.id && (a.category === 'Break' || a.category === 'Meal')).map((a) => [a.id, a.category as 'Break' | 'Meal']));
    for (const userId of mu.userIds)
      // A shift lasts at most 9 h: one holding an activity in the window overlaps [from − 10 h, to].
      for (const shift of publishedShifts(ctx, scheduleSource(ctx, bu), userId, fromMs - 10 * 3_600_000, toMs + 60_000))
        for (const a of shift.activities) {
          const at = Date.parse(a.startDate);
          if (category.has(a.activityCodeId) && at >= fromMs && at <= toMs && !out.some((b) => b.userId === userId && b.start === at))
            out.push({ userId, category: category.get(a.activityCodeId)!, start: at, end: at + (a.lengthMinutes ?? 0) * 60_000 });
        }
  }
  return out.sort((a, b) => a.start - b.start || a.userId.localeCompare(b.userId));
}
