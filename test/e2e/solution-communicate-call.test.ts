import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRESENCE_IDS as P } from '../../src/model/presence.js';
import { simulateCall, type CallScript } from '../../src/simulate/drive.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { LIVE, PRODUCTION, WORST_DAY_SETTLE_MS } from '../helpers/target.js';

/**
 * The communicate-call blueprint as `presence-kit apply` provisions it (roles, clients,
 * credentials, integrations, data actions, workflows, triggers — all from blueprints/ through
 * the engine), then Communicate calls simulated in the sandbox: what happens to the user's
 * presence, and which workflows ran. The workflows alone are covered by workflows-communicate.
 */
const BUSY_FLOW = 'Set GC User to Busy';
const AVAILABLE_FLOW = 'Set GC User to Available';
const QUEUE_ID = '8b2e6b4a-5c61-4a52-9a0e-0d3c6c2f1a11';

describe.skipIf(LIVE)('communicate-call applied by the engine, driven in the sandbox', () => {
  let s: Solution;
  const call = (userId: string, script: Partial<CallScript> = {}) =>
    simulateCall(s.ctl, { userId, direction: 'inbound', answerAfterSeconds: 5, durationSeconds: 60, settleSeconds: 10, ...script });
  /** The presence changes as the user would see them: name and definition id, in order. */
  const timeline = async (userId: string, since: string) => (await s.changesSince(userId, since)).map((c) => `${c.systemPresence} ${c.id}`);

  beforeAll(async () => {
    s = await openSolution(['communicate-call']);
    const { result } = await s.applyBlueprints();
    expect(result.steps.every((x) => x.performed === 'create')).toBe(true);
  });
  afterAll(() => s?.close());

  describe('with the default variables (Busy, then Available)', () => {
    it('an inbound call answered makes the user Busy; its end makes them Available', async () => {
      const u = await s.freshUser(P.Available);
      const { call: c } = await call(u.id);
      const changes = await s.changesSince(u.id, u.since);
      expect(changes.map((x) => [x.systemPresence, x.id])).toEqual([
        ['Busy', P.Busy],
        ['Available', P.Available],
      ]);
      // Busy while the call was connected (within one 5 s pick-up check of the answer), Available once it ended.
      expect(changes[0]!.time >= c.answeredTime! && changes[0]!.time < c.endTime!).toBe(true);
      // At the end itself — or, on Genesys's worst day, once the end event and the run's data actions have taken their time.
      if (PRODUCTION) expect(Date.parse(changes[1]!.time) - Date.parse(c.endTime!)).toBeGreaterThanOrEqual(0);
      else expect(changes[1]!.time).toBe(c.endTime);
      expect(Date.parse(changes[1]!.time) - Date.parse(c.endTime!)).toBeLessThanOrEqual(WORST_DAY_SETTLE_MS);
      expect((await s.runsOf(u.id)).map((r) => [r.name, r.status]).sort()).toEqual([
        [AVAILABLE_FLOW, 'COMPLETED'],
        [BUSY_FLOW, 'COMPLETED'],
      ]);
    });

    it('an outbound call: Busy once the far end answers, Available when it ends', async () => {
      const u = await s.freshUser(P.Available);
      const { call: c } = await call(u.id, { direction: 'outbound', answerAfterSeconds: 15 });
      const changes = await s.changesSince(u.id, u.since);
      expect(changes.map((x) => x.systemPresence)).toEqual(['Busy', 'Available']);
      // Not while it rang.
      expect(changes[0]!.time >= c.answeredTime!).toBe(true);
    });

    it('a call answered after 40 s still makes the user Busy (the original gave up after 25 s)', async () => {
      const u = await s.freshUser(P.Available);
      const { call: c } = await call(u.id, { answerAfterSeconds: 40 });
      const changes = await s.changesSince(u.id, u.since);
      expect(changes.map((x) => x.systemPresence)).toEqual(['Busy', 'Available']);
      expect(changes[0]!.time >= c.answeredTime!).toBe(true);
    });

    it('a queue (ACD) call changes nothing and starts no workflow run', async () => {
      const u = await s.freshUser(P.Available);
      const { call: c } = await call(u.id, { queueId: QUEUE_ID });
      expect(c.queueId).toBe(QUEUE_ID);
      expect(await timeline(u.id, u.since)).toEqual([]);
      expect((await s.presenceOf(u.id)).systemPresence).toBe('Available');
      expect(await s.runsOf(u.id)).toEqual([]);
    });

    it.each(['inbound', 'outbound'] as const)('an On Queue agent is never changed by either workflow (%s call)', async (direction) => {
      const u = await s.freshUser(P['On Queue']);
      await call(u.id, { direction });
      expect(await timeline(u.id, u.since)).toEqual([]);
      expect((await s.presenceOf(u.id)).systemPresence).toBe('On Queue');
      // Both workflows ran, looked at the presence, and wrote nothing.
      expect((await s.runsOf(u.id)).map((r) => r.name).sort()).toEqual([AVAILABLE_FLOW, BUSY_FLOW]);
      for (const actions of await s.actionsOf(u.id)) expect(actions).not.toContain('GC User Presence Update');
    });
  });

  describe('overlapping calls (the call memory)', () => {
    const answered = async (userId: string) => {
      const c = await s.ctl.post<{ conversationId: string }>('calls', { userId, direction: 'inbound' });
      await s.ctl.post(`calls/${c.conversationId}/answer`);
      return c.conversationId;
    };
    /** Hangs up, and lets the end workflow run. */
    const end = async (id: string) => {
      await s.ctl.post(`calls/${id}/end`);
      await s.advance(10);
    };
    const memoryTable = async () =>
      (await s.client.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/flows/datatables')).entities.find((x) => x.name === 'Communicate Call Presence Memory')!.id;
    /** The user's call-memory rows (none, or one). */
    const memoryOf = async (userId: string) =>
      (await s.client.request<{ entities: Array<Record<string, unknown>> }>('GET', `/api/v2/flows/datatables/${await memoryTable()}/rows`, { query: { showbrief: false } })).entities.filter((r) => r.key === userId);

    it('two calls answered in the same instant: one call session, Busy once, Meeting back once after the last', async () => {
      const u = await s.freshUser(P.Meeting);
      const [a, b] = await Promise.all([answered(u.id), answered(u.id)]);
      await s.advance(10);
      expect(await memoryOf(u.id)).toEqual([expect.objectContaining({ PresenceId: P.Meeting })]);
      // One run remembered Meeting and set Busy; the other joined that call session and wrote no presence.
      const writes = (await s.actionsOf(u.id, BUSY_FLOW)).flat().filter((x) => x === 'GC User Presence Update');
      expect(writes).toEqual(['GC User Presence Update']);
      await end(a!);
      expect(await timeline(u.id, u.since)).toEqual([`Busy ${P.Busy}`]);
      await end(b!);
      expect(await timeline(u.id, u.since)).toEqual([`Busy ${P.Busy}`, `Meeting ${P.Meeting}`]);
      expect(await memoryOf(u.id)).toEqual([]);
    });

    it('a presence chosen during the first call holds through a second call that overlaps it, and after both', async () => {
      const u = await s.freshUser(P.Available);
      const first = await answered(u.id);
      await s.advance(10);
      await s.client.request('PATCH', `/api/v2/users/${u.id}/presences/purecloud`, { body: { presenceDefinition: { id: P.Meeting } } });
      const second = await answered(u.id);
      await s.advance(10);
      await end(first);
      await end(second);
      expect(await timeline(u.id, u.since)).toEqual([`Busy ${P.Busy}`, `Meeting ${P.Meeting}`]);
      expect(await memoryOf(u.id)).toEqual([]);
    });

    it('a row left behind by a call whose end was never seen is cleared by the next call’s end, which restores nothing it did not set', async () => {
      const u = await s.freshUser(P.Away);
      await s.client.request('POST', `/api/v2/flows/datatables/${await memoryTable()}/rows`, { body: { key: u.id, PresenceId: P.Available, ActiveCalls: 1, ConversationIds: ',lost-call,' } });
      await call(u.id);
      expect(await timeline(u.id, u.since)).toEqual([]);
      expect(await memoryOf(u.id)).toEqual([]);
      await call(u.id);
      expect(await timeline(u.id, u.since)).toEqual([`Busy ${P.Busy}`, `Away ${P.Away}`]);
    });

    it('a missed call while another is going neither counts nor ends it', async () => {
      const u = await s.freshUser(P.Away);
      const first = await answered(u.id);
      await s.advance(10);
      await call(u.id, { answerAfterSeconds: null, durationSeconds: 20 });
      expect(await timeline(u.id, u.since)).toEqual([`Busy ${P.Busy}`]);
      await end(first);
      expect(await timeline(u.id, u.since)).toEqual([`Busy ${P.Busy}`, `Away ${P.Away}`]);
    });
  });

  describe('with a custom call presence chosen by --set ("On a call")', () => {
    let onACall: string;

    beforeAll(async () => {
      // What an admin does first in Admin > Presence: a secondary presence under Busy.
      onACall = (
        await s.client.request<{ id: string }>('POST', '/api/v2/presence/definitions', {
          body: { languageLabels: { en_US: 'On a call' }, systemPresence: 'Busy' },
        })
      ).id;
      const { plan, result } = await s.applyBlueprints([`busyPresenceId=${onACall}`]);
      // Only the two workflows carry the call's presence: nothing else is touched by the re-apply.
      expect(plan.steps.filter((x) => x.action !== 'noop').map((x) => `${x.action} ${x.kind}:${x.name}`).sort()).toEqual([
        `update workflow:${AVAILABLE_FLOW}`,
        `update workflow:${BUSY_FLOW}`,
      ]);
      expect(result.steps.filter((x) => x.performed === 'create')).toEqual([]);
    });

    it('an answered call sets exactly "On a call", and its end puts back exactly what was there (Away, Meeting)', async () => {
      for (const before of [P.Away, P.Meeting]) {
        const u = await s.freshUser(before);
        await call(u.id);
        expect(await timeline(u.id, u.since)).toEqual([`Busy ${onACall}`, `${before === P.Away ? 'Away' : 'Meeting'} ${before}`]);
      }
    });

    it('a user who is system Busy when the call ends keeps it: only "On a call" is reset', async () => {
      const u = await s.freshUser(P.Available);
      const started = await s.ctl.post<{ conversationId: string }>('calls', { userId: u.id, direction: 'inbound' });
      await s.ctl.post(`calls/${started.conversationId}/answer`);
      await s.advance(10);
      expect((await s.presenceOf(u.id)).id).toBe(onACall);
      // The user picks Busy (the system one) by hand during the call.
      await s.client.request('PATCH', `/api/v2/users/${u.id}/presences/purecloud`, { body: { presenceDefinition: { id: P.Busy } } });
      await s.ctl.post(`calls/${started.conversationId}/end`);
      await s.advance(10);
      expect(await s.presenceOf(u.id)).toEqual({ systemPresence: 'Busy', id: P.Busy });
    });

    it('a user Busy by hand before the call is left Busy, through and after it', async () => {
      const u = await s.freshUser(P.Busy);
      await call(u.id);
      expect(await timeline(u.id, u.since)).toEqual([]);
      expect(await s.presenceOf(u.id)).toEqual({ systemPresence: 'Busy', id: P.Busy });
    });

    it('an On Queue agent is still never changed', async () => {
      const u = await s.freshUser(P['On Queue']);
      await call(u.id);
      expect(await timeline(u.id, u.since)).toEqual([]);
    });
  });

  describe('after destroy', () => {
    beforeAll(async () => {
      const r = await s.destroyBlueprints();
      expect(r.summary.delete).toBeGreaterThan(0);
    });

    it('the same call changes nothing and starts no workflow', async () => {
      const u = await s.freshUser(P.Available);
      await call(u.id);
      await call(u.id, { direction: 'outbound' });
      expect(await timeline(u.id, u.since)).toEqual([]);
      expect(await s.runsOf(u.id)).toEqual([]);
      const flows = await s.client.request<{ entities: Array<{ name: string }> }>('GET', '/api/v2/flows', { query: { type: 'workflow' } });
      expect(flows.entities.map((f) => f.name)).not.toContain(BUSY_FLOW);
    });
  });
});
