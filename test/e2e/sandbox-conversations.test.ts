import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import platformClient from 'purecloud-platform-client-v2';
import type { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import type { CallState } from '../../src/simulate/types.js';
import { controlOf } from '../helpers/simulate.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The Communicate-call model as the conversation-details data actions read it, through the
 * official SDK: `GET /conversations/{id}`, `GET /conversations/calls/{id}` and the analytics
 * details — purposes (`customer`/`external`, `user`, `group`, `acd`/`agent`), direction, call
 * states and segments, and no `queueId` anywhere on a non-ACD call. Calls are placed through the
 * sandbox's own control API (an org has no such thing), so the file is sandbox-only.
 */
describeSandbox('control API (calls are placed through it)', 'sandbox conversations through the official SDK', () => {
  let t: TestTarget;
  let c: GenesysClient;
  let ctl: SandboxControl;
  let userId: string;
  const QUEUE = '11111111-2222-4333-8444-555555555555';

  beforeAll(async () => {
    t = await openTestTarget({ users: 3, now: '2026-03-02T09:00:00.000Z' });
    c = await t.client();
    ctl = controlOf(t);
    userId = (await c.api(platformClient.UsersApi).getUsers({ pageSize: 1 })).entities![0]!.id!;
  });
  afterAll(() => t.close());

  const conversations = () => c.api(platformClient.ConversationsApi);
  const analytics = () => c.api(platformClient.AnalyticsApi);

  async function call(body: Record<string, unknown>, answerAfter: number | null, lasts = 60): Promise<CallState> {
    const started = await ctl.post<CallState>('calls', { userId, ...body });
    if (answerAfter !== null) {
      await ctl.post('clock', { advanceSeconds: answerAfter });
      await ctl.post(`calls/${started.conversationId}/answer`);
    }
    await ctl.post('clock', { advanceSeconds: lasts });
    return ctl.post<CallState>(`calls/${started.conversationId}/end`);
  }

  it('an inbound direct call: a customer and the user, both inbound; the user alerted, then interacted; no queue anywhere', async () => {
    const { conversationId } = await call({ direction: 'inbound' }, 8);
    const conv = await conversations().getConversation(conversationId);
    expect(conv.participants!.map((p) => p.purpose)).toEqual(['customer', 'user']);
    const user = conv.participants!.find((p) => p.purpose === 'user')!;
    expect(user.userId).toBe(userId);
    expect(user.calls![0]).toMatchObject({ state: 'disconnected', direction: 'inbound', recordingState: 'none' });
    expect(user.calls![0]!.segments!.map((s) => s.type)).toEqual(['Alert', 'Interact']);
    const [alert, interact] = user.calls![0]!.segments!;
    expect(new Date(alert!.endTime!).getTime() - new Date(alert!.startTime!).getTime()).toBe(8_000);
    expect(new Date(interact!.endTime!).getTime() - new Date(interact!.startTime!).getTime()).toBe(60_000);

    const flat = await conversations().getConversationsCall(conversationId);
    expect(flat.recordingState).toBe('none');
    expect(flat.participants!.find((p) => p.purpose === 'user')).toMatchObject({ state: 'disconnected', direction: 'inbound', user: { id: userId } });

    const details = await analytics().getAnalyticsConversationDetails(conversationId);
    expect(details).toMatchObject({ conversationId, originatingDirection: 'inbound' });
    const userLeg = details.participants!.find((p) => p.purpose === 'user')!;
    expect(userLeg.sessions![0]).toMatchObject({ mediaType: 'voice', direction: 'inbound' });
    expect(userLeg.sessions![0]!.segments!.map((s) => s.segmentType)).toEqual(['alert', 'interact']);

    const everything = JSON.stringify([conv, flat, details]);
    expect(everything).not.toContain('queueId');
    expect(everything).not.toContain('"queue"');
  });

  it('an outbound call: the user and an external party, both outbound; the user contacting, then interacting', async () => {
    const { conversationId } = await call({ direction: 'outbound' }, 5);
    const conv = await conversations().getConversation(conversationId);
    expect(conv.participants!.map((p) => [p.purpose, p.calls![0]!.direction])).toEqual([
      ['user', 'outbound'],
      ['external', 'outbound'],
    ]);
    expect(conv.participants![0]!.calls![0]!.segments!.map((s) => s.type)).toEqual(['Contacting', 'Interact']);
    expect((await analytics().getAnalyticsConversationDetails(conversationId)).originatingDirection).toBe('outbound');
    expect(JSON.stringify(conv)).not.toContain('queueId');
  });

  it('a ring-group call: a group participant carries the group, the user does too, and still no queue', async () => {
    const { conversationId, groupId } = await call({ direction: 'inbound', group: true }, 3);
    expect(groupId).toBeTruthy();
    const conv = await conversations().getConversation(conversationId);
    expect(conv.participants!.map((p) => p.purpose)).toEqual(['customer', 'group', 'user']);
    expect(conv.participants!.find((p) => p.purpose === 'group')!.groupId).toBe(groupId);
    const flat = await conversations().getConversationsCall(conversationId);
    expect(flat.participants!.find((p) => p.purpose === 'group')!.group?.id).toBe(groupId);
    expect(JSON.stringify(conv)).not.toContain('queueId');
  });

  it('a queue (ACD) call: an acd leg handed to the agent on answer; the agent\'s leg carries the queue', async () => {
    const { conversationId } = await call({ direction: 'inbound', queueId: QUEUE }, 4);
    const conv = await conversations().getConversation(conversationId);
    expect(conv.participants!.map((p) => p.purpose)).toEqual(['customer', 'acd', 'agent']);
    expect(conv.participants!.find((p) => p.purpose === 'agent')).toMatchObject({ userId, queueId: QUEUE });
    expect(conv.participants!.find((p) => p.purpose === 'acd')!.calls![0]!.disconnectType).toBe('transfer');
    const details = await analytics().getAnalyticsConversationDetails(conversationId);
    const agent = details.participants!.find((p) => p.purpose === 'agent')!;
    expect(agent.sessions![0]!.segments!.every((s) => s.queueId === QUEUE)).toBe(true);
  });

  it('an unknown conversation is a 404 not.found on every view', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    for (const read of [() => conversations().getConversation(missing), () => conversations().getConversationsCall(missing), () => analytics().getAnalyticsConversationDetails(missing)]) {
      const err = await read().then(() => undefined, (e: unknown) => e);
      expect(err).toBeInstanceOf(GenesysError);
      expect(err).toMatchObject({ status: 404, code: 'not.found' });
    }
  });
});
