import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { simulateCall } from '../../src/simulate/drive.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import {
  COMMUNICATE,
  controlOf,
  dataActionCalls,
  executions,
  importYaml,
  PRESENCE,
  setPresence,
  setupOriginalCommunicateCall,
  someUsers,
  systemPresence,
  type DataActionsIntegration,
  type JobOutcome,
} from '../helpers/simulate.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The original "update GC presence on Communicate call activity" blueprint, set up as its guide
 * says (roles, OAuth clients, two Data Actions integrations, five data actions, the two Archy
 * flows, two triggers with `queueId Exists false`), then driven with simulated calls.
 */
describeSandbox('clock and simulated calls', 'original Communicate-call blueprint in the sandbox', () => {
  let t: TestTarget;
  let client: GenesysClient;
  let ctl: SandboxControl;
  let conversationApi: DataActionsIntegration;
  let earlyBusyImport: JobOutcome;
  let users: Array<{ id: string; name: string; email: string }>;

  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-03-02T09:00:00.000Z', users: 12 });
    client = await t.client();
    ctl = controlOf(t);
    // As the guide has it (names from the JSON files), the Busy flow cannot resolve two of its actions.
    ({ conversationApi } = await setupOriginalCommunicateCall(client, async () => {
      earlyBusyImport = await importYaml(client, readFileSync(`${COMMUNICATE}Set GC User to Busy.yaml`, 'utf8'));
    }));
    users = await someUsers(client, 8);
  });
  afterAll(() => t?.close());

  it('refuses the Busy flow while the actions it names do not exist, naming them', () => {
    expect(earlyBusyImport.status).toBe('Failure');
    const text = earlyBusyImport.messages.map((m) => m.text).join('\n');
    expect(text).toContain("'GetInboundConversationDetailsForPickUp (Includes Group Check) (ConversationDirect)' in category 'GetConversationDetailsPublicAPI'");
    expect(text).toContain("'GetOutboundConversationDetailsForPickUp (ConversationDirect)'");
  });

  it('turns an inbound caller Busy when answered within 25 s, and Available when the call ends', async () => {
    const u = users[0]!;
    await setPresence(client, u.id, PRESENCE.Available);
    const run = simulateCall(ctl, { userId: u.id, answerAfterSeconds: 8, durationSeconds: 60, settleSeconds: 0 });
    const call = await run;
    const runs = await executions(ctl, { userId: u.id });
    expect(runs.map((r) => [r.name, r.status])).toEqual([
      ['Set GC User to Busy', 'COMPLETED'],
      ['Set GC User to Available', 'COMPLETED'],
    ]);
    const busyCalls = dataActionCalls(runs[0]!);
    // Presence read, the group check, two polls (t=5 s still ringing, t=10 s answered), then the update.
    expect(busyCalls.map((c) => c.dataAction)).toEqual([
      'Update Genesys Cloud User Presence / Get Genesys Cloud User Presence',
      'GetConversationDetailsPublicAPI / GetInboundConversationDetailsForPickUp (Includes Group Check) (ConversationDirect)',
      'GetConversationDetailsPublicAPI / GetInboundConversationDetailsForPickUp (Includes Group Check) (ConversationDirect)',
      'GetConversationDetailsPublicAPI / GetInboundConversationDetailsForPickUp (Includes Group Check) (ConversationDirect)',
      'Update Genesys Cloud User Presence / GC User Presence Update',
    ]);
    expect(busyCalls.every((c) => c.outcome === 'success')).toBe(true);
    const presenceEvents = (await ctl.get<{ entities: Array<{ body: { presenceDefinition: { systemPresence: string } }; publishedAt: string }> }>('events', { topic: `v2.users.${u.id}.presence`, since: call.startedAt })).entities;
    expect(presenceEvents.map((e) => e.body.presenceDefinition.systemPresence)).toEqual(['Busy', 'Available']);
    expect(presenceEvents[0]!.publishedAt).toBe('2026-03-02T09:00:10.000Z');
    expect(await systemPresence(client, u.id)).toBe('Available');
  });

  it('is Busy during the call, not only after it', async () => {
    const u = users[1]!;
    await setPresence(client, u.id, PRESENCE.Available);
    const call = await ctl.post<{ conversationId: string }>('calls', { userId: u.id });
    await ctl.post('clock', { advanceSeconds: 3 });
    expect(await systemPresence(client, u.id)).toBe('Available');
    await ctl.post(`calls/${call.conversationId}/answer`);
    await ctl.post('clock', { advanceSeconds: 5 });
    expect(await systemPresence(client, u.id)).toBe('Busy');
    await ctl.post(`calls/${call.conversationId}/end`);
    expect(await systemPresence(client, u.id)).toBe('Available');
  });

  it('changes nothing for a queue (ACD) call: both triggers ignore events with a queueId', async () => {
    const u = users[2]!;
    await setPresence(client, u.id, PRESENCE.Available);
    await simulateCall(ctl, { userId: u.id, queueId: 'c0ffee00-0000-4000-8000-000000000001', answerAfterSeconds: 5, durationSeconds: 60 });
    expect(await executions(ctl, { userId: u.id })).toEqual([]);
    expect(await systemPresence(client, u.id)).toBe('Available');
  });

  it('never changes an On Queue agent: both flows stop at their On Queue decision', async () => {
    const u = users[3]!;
    await setPresence(client, u.id, PRESENCE['On Queue']);
    await simulateCall(ctl, { userId: u.id, answerAfterSeconds: 5, durationSeconds: 60 });
    const runs = await executions(ctl, { userId: u.id });
    expect(runs).toHaveLength(2);
    for (const r of runs) expect(dataActionCalls(r).map((c) => c.dataAction)).toEqual(['Update Genesys Cloud User Presence / Get Genesys Cloud User Presence']);
    expect(await systemPresence(client, u.id)).toBe('On Queue');
  });

  it('misses a call answered after 40 s: the Busy flow polls only 5 × 5 s (the original flow\'s bug)', async () => {
    const u = users[4]!;
    await setPresence(client, u.id, PRESENCE.Available);
    const conv = await ctl.post<{ conversationId: string }>('calls', { userId: u.id });
    await ctl.post('clock', { advanceSeconds: 40 });
    await ctl.post(`calls/${conv.conversationId}/answer`);
    await ctl.post('clock', { advanceSeconds: 30 });
    expect(await systemPresence(client, u.id)).toBe('Available');
    const [busy] = await executions(ctl, { userId: u.id });
    expect(busy!.status).toBe('COMPLETED');
    const polls = dataActionCalls(busy!).filter((c) => c.dataAction.includes('Inbound'));
    expect(polls).toHaveLength(6);
    expect(dataActionCalls(busy!).some((c) => c.dataAction.endsWith('GC User Presence Update'))).toBe(false);
    await ctl.post(`calls/${conv.conversationId}/end`);
  });

  it('turns an outbound caller Busy once the far end answers', async () => {
    const u = users[5]!;
    await setPresence(client, u.id, PRESENCE.Available);
    const conv = await ctl.post<{ conversationId: string }>('calls', { userId: u.id, direction: 'outbound' });
    await ctl.post('clock', { advanceSeconds: 12 });
    await ctl.post(`calls/${conv.conversationId}/answer`);
    await ctl.post('clock', { advanceSeconds: 5 });
    expect(await systemPresence(client, u.id)).toBe('Busy');
    await ctl.post(`calls/${conv.conversationId}/end`);
    expect(await systemPresence(client, u.id)).toBe('Available');
  });

  it('follows a ring-group call through the calls endpoint until this user picks up', async () => {
    const u = users[6]!;
    await setPresence(client, u.id, PRESENCE.Available);
    const conv = await ctl.post<{ conversationId: string; groupId: string }>('calls', { userId: u.id, group: true });
    expect(conv.groupId).toBeTruthy();
    await ctl.post('clock', { advanceSeconds: 7 });
    await ctl.post(`calls/${conv.conversationId}/answer`);
    await ctl.post('clock', { advanceSeconds: 5 });
    expect(await systemPresence(client, u.id)).toBe('Busy');
    const [busy] = await executions(ctl, { userId: u.id });
    expect(dataActionCalls(busy!).map((c) => c.dataAction)).toContain('GetConversationDetailsPublicAPI / GetInboundConversationCallsCheckForUserPickUp');
    await ctl.post(`calls/${conv.conversationId}/end`);
  });

  it('fails the conversation lookups when the integration\'s role lacks conversation:communication:view, as an org would', async () => {
    await client.request('PUT', `/api/v2/authorization/roles/${conversationApi.roleId}`, {
      body: { name: 'GetConversationDetailsPublicAPI role', permissionPolicies: [{ domain: 'analytics', entityName: 'conversationDetail', actionSet: ['view'] }] },
    });
    const u = users[7]!;
    await setPresence(client, u.id, PRESENCE.Available);
    const conv = await ctl.post<{ conversationId: string }>('calls', { userId: u.id });
    await ctl.post(`calls/${conv.conversationId}/answer`);
    await ctl.post('clock', { advanceSeconds: 30 });
    expect(await systemPresence(client, u.id)).toBe('Available');
    const [busy] = await executions(ctl, { userId: u.id });
    const lookup = busy!.steps.find((s) => s.action === 'callData' && String(s.detail?.dataAction).includes('Inbound'))!;
    expect(lookup.detail?.outcome).toBe('failure');
    expect(lookup.detail?.error).toMatchObject({ status: 403, errorCode: 'FORBIDDEN' });
    expect(String((lookup.detail?.error as { userMessage: string }).userMessage)).toContain('conversation:communication:view');
    await ctl.post(`calls/${conv.conversationId}/end`);
  });
});
