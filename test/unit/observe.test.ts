import { median, percentile, preBreakOutcomes } from '../../src/observe/pre-break-outcomes.js';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';
import { describe, expect, it } from 'vitest';
import { attribute, userTimeline, type KitRun } from '../../src/observe/attribution.js';
import { renderTimelineHtml } from '../../src/observe/render-html.js';
import { swimlane } from '../../src/observe/render-text.js';
import { topicBatches } from '../../src/observe/watch.js';
import { windowOf } from '../../src/cli/commands/timeline.js';
import type { TimelineReport } from '../../src/observe/timeline.js';

/** The pure parts of timeline and watch: attribution rules, batching within Genesys's limits, the window, the page. */
const BUSY = '31fe3bac-dea6-44b7-bed7-47f91660a1a0';
const AVAILABLE = '6a3af858-942f-489d-9700-5f9bcdcdae9b';
const PRE_BREAK = 'pre-break-0000';

function run(id: string, userId: string, writes: Array<{ at: string; presenceId: string }>, over: Partial<KitRun['data']> = {}): KitRun {
  return {
    automation: 'communicate-call',
    data: {
      id,
      flowId: 'f',
      flowName: 'Set GC User to Busy',
      startDateTime: writes[0]?.at ?? '2026-01-05T09:00:00.000Z',
      status: 'COMPLETED',
      inputData: { 'Flow.userId': userId },
      outputData: {},
      executionItems: [
        { dateTime: writes[0]?.at ?? '2026-01-05T09:00:00.000Z', actionType: 'decision', actionName: 'Agent On Queue?', outputPath: 'no' },
        ...writes.map((w) => ({
          dateTime: w.at,
          actionType: 'callData',
          actionName: 'Set',
          dataAction: { name: 'Presence / Update', outcome: 'success', request: { method: 'PATCH', url: `/api/v2/users/${userId}/presences/purecloud`, body: JSON.stringify({ presenceDefinition: { id: w.presenceId } }) } },
        })),
      ],
      ...over,
    },
  };
}

describe('attribution', () => {
  const u = 'user-1';
  it('a change is the run whose data action wrote that presence for that user at that moment (within 5 s)', () => {
    const r = run('r1', u, [{ at: '2026-01-05T09:00:10.000Z', presenceId: BUSY }]);
    expect(attribute({ time: '2026-01-05T09:00:12.000Z', presenceId: BUSY, userId: u }, [r])).toMatchObject({ kind: 'communicate-call', runId: 'r1', rule: 'Agent On Queue? no' });
    // Too far apart, another presence, or another user: not this run.
    expect(attribute({ time: '2026-01-05T09:00:16.000Z', presenceId: BUSY, userId: u }, [r]).kind).toBe('person');
    expect(attribute({ time: '2026-01-05T09:00:10.000Z', presenceId: AVAILABLE, userId: u }, [r]).kind).toBe('person');
    expect(attribute({ time: '2026-01-05T09:00:10.000Z', presenceId: BUSY, userId: 'user-2' }, [r]).kind).toBe('person');
  });

  it('without the request (an org\'s execution data), the data action\'s inputs name the user and the presence', () => {
    const r = run('r3', u, []);
    r.data.executionItems.push({ dateTime: '2026-01-05T09:00:10.000Z', actionType: 'callData', actionName: 'Set', dataAction: { name: 'Presence / GC User Presence Update', outcome: 'success', inputs: { USER_ID: u, PRESENCE_DEFINITION_ID: BUSY } } });
    r.data.executionItems.push({ dateTime: '2026-01-05T09:00:10.000Z', actionType: 'callData', actionName: 'Get', dataAction: { name: 'Presence / Get User Presence', outcome: 'success', inputs: { USER_ID: u } } });
    expect(attribute({ time: '2026-01-05T09:00:10.500Z', presenceId: BUSY, userId: u }, [r])).toMatchObject({ kind: 'communicate-call', runId: 'r3' });
    expect(attribute({ time: '2026-01-05T09:00:10.500Z', presenceId: AVAILABLE, userId: u }, [r]).kind).toBe('person');
  });

  it("without the request, a call-memory row's write (the claim; a Teams change a call holds) is not a presence write, though it names the user and a presence", () => {
    // The Teams sync that a call session held: it only updated the row the call's end restores from.
    const r = run('r4', u, [], { flowName: 'Microsoft Teams Presence Sync' });
    r.automation = 'teams';
    for (const name of ['Presence / Update Presence Memory Row', 'Presence / Add Presence Memory Row'])
      r.data.executionItems.push({ dateTime: '2026-01-05T09:00:10.000Z', actionType: 'callData', actionName: 'Remember', dataAction: { name, outcome: 'success', inputs: { DATATABLE_ID: 'table-1', USER_ID: u, PRESENCE_ID: AVAILABLE } } });
    r.data.executionItems.push({ dateTime: '2026-01-05T09:00:10.000Z', actionType: 'endWorkflow', actionName: 'Held By Policy (Call Holds Busy; Memory Updated)' });
    // The person who picked Available that second made it, not this run; and the run held.
    expect(attribute({ time: '2026-01-05T09:00:11.000Z', presenceId: AVAILABLE, userId: u }, [r]).kind).toBe('person');
    expect(userTimeline({ user: { id: u, name: 'U' }, detail: undefined, runs: [r], from: '2026-01-05T09:00:00.000Z' }).runs[0]).toMatchObject({ outcome: 'held', rule: 'presence policy: Call Holds Busy; Memory Updated' });
  });

  it('the pre-break presence with no run behind it is the pre-break job; a recorded rule wins over the decisions', () => {
    expect(attribute({ time: '2026-01-05T09:00:00.000Z', presenceId: PRE_BREAK, userId: u }, [], PRE_BREAK).kind).toBe('pre-break');
    // Out of Pre-Break with no run: a person, unless it was the job putting the agent back — the history cannot tell, so it says both.
    expect(attribute({ time: '2026-01-05T09:05:00.000Z', presenceId: SYSTEM_PRESENCE_IDS['On Queue'], fromPresenceId: PRE_BREAK, userId: u }, [], PRE_BREAK)).toEqual({
      kind: 'person',
      label: 'a person',
      certainty: 'inferred',
      note: 'no kit run wrote it; or the pre-break job putting the agent back On Queue (their break moved, or the opt-in release after it)',
    });
    // Into Away the job never moves anyone: a person, and nothing else is suggested.
    expect(attribute({ time: '2026-01-05T09:05:00.000Z', presenceId: SYSTEM_PRESENCE_IDS.Away, fromPresenceId: PRE_BREAK, userId: u }, [], PRE_BREAK).note).toBe('no kit run wrote it: the person, an admin or another tool');
    const r = run('r2', u, [{ at: '2026-01-05T09:00:10.000Z', presenceId: BUSY }], { outputData: { rule: 'busy-owns-busy' } });
    expect(attribute({ time: '2026-01-05T09:00:10.000Z', presenceId: BUSY, userId: u }, [r]).rule).toBe('busy-owns-busy');
  });

  it('a run the presence policy stopped names the rule, from the exit it took', () => {
    const held = run('p', u, []);
    held.data.executionItems.push({ dateTime: '2026-01-05T09:00:01.000Z', actionType: 'endWorkflow', actionName: 'Held By Policy (Protected Presence)' });
    const t = userTimeline({ user: { id: u, name: 'U' }, detail: { userId: u, primaryPresence: [] }, runs: [held], from: '2026-01-05T00:00:00.000Z' });
    expect(t.runs[0]).toMatchObject({ outcome: 'held', rule: 'presence policy: Protected Presence' });
  });

  it('a run that wrote nothing held (with its rule); one with an error reason failed', () => {
    const held = run('h', u, []);
    const failed = run('x', u, [], { flowErrorReason: "data action 'Get' failed (404): gone" });
    const t = userTimeline({ user: { id: u, name: 'U' }, detail: { userId: u, primaryPresence: [] }, runs: [held, failed], from: '2026-01-05T00:00:00.000Z' });
    expect(t.runs.map((x) => [x.id, x.outcome, x.rule, x.error])).toEqual([
      ['h', 'held', 'Agent On Queue? no', undefined],
      ['x', 'failed', 'Agent On Queue? no', "data action 'Get' failed (404): gone"],
    ]);
  });
});

describe('watch batches', () => {
  const users = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `u${i}`, name: `U${i}` }));
  it('puts two topics per user on channels of at most 1,000 topics', () => {
    expect(topicBatches(users(500)).map((b) => b.length)).toEqual([1000]);
    expect(topicBatches(users(1201)).map((b) => b.length)).toEqual([1000, 1000, 402]);
  });
  it('refuses more users than 20 channels hold, saying how many fit', () => {
    expect(() => topicBatches(users(10_001))).toThrow(/needs 21 channels; Genesys allows 20 \(10000 users\)/);
  });
});

describe('timeline window', () => {
  const now = Date.parse('2026-01-05T12:00:00.000Z');
  it('--since counts back from now (a bare number is hours); --from/--to are ISO-8601', () => {
    expect(windowOf({ since: '90m' }, now)).toEqual({ from: '2026-01-05T10:30:00.000Z', to: '2026-01-05T12:00:00.000Z' });
    expect(windowOf({ since: '2' }, now).from).toBe('2026-01-05T10:00:00.000Z');
    expect(windowOf({}, now).from).toBe('2026-01-05T10:00:00.000Z');
    // Any offset in, UTC out.
    expect(windowOf({ from: '2026-01-05T07:00:00Z', to: '2026-01-05T09:00:00+01:00' }, now)).toEqual({ from: '2026-01-05T07:00:00.000Z', to: '2026-01-05T08:00:00.000Z' });
  });
  it('bad input is one line naming the fix', () => {
    expect(() => windowOf({ since: '2h', from: '2026-01-05T08:00:00Z' }, now)).toThrow('give --since, or --from/--to, not both');
    expect(() => windowOf({ from: 'yesterday' }, now)).toThrow(/--from: "yesterday" is not a date-time/);
    expect(() => windowOf({ since: 'a while' }, now)).toThrow(/--since/);
    expect(() => windowOf({ from: '2026-01-05T13:00:00Z' }, now)).toThrow(/the window is empty/);
  });
});

describe('timeline --html', () => {
  it('fits 50 users over a day: one 18 px lane each, one self-contained page', () => {
    const day = { from: '2026-01-05T00:00:00.000Z', to: '2026-01-06T00:00:00.000Z' };
    const report: TimelineReport = {
      ...day,
      failures: [],
      users: Array.from({ length: 50 }, (_, i) => ({
        userId: `u${i}`,
        name: `Agent <${i}>`,
        spans: Array.from({ length: 48 }, (_, h) => ({ start: new Date(Date.parse(day.from) + h * 1_800_000).toISOString(), end: new Date(Date.parse(day.from) + (h + 1) * 1_800_000).toISOString(), systemPresence: h % 2 ? 'BUSY' : 'AVAILABLE' })),
        changes: [],
        routing: [],
        runs: [],
      })),
    };
    const html = renderTimelineHtml(report);
    expect(html.match(/<g class="lane"/g)).toHaveLength(50);
    expect(html).toContain('Agent &lt;7&gt;');
    const height = Number(/<svg[^>]*viewBox="0 0 \d+ (\d+)"/.exec(html)![1]);
    expect(height).toBeLessThanOrEqual(1200);
    expect(html).not.toMatch(/<script|<link|src="http/);
    expect(swimlane(report.users[0]!, day.from, day.to, 48)).toBe('AB'.repeat(24));
  });
});

describe('pre-break outcomes', () => {
  const PB = 'pre-break-id';
  const T = (hhmmss: string) => `2026-01-05T${hhmmss}.000Z`;
  const seg = (start: string, end: string | undefined, systemPresence: 'ON_QUEUE' | 'BREAK' | 'MEAL' | 'OFFLINE', org?: string) => ({ startTime: T(start), ...(end ? { endTime: T(end) } : {}), systemPresence, ...(org ? { organizationPresenceId: org } : {}) });
  it('median (middle two averaged) and p90 by nearest rank', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], 90)).toBe(10);
    expect(median([])).toBeUndefined();
  });
  it('Pre-Break is not the break (both are Break presences): switched, entered Break 2 minutes late; Offline at the start is not at work', () => {
    const r = preBreakOutcomes({
      from: T('09:00:00'),
      to: T('11:00:00'),
      preBreakPresence: { id: PB, name: 'Pre-Break' },
      sources: [],
      breaks: [
        { userId: 'a', category: 'Break', startMs: Date.parse(T('10:00:00')), endMs: Date.parse(T('10:15:00')) },
        { userId: 'b', category: 'Break', startMs: Date.parse(T('10:00:00')), endMs: Date.parse(T('10:15:00')) },
        { userId: 'c', category: 'Meal', startMs: Date.parse(T('10:00:00')), endMs: Date.parse(T('10:30:00')) },
      ],
      details: [
        { userId: 'a', primaryPresence: [seg('09:00:00', '09:45:00', 'ON_QUEUE'), seg('09:45:00', '10:02:00', 'BREAK', PB), seg('10:02:00', '10:17:00', 'BREAK', 'sys-break'), seg('10:17:00', undefined, 'ON_QUEUE')] },
        { userId: 'b', primaryPresence: [seg('09:00:00', '09:45:00', 'ON_QUEUE'), seg('09:45:00', '10:40:00', 'BREAK', PB), seg('10:40:00', undefined, 'ON_QUEUE')] },
        { userId: 'c', primaryPresence: [seg('09:00:00', undefined, 'OFFLINE')] },
      ],
    });
    expect(r.notAtWork).toBe(1);
    expect(r.breaks.map((b) => [b.userId, b.switchedAt, b.enteredAt, b.minutesLate, b.preBreakAfterEndMinutes])).toEqual([
      ['a', T('09:45:00'), T('10:02:00'), 2, undefined],
      ['b', T('09:45:00'), undefined, undefined, 25],
    ]);
    expect(r.summary.switched).toEqual({ breaks: 2, entered: 1, neverEntered: 1, medianMinutesLate: 2, p90MinutesLate: 2, stayedInPreBreak: 1 });
    expect(r.summary.notSwitched).toEqual({ breaks: 0, entered: 0, neverEntered: 0, stayedInPreBreak: 0 });
  });
});
