import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/util/duration.js';
import { alignedTick, breakCodes, breaksOf, byStart, chunk, decide, dueAgents, nextAlignedTick, windowFor } from '../../src/jobs/pre-break/plan.js';
import { reconcile, SwitchMemory } from '../../src/jobs/pre-break/memory.js';
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
  const T = (hhmmss: string) => Date.parse(`2026-03-02T${hhmmss}Z`);
  const codeMap = breakCodes(codes, ['Break', 'Meal']);

  it('breaks are codes of the chosen categories, whatever their ids', () => {
    expect([...codeMap.keys()].sort()).toEqual(['c-break', 'c-coffee', 'c-meal']);
    expect([...breakCodes(codes, ['meeting']).keys()]).toEqual(['c-meet']);
  });

  it('the cache keeps break activities in its range, once each, with the agent\'s management unit', () => {
    const schedules = [
      sched('a', [['2026-03-02T10:00:00Z', 'c-break'], ['2026-03-02T10:00:00Z', 'c-break'], ['2026-03-02T10:10:00Z', 'c-queue'], ['2026-03-02T12:00:00Z', 'c-meal']]),
      sched('b', [['2026-03-02T09:50:00Z', 'c-coffee']]),
      sched('not-in-scope', [['2026-03-02T10:00:00Z', 'c-break']]),
    ];
    const got = breaksOf(schedules, codeMap, (id) => (id === 'not-in-scope' ? undefined : 'mu1'), T('09:45:00'), T('10:30:00'));
    expect(got.sort(byStart).map((b) => [b.userId, new Date(b.startMs).toISOString(), b.category, b.managementUnitId])).toEqual([
      ['b', '2026-03-02T09:50:00.000Z', 'Break', 'mu1'],
      ['a', '2026-03-02T10:00:00.000Z', 'Break', 'mu1'],
    ]);
  });

  it('a window, not a moment: due from break − lead until the break, once per agent, earliest first, minus the handled ones', () => {
    const b = (userId: string, at: string) => ({ userId, managementUnitId: 'mu', startMs: T(at), activityCodeId: 'c-break', category: 'Break' });
    const breaks = [b('at-end', '10:00:00'), b('now', '09:45:00'), b('soon', '09:46:00'), b('late', '10:00:01'), b('twice', '09:55:00'), b('twice', '09:50:00'), b('done', '09:52:00')];
    const w = windowFor(T('09:45:00'), 15 * 60_000);
    expect(w).toEqual({ startMs: T('09:45:00'), endMs: T('10:00:00') });
    const due = dueAgents(breaks, w, (x) => x.userId === 'done');
    expect(due.map((d) => [d.userId, new Date(d.startMs).toISOString().slice(11, 19)])).toEqual([
      ['soon', '09:46:00'],
      ['twice', '09:50:00'],
      ['at-end', '10:00:00'],
    ]);
  });

  it('only On Queue agents (any spelling) who are IDLE or INTERACTING are switched; the rest are left alone with the reason', () => {
    const p = (systemPresence: string | undefined, id = 'x', routing: string | undefined = 'IDLE') => ({ id: 'u', presence: { presenceDefinition: { id, systemPresence } }, routingStatus: { status: routing } });
    for (const s of ['On Queue', 'OnQueue', 'ON_QUEUE']) expect(decide(p(s), PRE).action).toBe('set-pre-break');
    expect(decide(p(undefined, SYSTEM_PRESENCE_IDS['On Queue']), PRE).action).toBe('set-pre-break');
    expect(decide(p('On Queue', 'x', 'INTERACTING'), PRE).action).toBe('set-pre-break');
    expect(decide(p('On Queue', 'x', 'NOT_RESPONDING'), PRE)).toEqual({ action: 'not-routable', presence: 'On Queue (NOT_RESPONDING)' });
    expect(decide(p('On Queue', 'x', 'OFF_QUEUE'), PRE).action).toBe('not-routable');
    expect(decide({ id: 'u', presence: { presenceDefinition: { id: 'x', systemPresence: 'On Queue' } } }, PRE).action).toBe('not-routable');
    expect(decide(p('Break', PRE), PRE).action).toBe('already-pre-break');
    expect(decide(p('Break'), PRE).action).toBe('on-break');
    expect(decide(p('MEAL'), PRE).action).toBe('on-break');
    expect(decide(p('Offline'), PRE).action).toBe('offline');
    expect(decide(p('Available'), PRE).action).toBe('off-queue');
    expect(decide(p('Away'), PRE).action).toBe('off-queue');
    expect(decide(undefined, PRE).action).toBe('unknown-presence');
  });

  it('memory: breaks that started are forgotten, moved within the window followed, removed or moved beyond it undone', () => {
    const m = new SwitchMemory();
    const r = (userId: string, at: string) => ({ userId, breakStartMs: T(at), atMs: T('09:40:00'), adopted: false });
    for (const x of [r('started', '09:44:00'), r('kept', '09:55:00'), r('moved-in', '09:55:00'), r('moved-out', '09:56:00'), r('removed', '09:57:00'), r('removed-late', '09:43:00')]) m.remember(x);
    const b = (userId: string, at: string) => ({ userId, managementUnitId: 'mu', startMs: T(at), activityCodeId: 'c', category: 'Break' });
    const fresh = new Map([
      ['started', [b('started', '09:44:00')]],
      ['kept', [b('kept', '09:55:00')]],
      ['moved-in', [b('moved-in', '09:58:00')]],
      ['moved-out', [b('moved-out', '10:30:00')]],
    ]);
    const rec = reconcile(m, (id) => fresh.get(id) ?? [], T('09:45:00'), 15 * 60_000);
    expect(rec.done.map((x) => x.userId)).toEqual(['started']);
    expect(rec.moved.map((x) => [x.from.userId, new Date(x.toStartMs).toISOString().slice(11, 19)])).toEqual([['moved-in', '09:58:00']]);
    expect(rec.undo.map((x) => x.userId).sort()).toEqual(['moved-out', 'removed', 'removed-late']);
    expect(m.oldestStartMs()).toBe(T('09:43:00'));
    expect(m.has({ userId: 'kept', startMs: T('09:55:00') })).toBe(true);
    expect(m.has({ userId: 'kept', startMs: T('09:56:00') })).toBe(false);
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
    expect(msg).toBe('management unit mu-x not found (or not visible to this OAuth client: its role needs wfm:publishedSchedule:view in the unit\'s division); visible: mu-0 (Unit 0), mu-1 (Unit 1), mu-2 (Unit 2), mu-3 (Unit 3), mu-4 (Unit 4), … 35 more (--all covers every one)');
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
