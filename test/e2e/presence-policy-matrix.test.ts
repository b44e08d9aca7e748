import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTick } from '../../src/jobs/pre-break/run.js';
import { MATRIX_PRESENCES, matrixEvents, type MatrixEvent, type PolicyPresence } from '../../src/model/presence-policy.js';
import { SYSTEM_PRESENCE_IDS, systemPresenceOfId } from '../../src/model/presence.js';
import { parseMatrix } from '../../src/policy/table.js';
import { allPages } from '../../src/resources/paging.js';
import { agentsWithActivityStarting } from '../../src/sandbox/services/workforcemanagement/models.js';
import { simulateTeamsStatus } from '../../src/simulate/drive.js';
import type { CallState } from '../../src/simulate/types.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { LIVE } from '../helpers/target.js';
import { generatedBreaks } from '../helpers/wfm.js';

/**
 * The presence policy, cell by cell: the outcome table in docs/presence-policy.md (the one users
 * read) against the sandbox with all three blueprints applied by the engine. Every starting
 * presence × every event — a Communicate call answered then ended, one never answered, two
 * overlapping calls, each Teams value of the mapping, a pre-break tick — on its own user, all
 * driven together on one clock, so the whole matrix costs about one call's worth of sandbox time.
 */
const DOC = readFileSync(new URL('../../docs/presence-policy.md', import.meta.url), 'utf8');
const NOW = '2026-03-02T09:45:00.000Z';
const LEAD_MS = 15 * 60_000;
const TICK_MS = 10 * 60_000;
/** The tick that ends Pre-Break looks back this far (wide: enough breaks start and end in it for a column). */
const END_TICK_MS = 30 * 60_000;
const RELEASE_AFTER_MS = 10 * 60_000;

interface Case {
  event: MatrixEvent;
  start: PolicyPresence;
  userId: string;
  expected: string[];
}

describe.skipIf(LIVE)('the presence policy table (docs/presence-policy.md) holds in the sandbox', () => {
  let s: Solution;
  let preBreakId: string;
  const table = parseMatrix(DOC);

  beforeAll(async () => {
    s = await openSolution(['communicate-call', 'teams-presence', 'pre-break'], [], { users: 400, now: NOW });
    await s.applyBlueprints();
    const defs = await s.client.request<{ entities: Array<{ id: string; languageLabels?: Record<string, string> }> }>('GET', '/api/v2/presence/definitions');
    preBreakId = defs.entities.find((d) => d.languageLabels?.en_US === 'Pre-Break')!.id;
  });
  afterAll(() => s?.close());

  it('the document covers exactly the policy’s events and starting presences', () => {
    expect([...table.keys()]).toEqual(matrixEvents().map((e) => e.label));
    for (const row of table.values()) expect([...row.keys()]).toEqual(MATRIX_PRESENCES.map((p) => p.name));
  });

  it('every starting presence × every event ends as the table says (and overlapping calls restore once, after the last)', async () => {
    const idOf = (p: PolicyPresence) => (p.name === 'Pre-Break' ? preBreakId : SYSTEM_PRESENCE_IDS[p.systemPresence]);
    const nameOf = (id: string) => (id === preBreakId ? 'Pre-Break' : (systemPresenceOfId(id) ?? id));
    const ctx = s.t.sandbox!.ctx;
    const nowMs = Date.parse(await s.now());
    // Pre-break's own column takes agents whose break is due at the tick; every other cell a user whose is not.
    const due = agentsWithActivityStarting(ctx, { startMs: nowMs + LEAD_MS - TICK_MS, endMs: nowMs + LEAD_MS });
    // The opt-in ends of Pre-Break, evaluated at nowMs: breaks (not meals) starting in the end tick's
    // window, and breaks that ended 10 minutes before it. Nobody else may have a break there.
    const around = generatedBreaks(ctx, nowMs - 4 * 3_600_000, nowMs + 3_600_000);
    const inEndTick = (t: number) => t > nowMs - END_TICK_MS && t <= nowMs;
    const starting = new Set(around.filter((b) => inEndTick(b.start)).map((b) => b.userId));
    const released = new Set(around.filter((b) => inEndTick(b.end + RELEASE_AFTER_MS)).map((b) => b.userId));
    const onlyBreak = (ids: Set<string>, pick: (b: (typeof around)[number]) => boolean) => new Set([...ids].filter((id) => around.filter((b) => b.userId === id && pick(b)).every((b) => b.category === 'Break')));
    const startingBreak = onlyBreak(starting, (b) => inEndTick(b.start));
    const releasedBreak = onlyBreak(released, (b) => inEndTick(b.end + RELEASE_AFTER_MS));
    // Both ticks switch On Queue agents with a break in (tick, tick + lead]: only the due column may have one.
    const soon = new Set(around.filter((b) => b.start > nowMs && b.start <= nowMs + LEAD_MS + 5 * 60_000).map((b) => b.userId));
    // (The first 20 are freshUser's, for the tests after this one.)
    const users = (await allPages<{ id: string }>(s.client, '/api/v2/users', {}, 500)).map((u) => u.id).slice(20);
    const pools: Record<'due' | 'start' | 'release' | 'other', string[]> = {
      due: users.filter((id) => due.has(id) && !starting.has(id) && !released.has(id)),
      start: users.filter((id) => startingBreak.has(id) && !soon.has(id) && !released.has(id)),
      release: users.filter((id) => releasedBreak.has(id) && !soon.has(id) && !starting.has(id)),
      other: users.filter((id) => !soon.has(id) && !starting.has(id) && !released.has(id)),
    };
    const poolOf = (e: MatrixEvent) => (e.kind === 'pre-break-tick' ? 'due' : e.kind === 'pre-break-start' ? 'start' : e.kind === 'pre-break-release' ? 'release' : 'other');
    const cases: Case[] = [];
    for (const event of matrixEvents())
      for (const start of MATRIX_PRESENCES) {
        const userId = pools[poolOf(event)].shift();
        if (!userId) throw new Error(`not enough ${poolOf(event)} users for the matrix`);
        cases.push({ event, start, userId, expected: table.get(event.label)!.get(start.name)! });
      }
    await Promise.all(cases.map((c) => s.client.request('PATCH', `/api/v2/users/${c.userId}/presences/purecloud`, { body: { presenceDefinition: { id: idOf(c.start) }, primary: true } })));
    await s.advance(1);
    const since = await s.now();
    const of = (kind: MatrixEvent['kind']) => cases.filter((c) => c.event.kind === kind);
    const call = (userId: string) => s.ctl.post<CallState>('calls', { userId, direction: 'inbound' });
    const post = (path: string) => (c: CallState) => s.ctl.post<CallState>(`calls/${c.conversationId}/${path}`);

    // One clock for everyone: calls ring, Teams reports, calls are answered, a second call overlaps, calls end.
    const single = await Promise.all(of('call').map((c) => call(c.userId)));
    const unanswered = await Promise.all(of('unanswered-call').map((c) => call(c.userId)));
    const first = await Promise.all(of('overlapping-calls').map((c) => call(c.userId)));
    for (const c of of('teams')) {
      const status = (c.event as Extract<MatrixEvent, { kind: 'teams' }>).status;
      await s.ctl.post('events', {
        topicName: 'v2.users.{id}.integrationpresence',
        id: c.userId,
        body: { userId: c.userId, source: 'MICROSOFTTEAMS', message: status, eventType: 'PRESENCE_UPDATE', modifiedDate: since },
      });
    }
    await s.advance(5);
    await Promise.all([...single, ...first].map(post('answer')));
    await s.advance(10);
    const second = await Promise.all(of('overlapping-calls').map((c) => call(c.userId)));
    await s.advance(5);
    await Promise.all(second.map(post('answer')));
    await s.advance(10);
    await Promise.all([...single, ...first, ...unanswered].map(post('end')));
    await s.advance(15);
    // The first of two overlapping calls is over: its Busy holds for the second one, nothing is restored yet.
    const midway = await Promise.all(of('overlapping-calls').map(async (c) => ({ c, changes: await s.changesSince(c.userId, since) })));
    await Promise.all(second.map(post('end')));
    await s.advance(30);

    // The pre-break job's tick, last (it switches every due On Queue agent, and only those are in its column).
    await runTick(s.client, { managementUnitIds: [], all: true, categories: ['Break', 'Meal'], leadMs: LEAD_MS, tickMs: TICK_MS, nowMs: Date.parse(await s.now()), dryRun: false, presence: { id: preBreakId } });
    // The same job with both opt-in ends of Pre-Break on, evaluated where their users' breaks start and end.
    await runTick(s.client, { managementUnitIds: [], all: true, categories: ['Break', 'Meal'], leadMs: LEAD_MS, tickMs: END_TICK_MS, nowMs, dryRun: false, presence: { id: preBreakId }, atBreakStart: 'job', releaseAfterMs: RELEASE_AFTER_MS });

    const mismatches: string[] = [];
    for (const { c, changes } of midway) {
      const seen = changes.map((x) => nameOf(x.id));
      if (JSON.stringify(seen) !== JSON.stringify(c.expected.slice(0, 1))) mismatches.push(`${c.event.label} / ${c.start.name}, after the first call ended: ${seen.join(' → ') || '—'}`);
    }
    await Promise.all(
      cases.map(async (c) => {
        const seen = (await s.changesSince(c.userId, since)).map((x) => nameOf(x.id));
        if (JSON.stringify(seen) !== JSON.stringify(c.expected)) mismatches.push(`${c.event.label} / ${c.start.name}: table says ${c.expected.join(' → ') || '—'}, sandbox did ${seen.join(' → ') || '—'}`);
      }),
    );
    expect(mismatches).toEqual([]);
    // The table is not trivially "nothing happens": it moves people in every kind of event but the unanswered call.
    for (const kind of ['call', 'overlapping-calls', 'teams', 'pre-break-tick', 'pre-break-start', 'pre-break-release'] as const) expect(of(kind).some((c) => c.expected.length > 0)).toBe(true);
    // And every call memory row is gone once the calls are over.
    const tables = await s.client.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/flows/datatables');
    const memory = tables.entities.find((t) => t.name === 'Communicate Call Presence Memory')!;
    expect((await s.client.request<{ entities: unknown[] }>('GET', `/api/v2/flows/datatables/${memory.id}/rows`)).entities).toEqual([]);
  });

  it('changing the protected list with --set changes behaviour (Training and Offline given up), and a plain re-apply then writes nothing', async () => {
    const { plan, result } = await s.applyBlueprints(['protectedPresences=On Queue,Break,Meal,Pre-Break']);
    // The list lives in the two workflows that decide whether to leave a presence (the call's end only restores what its start remembered).
    expect(plan.steps.filter((x) => x.action !== 'noop').map((x) => `${x.action} ${x.kind}:${x.name}`).sort()).toEqual([
      'update workflow:Microsoft Teams Integration Presence Trigger',
      'update workflow:Set GC User to Busy',
    ]);
    expect(result.writes).toBeGreaterThan(0);
    const training = await s.freshUser(SYSTEM_PRESENCE_IDS.Training);
    const call = await s.ctl.post<CallState>('calls', { userId: training.id, direction: 'inbound' });
    await s.advance(5);
    await s.ctl.post(`calls/${call.conversationId}/answer`);
    await s.advance(10);
    await s.ctl.post(`calls/${call.conversationId}/end`);
    await s.advance(30);
    expect((await s.changesSince(training.id, training.since)).map((c) => c.systemPresence)).toEqual(['Busy', 'Training']);
    const available = await s.freshUser(SYSTEM_PRESENCE_IDS.Available);
    await simulateTeamsStatus(s.ctl, available.id, 'OffWork');
    await simulateTeamsStatus(s.ctl, available.id, 'Available');
    expect((await s.changesSince(available.id, available.since)).map((c) => c.systemPresence)).toEqual(['Offline', 'Available']);
    // Still protected: a Break user's call sets nothing.
    const onBreak = await s.freshUser(SYSTEM_PRESENCE_IDS.Break);
    await simulateTeamsStatus(s.ctl, onBreak.id, 'Available');
    expect(await s.changesSince(onBreak.id, onBreak.since)).toEqual([]);

    const again = await s.applyBlueprints();
    expect(again.plan.steps.every((x) => x.action === 'noop')).toBe(true);
    expect(again.result.writes).toBe(0);
  });
});
