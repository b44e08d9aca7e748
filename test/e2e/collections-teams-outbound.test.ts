import { afterAll, beforeAll, expect, it } from 'vitest';
import { simulateCall } from '../../src/simulate/drive.js';
import { controlOf, someUsers } from '../helpers/simulate.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';
import { readCollection, runCollection, sandboxEnvironment } from './collections-harness.js';

/**
 * The teams-presence-outbound collection, run by newman against the sandbox with the admin's
 * Entra app in the environment (tenant, client id, and the client secret as a secret value):
 * after Setup, an ACD call shows in Teams through the collection's Graph integration.
 */
describeSandbox('Microsoft Graph', 'the teams-presence-outbound collection', () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-01-05T09:00:00.000Z' });
  });
  afterAll(() => t?.close());

  it('sets the Graph auth action up through a draft, and an ACD call then shows in Teams', async () => {
    const ctl = controlOf(t);
    const app = await ctl.get<{ tenantId: string; clientId: string; clientSecret: string }>('graph/app');
    const environment = sandboxEnvironment(t.sandbox!, { graphTenantId: app.tenantId, graphClientId: app.clientId, PRESENCE_KIT_GRAPH_CLIENT_SECRET: app.clientSecret });
    const setup = await runCollection(readCollection('teams-presence-outbound'), { environment, folder: 'Setup' });
    expect(setup.failures).toEqual([]);
    expect(setup.executed.filter((e) => /customAuth_-_/.test(e.url)).map((e) => `${e.method} ${e.code}`)).toEqual(['POST 200', 'GET 200', 'PATCH 200', 'POST 200']);

    const c = await t.client();
    const [user] = await someUsers(c, 1);
    const since = (await ctl.get<{ now: string }>('clock')).now;
    await simulateCall(ctl, { userId: user!.id, queueId: '5a1d0e5e-0000-4000-8000-00000000acd0', answerAfterSeconds: 5, durationSeconds: 30, settleSeconds: 5 });
    const messages = (await ctl.get<{ entities: Array<{ body: { message: string } }> }>('events', { topic: `v2.users.${user!.id}.integrationpresence`, since })).entities.map((e) => e.body.message);
    expect(messages).toEqual(['Presenting', 'Available']);
  });
});
