import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { simulateCall } from '../../src/simulate/drive.js';
import { COMMUNICATE, controlOf, executions, PRESENCE, setPresence, setupOriginalCommunicateCall, someUsers } from '../helpers/simulate.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The original blueprint creates its triggers from a Postman collection whose body sets no
 * `workflowTargetSettings`. Genesys then hands the event over as top-level primitives, which is
 * what the original Busy flow reads (`Flow.userId`, `Flow.conversationId`, `Flow.direction`).
 */
const POSTMAN = `${COMMUNICATE}Genesys Cloud Event Orchestration Trigger API's.postman_collection.json`;

interface PostmanItem {
  name: string;
  item?: PostmanItem[];
  request?: { method: string; body?: { raw?: string } };
}

describeSandbox('call simulation', 'the original Postman trigger body (no workflowTargetSettings)', () => {
  let t: TestTarget;
  let client: GenesysClient;
  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-03-02T09:00:00.000Z', users: 6 });
    client = await t.client();
  });
  afterAll(() => t?.close());

  it('drives the original Busy flow: the caller is Busy once the call is answered', async () => {
    const { busyFlowId } = await setupOriginalCommunicateCall(client);
    // Replace the helper's start trigger with the collection's own request body, as its user sends it.
    const all = await client.request<{ entities: Array<{ id: string; topicName: string }> }>('GET', '/api/v2/processautomation/triggers');
    for (const x of all.entities.filter((e) => e.topicName.endsWith('.user.start'))) await client.request('DELETE', `/api/v2/processautomation/triggers/${x.id}`);
    const items = (JSON.parse(readFileSync(POSTMAN, 'utf8')) as { item: PostmanItem[] }).item.flatMap(function flat(i: PostmanItem): PostmanItem[] {
      return i.item ? i.item.flatMap(flat) : [i];
    });
    const create = items.find((i) => i.name === 'ProcessAutomation Trigger Creation')!;
    const body = JSON.parse(create.request!.body!.raw!) as { target: Record<string, unknown> };
    expect(body.target.workflowTargetSettings).toBeUndefined();
    body.target.id = busyFlowId;
    await client.request('POST', '/platform/api/v2/processautomation/triggers', { body });

    const [u] = await someUsers(client, 1);
    await setPresence(client, u!.id, PRESENCE.Available);
    const ctl = controlOf(t);
    await simulateCall(ctl, { userId: u!.id, answerAfterSeconds: 8, durationSeconds: 60, settleSeconds: 0 });
    const busy = (await executions(ctl, { userId: u!.id, flowName: 'Set GC User to Busy' }))[0]!;
    expect(busy.trigger?.dataFormat).toBe('TopLevelPrimitives');
    expect(busy.inputs['Flow.userId']).toBe(u!.id);
    expect(busy.status).toBe('COMPLETED');
    const events = (await ctl.get<{ entities: Array<{ body: { presenceDefinition: { systemPresence: string } } }> }>('events', { topic: `v2.users.${u!.id}.presence` })).entities;
    expect(events.map((e) => e.body.presenceDefinition.systemPresence)).toEqual(['Busy', 'Available']);
  });
});
