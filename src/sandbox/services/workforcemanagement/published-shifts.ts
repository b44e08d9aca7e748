import type { SandboxContext } from '../../core/context.js';
import { applyScheduleEdits } from './schedule-edits.js';
import { shiftsBetween, type GeneratedShift, type ScheduleSource } from './schedule-generator.js';

/** An agent's published shifts overlapping [startMs, endMs): generated, then edited (schedule-edits.ts). */
export function publishedShifts(ctx: SandboxContext, src: ScheduleSource, userId: string, startMs: number, endMs: number): GeneratedShift[] {
  return applyScheduleEdits(ctx, userId, shiftsBetween(src, userId, startMs, endMs), src.codes.onQueue);
}
