import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/util/duration.js';
import { alignedTick, breakCodeIds, chunk, decide, dueAgents, nextAlignedTick, windowFor } from '../../src/jobs/pre-break/plan.js';
import { selectManagementUnits } from '../../src/jobs/pre-break/wfm.js';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';

const PRE = 'aaaaaaaa-0000-4000-8000-000000000001';
const codes = [
  { id: 'c-queue', category: 'OnQueueWork' },
  { id: 'c-break', category: 'Break' },
  { id: 'c-coffee', category: 'Break' },
  { id: 'c-meal', category: 'Meal' },
  { id: 'c-meet', category: 'Meeting' },
];
const sched = (userId: string, acts: Array<[string, string]>) => ({ user: { id: userId }, shifts: [{ activities: acts.map(([startDate, activityCodeId]) => ({ startDate, activityCodeId })) }] });

describe('pre-break planning', () => {
  it('windows are (now+lead−tick, now+lead] and consecutive ticks tile the time line', () => {
    const now = Date.parse('2026-03-02T09:45:00Z');
    const w = windowFor(now, 15 * 60_000, 60_000);
    expect(new Date(w.startMs).toISOString()).toBe('2026-03-02T09:59:00.000Z');
    expect(new Date(w.endMs).toISOString()).toBe('2026-03-02T10:00:00.000Z');
    expect(windowFor(now + 60_000, 15 * 60_000, 60_000).startMs).toBe(w.endMs);
  });

  it('breaks are codes of the chosen categories, whatever their ids', () => {
    expect([...breakCodeIds(codes, ['Break', 'Meal'])].sort()).toEqual(['c-break', 'c-coffee', 'c-meal']);
    expect([...breakCodeIds(codes, ['meeting'])]).toEqual(['c-meet']);
  });

  it('an agent is due once, for a break starting inside the window (start exclusive, end inclusive)', () => {
    const w = windowFor(Date.parse('2026-03-02T09:45:00Z'), 15 * 60_000, 60_000);
    const map = new Map([...breakCodeIds(codes, ['Break', 'Meal'])].map((id) => [id, codes.find((c) => c.id === id)!.category]));
    const due = dueAgents(
      [
        {
          managementUnitId: 'mu1',
          agentSchedules: [
            sched('at-end', [['2026-03-02T10:00:00Z', 'c-break']]),
            sched('at-start', [['2026-03-02T09:59:00Z', 'c-break']]),
            sched('meal', [['2026-03-02T09:59:30Z', 'c-meal']]),
            sched('meeting', [['2026-03-02T10:00:00Z', 'c-meet']]),
            sched('queue', [['2026-03-02T10:00:00Z', 'c-queue']]),
            sched('twice', [['2026-03-02T10:00:00Z', 'c-coffee'], ['2026-03-02T09:59:45Z', 'c-break']]),
          ],
        },
        { managementUnitId: 'mu2', agentSchedules: [sched('twice', [['2026-03-02T10:00:00Z', 'c-break']])] },
      ],
      map,
      w,
    );
    expect(due.map((d) => d.userId).sort()).toEqual(['at-end', 'meal', 'twice']);
    expect(due.find((d) => d.userId === 'twice')).toMatchObject({ breakStart: '2026-03-02T09:59:45.000Z', category: 'Break' });
  });

  it('only On Queue agents (any spelling) are switched; the rest are left alone with the reason', () => {
    const p = (systemPresence: string | undefined, id = 'x') => ({ userId: 'u', presenceDefinition: { id, systemPresence } });
    for (const s of ['On Queue', 'OnQueue', 'ON_QUEUE']) expect(decide(p(s), PRE).action).toBe('set-pre-break');
    expect(decide(p(undefined, SYSTEM_PRESENCE_IDS['On Queue']), PRE).action).toBe('set-pre-break');
    expect(decide(p('Break', PRE), PRE).action).toBe('already-pre-break');
    expect(decide(p('Break'), PRE).action).toBe('on-break');
    expect(decide(p('MEAL'), PRE).action).toBe('on-break');
    expect(decide(p('Offline'), PRE).action).toBe('offline');
    expect(decide(p('Available'), PRE).action).toBe('off-queue');
    expect(decide(p('Away'), PRE).action).toBe('off-queue');
    expect(decide(undefined, PRE).action).toBe('unknown-presence');
  });

  it('batches and aligned ticks', () => {
    expect(chunk([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunk([], 50)).toEqual([]);
    const t = Date.parse('2026-03-02T09:45:17Z');
    expect(new Date(nextAlignedTick(t, 60_000)).toISOString()).toBe('2026-03-02T09:46:00.000Z');
    expect(new Date(alignedTick(t, 60_000)).toISOString()).toBe('2026-03-02T09:45:00.000Z');
    expect(nextAlignedTick(Date.parse('2026-03-02T09:46:00Z'), 60_000)).toBe(Date.parse('2026-03-02T09:46:00Z'));
  });

  it('an unknown management unit is one readable line, even in an org with many units', () => {
    const mus = Array.from({ length: 40 }, (_, i) => ({ id: `mu-${i}`, name: `Unit ${i}` }));
    expect(selectManagementUnits(mus, ['mu-3', 'mu-3'], false).map((m) => m.id)).toEqual(['mu-3']);
    expect(selectManagementUnits(mus, [], true)).toHaveLength(40);
    const msg = (() => {
      try {
        selectManagementUnits(mus, ['mu-x'], false);
      } catch (e) {
        return (e as Error).message;
      }
    })();
    expect(msg).toBe('management unit mu-x not found (or not visible to this OAuth client); visible: mu-0 (Unit 0), mu-1 (Unit 1), mu-2 (Unit 2), mu-3 (Unit 3), mu-4 (Unit 4), … 35 more (--all covers every one)');
  });

  it('parses durations as users write them', () => {
    expect(parseDuration('15m', '--lead')).toBe(900_000);
    expect(parseDuration('1h30m', '--lead')).toBe(5_400_000);
    expect(parseDuration('90s', '--tick')).toBe(90_000);
    expect(parseDuration('15', '--lead')).toBe(900_000);
    expect(() => parseDuration('15 minutes', '--lead')).toThrow('--lead: "15 minutes" is not a duration; use e.g. 15m, 90s, 1h or 1h30m');
  });

  it('reads a bare number in the unit its flag is about (one parser for pre-break and simulate)', () => {
    // simulate call --answer-after 40 means seconds; pre-break --lead 15 means minutes.
    expect(parseDuration('40', '--answer-after', { bare: 's' })).toBe(40_000);
    expect(parseDuration('2M', '--duration', { bare: 's' })).toBe(120_000);
    expect(parseDuration('1m30s', '--duration', { bare: 's' })).toBe(90_000);
    expect(() => parseDuration('2 minutes', '--duration', { bare: 's', examples: '40s, 2m' })).toThrow('--duration: "2 minutes" is not a duration; use e.g. 40s, 2m');
  });
});
