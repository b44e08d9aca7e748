import { afterAll, beforeAll, expect, it } from 'vitest';
import platformClient from 'purecloud-platform-client-v2';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import type { CallState } from '../../src/simulate/types.js';
import { controlOf } from '../helpers/simulate.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';
import { sdkModel, validateModel } from '../support/sdk-models.js';

/**
 * The conversation detail events a Communicate call publishes carry every field of the SDK's event
 * models (UserStart/UserEnd/CustomerStart/CustomerEnd…DetailEventTopic…), no field the models lack,
 * and no `queueId` on a non-ACD call (the blueprints' triggers tell Communicate calls by it).
 */
describeSandbox('control API (calls are placed through it)', 'conversation detail events, as the SDK models them', () => {
  let t: TestTarget;
  let c: GenesysClient;
  let ctl: SandboxControl;
  beforeAll(async () => {
    t = await openTestTarget({ users: 3, now: '2026-03-02T09:00:00.000Z' });
    c = await t.client();
    ctl = controlOf(t);
  });
  afterAll(() => t.close());

  const MODELS: Record<string, string> = {
    'user.start': 'UserStartDetailEventTopicUserStartEvent',
    'user.end': 'UserEndDetailEventTopicUserEndEvent',
    'customer.start': 'CustomerStartDetailEventTopicCustomerStartEvent',
    'customer.end': 'CustomerEndDetailEventTopicCustomerEndEvent',
    'acd.start': 'AcdStartDetailEventTopicAcdStartEvent',
    'acd.end': 'AcdEndDetailEventTopicAcdEndEvent',
  };

  async function eventsOf(body: Record<string, unknown>): Promise<Map<string, Record<string, unknown>>> {
    const userId = (await c.api(platformClient.UsersApi).getUsers({ pageSize: 1 })).entities![0]!.id!;
    const started = await ctl.post<CallState>('calls', { userId, ...body });
    await ctl.post('clock', { advanceSeconds: 8 });
    await ctl.post(`calls/${started.conversationId}/answer`);
    await ctl.post('clock', { advanceSeconds: 60 });
    await ctl.post(`calls/${started.conversationId}/end`);
    const prefix = `v2.detail.events.conversation.${started.conversationId}.`;
    const all = (await ctl.get<{ entities: Array<{ topic: string; body: Record<string, unknown> }> }>('events', {})).entities.filter((e) => e.topic.startsWith(prefix));
    return new Map(all.map((e) => [e.topic.slice(prefix.length), e.body]));
  }

  it('a direct call: user and customer start/end events hold every model field and nothing else, and no queueId', async () => {
    const events = await eventsOf({ direction: 'inbound' });
    expect([...events.keys()].sort()).toEqual(['customer.end', 'customer.start', 'user.end', 'user.start']);
    for (const [kind, body] of events) {
      const model = MODELS[kind]!;
      expect(validateModel(body, model), kind).toEqual([]);
      const fields = [...sdkModel(model)!.keys()].filter((f) => f !== 'queueId' && !['externalContactId', 'externalOrganizationId', 'journeyContext'].includes(f));
      expect(fields.filter((f) => !(f in body)), `${kind} lacks`).toEqual([]);
      expect(body).not.toHaveProperty('queueId');
    }
    const end = events.get('user.end')!;
    expect(end).toMatchObject({ messageType: 'UNKNOWN', callbackUserName: '', subject: '', utilizationLabel: '', heldDurationMs: 0, alertingDurationMs: 8000, interactingDurationMs: 60000 });
  });

  it('a queue call: the acd and user events carry the queue, and fit their models', async () => {
    const events = await eventsOf({ direction: 'inbound', queueId: '11111111-2222-4333-8444-555555555555' });
    for (const kind of ['acd.start', 'acd.end', 'user.start', 'user.end']) {
      expect(validateModel(events.get(kind), MODELS[kind]!), kind).toEqual([]);
      expect(events.get(kind)!.queueId).toBe('11111111-2222-4333-8444-555555555555');
    }
  });
});
