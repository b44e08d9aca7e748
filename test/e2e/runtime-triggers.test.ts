import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import { COMMUNICATE, controlOf, echoFlowYaml, createActionFromExport, createDataActionsIntegration, createTrigger, executions, importYaml, PRESENCE, setPresence, someUsers } from '../helpers/simulate.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/** Event Orchestration details (TTL, delay, Json data format, test mode) and data-action execute/test. */
const echoFlow = (name: string, inputs: string) => echoFlowYaml(name, inputs);
const input = (kind: string, name: string) => `    - ${kind}:
        name: ${name}
        initialValue:
          noValue: true
        isInput: true
`;

describeSandbox('clock and event bus', 'Event Orchestration and data-action routes', () => {
  let t: TestTarget;
  let client: GenesysClient;
  let ctl: SandboxControl;
  let primitives: string;
  let json: string;
  let getPresenceId: string;
  let users: Array<{ id: string }>;

  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-03-02T09:00:00.000Z', users: 4 });
    client = await t.client();
    ctl = controlOf(t);
    primitives = (await importYaml(client, echoFlow('Primitives', input('stringVariable', 'Flow.userId') + input('integerVariable', 'Flow.eventTime') + input('stringVariable', 'Flow.source')))).flow!.id;
    json = (await importYaml(client, echoFlow('Whole event', input('jsonVariable', 'Flow.jsonData')))).flow!.id;
    const integ = await createDataActionsIntegration(client, 'Presence API', [{ domain: 'presence', entityName: '*', actionSet: ['*'] }]);
    getPresenceId = await createActionFromExport(client, `${COMMUNICATE}Get-Genesys-Cloud-User-Presence.custom.json`, { integrationId: integ.integrationId, category: 'Presence API' });
    users = await someUsers(client, 3);
  });
  afterAll(() => t?.close());

  const publish = (topicName: string, body: Record<string, unknown>) => ctl.post<{ executions: Array<{ id: string }> }>('events', { topicName, body });

  it('hands top-level primitives to the declared inputs, converting types, and the whole event as Flow.jsonData', async () => {
    await createTrigger(client, { name: 'prims', topicName: 'v2.users.{id}.activity', flowId: primitives, matchCriteria: [{ jsonPath: 'source', operator: 'Equal', value: 'A' }] });
    await createTrigger(client, { name: 'json', topicName: 'v2.users.{id}.activity', flowId: json, dataFormat: 'Json', matchCriteria: [{ jsonPath: 'source', operator: 'Equal', value: 'A' }] });
    const r = await publish('v2.users.{id}.activity', { userId: 'u-9', eventTime: '1700', source: 'A', nested: { x: 1 } });
    expect(r.executions).toHaveLength(2);
    const runs = await executions(ctl, { userId: 'u-9' });
    expect(runs[0]!.inputs).toEqual({ 'Flow.userId': 'u-9', 'Flow.eventTime': '1700', 'Flow.source': 'A' });
    const all = await executions(ctl);
    const j = all.find((e) => e.name === 'Whole event')!;
    expect(j.inputs).toEqual({ 'Flow.jsonData': { userId: 'u-9', eventTime: '1700', source: 'A', nested: { x: 1 } } });
    expect(all.every((e) => e.status === 'COMPLETED')).toBe(true);
  });

  it('drops events older than eventTTLSeconds and delays runs by delayBySeconds on the clock', async () => {
    await createTrigger(client, { name: 'ttl', topicName: 'v2.users.{id}.activity', flowId: primitives, eventTTLSeconds: 30, matchCriteria: [{ jsonPath: 'source', operator: 'Equal', value: 'TTL' }] });
    await createTrigger(client, { name: 'delay', topicName: 'v2.users.{id}.activity', flowId: primitives, delayBySeconds: 60, matchCriteria: [{ jsonPath: 'source', operator: 'Equal', value: 'DELAY' }] });
    const now = Date.parse((await ctl.get<{ now: string }>('clock')).now);
    expect((await publish('v2.users.{id}.activity', { userId: 'u-ttl-old', source: 'TTL', eventTime: now - 31_000 })).executions).toEqual([]);
    expect((await publish('v2.users.{id}.activity', { userId: 'u-ttl-new', source: 'TTL', eventTime: now - 29_000 })).executions).toHaveLength(1);
    await publish('v2.users.{id}.activity', { userId: 'u-delay', source: 'DELAY' });
    await ctl.post('clock', { advanceSeconds: 59 });
    expect(await executions(ctl, { userId: 'u-delay' })).toEqual([]);
    await ctl.post('clock', { advanceSeconds: 1 });
    expect(await executions(ctl, { userId: 'u-delay' })).toHaveLength(1);
  });

  it('answers trigger test mode without running anything', async () => {
    const id = await createTrigger(client, { name: 'non-acd', topicName: 'v2.detail.events.conversation.{id}.user.start', flowId: primitives, matchCriteria: [{ jsonPath: 'queueId', operator: 'Exists', value: false }] });
    const before = (await executions(ctl)).length;
    const acd = await client.request<{ triggerMatches: boolean; jsonPathValidation: { matches: boolean } }>('POST', `/api/v2/processautomation/triggers/${id}/test`, { body: JSON.stringify({ queueId: 'q-1', userId: 'u' }) });
    expect(acd).toMatchObject({ triggerMatches: false, jsonPathValidation: { matches: false } });
    const direct = await client.request<{ triggerMatches: boolean }>('POST', `/api/v2/processautomation/triggers/${id}/test`, { body: { userId: 'u' } });
    expect(direct.triggerMatches).toBe(true);
    const topic = await client.request<{ triggerMatchValidation: { matchedTriggers: Array<{ id: string }> } }>('POST', '/api/v2/processautomation/triggers/topics/v2.detail.events.conversation.{id}.user.start/test', { body: { userId: 'u' } });
    expect(topic.triggerMatchValidation.matchedTriggers.map((x) => x.id)).toEqual([id]);
    expect((await executions(ctl)).length).toBe(before);
  });

  it('executes a data action through the SDK with its integration\'s credentials, and tests it step by step', async () => {
    const u = users[0]!;
    await setPresence(client, u.id, PRESENCE.Busy);
    const api = client.api(platformClient.IntegrationsApi);
    expect(await api.postIntegrationsActionExecute(getPresenceId, { USER_ID: u.id })).toEqual({ systemPresence: 'Busy' });
    const test = (await api.postIntegrationsActionTest(getPresenceId, { USER_ID: u.id })) as { success: boolean; operations: Array<{ name: string; success: boolean }>; finalResult: unknown };
    expect(test.success).toBe(true);
    expect(test.operations.map((o) => o.name)).toEqual(['Resolve request URL template', 'Execute', 'Resolve translation map', 'Resolve success template', 'Validate output against schema']);
    expect(test.finalResult).toEqual({ systemPresence: 'Busy' });
  });

  it('fails execute with the remote error when the user does not exist, and reports it in test mode', async () => {
    const err = await client.request('POST', `/api/v2/integrations/actions/${getPresenceId}/execute`, { body: { USER_ID: '00000000-0000-4000-8000-000000000000' } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GenesysError);
    expect((err as GenesysError).status).toBe(404);
    const test = await client.request<{ success: boolean; error: { status: number } }>('POST', `/api/v2/integrations/actions/${getPresenceId}/test`, { body: { USER_ID: '00000000-0000-4000-8000-000000000000' } });
    expect(test).toMatchObject({ success: false, error: { status: 404 } });
  });
});
