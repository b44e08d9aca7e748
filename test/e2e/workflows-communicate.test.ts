import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import type { CallState, Execution } from '../../src/simulate/types.js';
import { importAction } from '../../src/engine/import/import-action.js';
import { importWorkflowFile } from '../../src/engine/import/import-workflow.js';
import { controlOf, createCallMemoryTable, createDataActionsIntegration, POLICY_ACTION_FILES, POLICY_PERMISSIONS, createTrigger, dataActionCalls, executions, PRESENCE, setPresence, someUsers, systemPresence } from '../helpers/simulate.js';
import { clockPause, LIVE, openTestTarget, PRODUCTION, withTestTarget, WORST_DAY_SETTLE_MS, type TestTarget } from '../helpers/target.js';

/**
 * Our Communicate-call workflows (workflows/set-gc-user-to-*.yaml with data-actions/*.custom.json),
 * provisioned as an admin would and driven by simulated calls: what the user's presence does.
 */
const ROOT = resolve(process.cwd());
const PRESENCE_INTEGRATION = 'Update Genesys Cloud User Presence';
const CONVERSATION_INTEGRATION = 'GetConversationDetailsPublicAPI';
const BUSY_FLOW = 'Set GC User to Busy';
const AVAILABLE_FLOW = 'Set GC User to Available';
const MEETING = 'bbdff279-7ae1-48ea-bade-7831d7234c64';

describe.skipIf(LIVE)('our Communicate-call workflows, run by the sandbox', () => {
  let t: TestTarget;
  let c: GenesysClient;
  let ctl: SandboxControl;
  let users: Array<{ id: string; name: string }>;
  let next = 0;
  /** A fresh user per test, Available to start with. */
  let user: { id: string; name: string };

  const advance = (seconds: number) => ctl.post('clock', { advanceSeconds: seconds });
  /**
   * Lets the workflows hear what just happened and act on it. On the polite profile that is at
   * once; under the production profile (PRESENCE_KIT_TEST_PROFILE=production) an event arrives up to
   * 5 s late and each data action takes up to 2 s, so the clock moves on by that bound first.
   */
  const settle = () => (PRODUCTION ? advance(WORST_DAY_SETTLE_MS / 1000) : Promise.resolve());
  /** Pick-up checks a run made: the polite day's exact count; a worst day's are fewer (late start, slow checks), never more. */
  const expectChecks = (n: number, polite: number) => {
    if (!PRODUCTION) return expect(n).toBe(polite);
    expect(n).toBeGreaterThanOrEqual(1);
    expect(n).toBeLessThanOrEqual(polite);
  };
  const call = (body: Record<string, unknown>) => ctl.post<CallState>('calls', { userId: user.id, ...body });
  const answer = (id: string) => ctl.post<CallState>(`calls/${id}/answer`);
  const hangUp = (id: string) => ctl.post<CallState>(`calls/${id}/end`);
  const runsOf = async (flowName: string): Promise<Execution[]> => executions(ctl, { flowName, userId: user.id });
  const presenceNow = () => systemPresence(c, user.id);
  /** The data actions a run called, by action name (the record says "category / name"). */
  const called = (e: Execution) => dataActionCalls(e).map((x) => x.dataAction.split(' / ').pop()!);

  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-01-05T09:00:00.000Z' });
    c = await t.client(clockPause(t));
    ctl = controlOf(t);
    const presence = await createDataActionsIntegration(c, PRESENCE_INTEGRATION, [{ domain: 'presence', entityName: 'userPresence', actionSet: ['*'] }, ...POLICY_PERMISSIONS]);
    const conversations = await createDataActionsIntegration(c, CONVERSATION_INTEGRATION, [{ domain: 'conversation', entityName: 'communication', actionSet: ['view'] }]);
    expect(presence.integrationId && conversations.integrationId).toBeTruthy();
    for (const [file, integration] of [
      ['gc-user-presence-update.custom.json', PRESENCE_INTEGRATION],
      ['get-user-presence.custom.json', PRESENCE_INTEGRATION],
      ['get-inbound-conversation-calls.custom.json', CONVERSATION_INTEGRATION],
      ['get-inbound-conversation-details.custom.json', CONVERSATION_INTEGRATION],
      ['get-outbound-conversation-details.custom.json', CONVERSATION_INTEGRATION],
      ['get-user-active-calls.custom.json', PRESENCE_INTEGRATION],
      ...POLICY_ACTION_FILES.map((f) => [f, PRESENCE_INTEGRATION]),
    ]) {
      await importAction(c, { file: join(ROOT, 'data-actions', file!), integration: integration! });
    }
    const set = {
      busyPresenceId: PRESENCE.Busy,
      ...(await createCallMemoryTable(c)),
      presenceIntegrationName: PRESENCE_INTEGRATION,
      conversationIntegrationName: CONVERSATION_INTEGRATION,
    };
    const busy = await importWorkflowFile(c, { file: join(ROOT, 'workflows/set-gc-user-to-busy.yaml'), set });
    const available = await importWorkflowFile(c, { file: join(ROOT, 'workflows/set-gc-user-to-available.yaml'), set });
    const nonAcd = [{ jsonPath: 'queueId', operator: 'Exists', value: false }];
    await createTrigger(c, { name: 'GC Communicate Call User Start', topicName: 'v2.detail.events.conversation.{id}.user.start', flowId: busy.flow!.id, matchCriteria: nonAcd });
    await createTrigger(c, { name: 'GC Communicate Call User End', topicName: 'v2.detail.events.conversation.{id}.user.end', flowId: available.flow!.id, matchCriteria: nonAcd });
    users = await someUsers(c, 12);
  });
  afterAll(() => t?.close());

  beforeEach(async () => {
    user = users[next++]!;
    await setPresence(c, user.id, PRESENCE.Available);
  });

  it('an inbound call answered after 40 s makes the user Busy (the original gave up after 25 s); hanging up makes them Available', async () => {
    const conv = await call({ direction: 'inbound' });
    await advance(40);
    expect(await presenceNow()).toBe('Available');
    await answer(conv.conversationId);
    await advance(5);
    await settle();
    expect(await presenceNow()).toBe('Busy');
    const [busyRun] = await runsOf(BUSY_FLOW);
    expect(busyRun!.status).toBe('COMPLETED');
    // One pick-up check every 5 s: 8 while ringing, the 9th sees the answer; then the presence at
    // answer time (a system presence: no label read), remembered, one presence write, and the
    // check that the call is still going (else this run would settle it).
    const checks = called(busyRun!).filter((x) => x === 'GetInboundConversationCallsCheckForUserPickUp').length;
    expectChecks(checks, 9);
    expect(called(busyRun!)).toEqual([
      ...Array<string>(checks).fill('GetInboundConversationCallsCheckForUserPickUp'),
      'Get Genesys Cloud User Presence',
      'Add Presence Memory Row',
      'GC User Presence Update',
      'Get Genesys Cloud User Active Calls',
    ]);

    await advance(60);
    await hangUp(conv.conversationId);
    await settle();
    expect(await presenceNow()).toBe('Available');
  });

  it('an outbound call goes Busy once the far end answers, not while it rings', async () => {
    const conv = await call({ direction: 'outbound' });
    await advance(30);
    expect(await presenceNow()).toBe('Available');
    await answer(conv.conversationId);
    await advance(5);
    await settle();
    expect(await presenceNow()).toBe('Busy');
    await hangUp(conv.conversationId);
    await settle();
    expect(await presenceNow()).toBe('Available');
  });

  it('a ring-group call makes Busy the user who picks it up', async () => {
    const conv = await call({ direction: 'inbound', group: true });
    await advance(10);
    await answer(conv.conversationId);
    await advance(5);
    await settle();
    expect(await presenceNow()).toBe('Busy');
    await hangUp(conv.conversationId);
    await settle();
    expect(await presenceNow()).toBe('Available');
  });

  it('a missed call changes nothing, and the Busy check stops as soon as the call is over', async () => {
    await setPresence(c, user.id, PRESENCE.Away);
    const conv = await call({ direction: 'inbound' });
    await advance(20);
    await hangUp(conv.conversationId);
    await advance(60);
    expect(await presenceNow()).toBe('Away');
    const [busyRun] = await runsOf(BUSY_FLOW);
    expect(busyRun!.status).toBe('COMPLETED');
    expectChecks(called(busyRun!).filter((x) => x === 'GetInboundConversationCallsCheckForUserPickUp').length, 5);
    expect(called(busyRun!)).not.toContain('GC User Presence Update');
    // The call set nothing, so there is no call memory: the end reads nothing and writes nothing.
    const [availableRun] = await runsOf(AVAILABLE_FLOW);
    expect(availableRun!.status).toBe('COMPLETED');
    expect(called(availableRun!)).toEqual([]);
  });

  it('a presence the user chose during the call (Meeting) survives its end', async () => {
    const conv = await call({ direction: 'inbound' });
    await answer(conv.conversationId);
    await advance(5);
    await settle();
    expect(await presenceNow()).toBe('Busy');
    await setPresence(c, user.id, MEETING);
    await hangUp(conv.conversationId);
    await settle();
    expect(await presenceNow()).toBe('Meeting');
  });

  it('never touches an On Queue agent, on a direct call', async () => {
    await setPresence(c, user.id, PRESENCE['On Queue']);
    const conv = await call({ direction: 'inbound' });
    await answer(conv.conversationId);
    await advance(10);
    await settle();
    expect(await presenceNow()).toBe('On Queue');
    await hangUp(conv.conversationId);
    await settle();
    expect(await presenceNow()).toBe('On Queue');
    const busyRuns = await runsOf(BUSY_FLOW);
    const availableRuns = await runsOf(AVAILABLE_FLOW);
    // One run each; the production profile delivers an event twice now and then, and the second run does the same.
    if (!PRODUCTION) expect([busyRuns.length, availableRuns.length]).toEqual([1, 1]);
    expect(busyRuns.length * availableRuns.length).toBeGreaterThan(0);
    // Busy: the pick-up check, then the presence (a system presence: no label read) — On Queue is protected, so no memory and no write.
    for (const run of busyRuns) expect(called(run).filter((a) => !a.startsWith('GetInbound'))).toEqual(['Get Genesys Cloud User Presence']);
    // Available: no call memory for this user, so nothing to read or write.
    for (const run of availableRuns) expect(called(run)).toEqual([]);
  });

  it('a queue (ACD) call starts no workflow at all', async () => {
    const conv = await call({ direction: 'inbound', queueId: '8b2e6b4a-5c61-4a52-9a0e-0d3c6c2f1a11' });
    await answer(conv.conversationId);
    await advance(10);
    await hangUp(conv.conversationId);
    expect(await presenceNow()).toBe('Available');
    expect([...(await runsOf(BUSY_FLOW)), ...(await runsOf(AVAILABLE_FLOW))]).toEqual([]);
  });

  it('gives up after 6 minutes of ringing (72 checks), so a forgotten call cannot keep a run alive', async () => {
    const conv = await call({ direction: 'inbound' });
    await advance(7 * 60);
    const [busyRun] = await runsOf(BUSY_FLOW);
    expect(busyRun!.status).toBe('COMPLETED');
    expect(called(busyRun!).filter((x) => x === 'GetInboundConversationCallsCheckForUserPickUp')).toHaveLength(72);
    await answer(conv.conversationId);
    await advance(10);
    expect(await presenceNow()).toBe('Available');
    await hangUp(conv.conversationId);
  });
});

describe.skipIf(LIVE)('the original Busy workflow, for contrast', () => {
  it('never sets Busy for a call answered after 40 s: it stops checking after 5 × 5 s', async () => {
    await withTestTarget({ now: '2026-01-05T09:00:00.000Z' }, async (t) => {
    const c = await t.client(clockPause(t));
    const ctl = controlOf(t);
    await createDataActionsIntegration(c, PRESENCE_INTEGRATION, [{ domain: 'presence', entityName: 'userPresence', actionSet: ['*'] }]);
    await createDataActionsIntegration(c, CONVERSATION_INTEGRATION, [{ domain: 'conversation', entityName: 'communication', actionSet: ['view'] }]);
    const originals = join(ROOT, '../shared/fixtures/blueprints/update-gc-presence-on-communicate-call-activity-blueprint');
    for (const [file, integration, name] of [
      ['GC-User-Presence-Update.custom.json', PRESENCE_INTEGRATION],
      ['Get-Genesys-Cloud-User-Presence.custom.json', PRESENCE_INTEGRATION],
      ['GetInboundConversationCallsCheckForUserPickUp.custom.json', CONVERSATION_INTEGRATION],
      ['GetInboundConversationDetailsForPickUp-Includes-Group-Check.custom.json', CONVERSATION_INTEGRATION, 'GetInboundConversationDetailsForPickUp (Includes Group Check) (ConversationDirect)'],
      ['GetOutboundConversationDetailsForPickUp.custom.json', CONVERSATION_INTEGRATION, 'GetOutboundConversationDetailsForPickUp (ConversationDirect)'],
    ]) {
      await importAction(c, { file: join(originals, file!), integration: integration!, name });
    }
    const busy = await importWorkflowFile(c, { file: join(originals, 'Set GC User to Busy.yaml') });
    await createTrigger(c, { name: 'Start', topicName: 'v2.detail.events.conversation.{id}.user.start', flowId: busy.flow!.id, matchCriteria: [{ jsonPath: 'queueId', operator: 'Exists', value: false }] });
    const [user] = await someUsers(c, 1);
    await setPresence(c, user!.id, PRESENCE.Available);
    const conv = await ctl.post<CallState>('calls', { userId: user!.id, direction: 'inbound' });
    await ctl.post('clock', { advanceSeconds: 40 });
    await ctl.post(`calls/${conv.conversationId}/answer`);
    await ctl.post('clock', { advanceSeconds: 30 });
    expect(await systemPresence(c, user!.id)).toBe('Available');
    const [run] = await executions(ctl, { flowName: BUSY_FLOW });
    expect(run!.status).toBe('COMPLETED');
    });
  });
});
