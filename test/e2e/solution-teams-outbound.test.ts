import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_PRESENCE_IDS as P } from '../../src/model/presence.js';
import { simulateCall, simulateTeamsStatus } from '../../src/simulate/drive.js';
import { plan, status } from '../../src/engine/index.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { describeSandbox, PRODUCTION, WORST_DAY_SETTLE_MS } from '../helpers/target.js';

/**
 * Both directions in one org: teams-presence (Teams → Genesys) and teams-presence-outbound
 * (Genesys interactions → Teams, through presence-kit's Graph application session), applied by
 * the engine against the sandbox, whose Microsoft Graph and Teams integration close the loop.
 */
const QUEUE = 'b1a3c3a2-5f4e-4c1e-9d7a-0c0ffee0a11a';
const SECRET_ENV = 'PRESENCE_KIT_GRAPH_CLIENT_SECRET';

interface GraphApp {
  tenantId: string;
  clientId: string;
  clientSecret: string;
}

describeSandbox('Microsoft Graph and Teams integration', 'teams-presence and teams-presence-outbound together', () => {
  let s: Solution;
  let app: GraphApp;

  const teamsOf = (userId: string) => s.ctl.get<{ availability: string; activity: string }>(`graph/users/${userId}/presence`);
  const integrationMessages = async (userId: string, since: string) =>
    (await s.ctl.get<{ entities: Array<{ body: { message: string } }> }>('events', { topic: `v2.users.${userId}.integrationpresence`, since })).entities.map((e) => e.body.message);
  // On Genesys's worst day the end's echo comes back after the end event, the outbound run and Teams's propagation (≤ 5 s here: openSolution).
  const settleSeconds = PRODUCTION ? 5 + WORST_DAY_SETTLE_MS / 1000 + 5 : 5;
  const acdCall = (userId: string, durationSeconds = 60) => simulateCall(s.ctl, { userId, queueId: QUEUE, answerAfterSeconds: 5, durationSeconds, settleSeconds });

  beforeAll(async () => {
    s = await openSolution(['communicate-call', 'teams-presence', 'teams-presence-outbound']);
    app = await s.ctl.get<GraphApp>('graph/app');
    process.env[SECRET_ENV] = app.clientSecret;
    // Presenting → Meeting: were the echo of the kit's DoNotDisturb session taken for the person's
    // own status, the user would end up in Meeting, which the Communicate-call end never undoes.
    await s.applyBlueprints([`graphTenantId=${app.tenantId}`, `graphClientId=${app.clientId}`, 'includeCommunicateCalls=true', `teamsPresenceMapping.Presenting=${P.Meeting}`]);
  });
  afterAll(async () => {
    delete process.env[SECRET_ENV];
    await s?.close();
  });

  it('an ACD interaction turns Teams DoNotDisturb and back; the echo leaves the Genesys presence alone', async () => {
    const u = await s.freshUser(P['On Queue']);
    await acdCall(u.id);
    // Teams showed the kit's session (DoNotDisturb/Presenting), then the person's own Available again.
    expect(await integrationMessages(u.id, u.since)).toEqual(['Presenting', 'Available']);
    expect(await teamsOf(u.id)).toMatchObject({ availability: 'Available', activity: 'Available' });
    // Both echoes reached the Teams → Genesys sync, which changed nothing (on Genesys's worst day an
    // echo may be delivered twice, and runs twice: still nothing).
    const runs = await s.runsOf(u.id, 'Microsoft Teams Integration Presence Trigger');
    if (PRODUCTION) expect(runs.length).toBeGreaterThanOrEqual(2);
    else expect(runs).toHaveLength(2);
    expect(await s.changesSince(u.id, u.since)).toEqual([]);
  });

  it('a Communicate call: Busy when answered and Available at the end, by communicate-call alone; Teams shows it, and its echo changes nothing', async () => {
    const u = await s.freshUser(P.Available);
    await simulateCall(s.ctl, { userId: u.id, answerAfterSeconds: 10, durationSeconds: 60, settleSeconds: 10 });
    expect((await s.changesSince(u.id, u.since)).map((c) => c.systemPresence)).toEqual(['Busy', 'Available']);
    expect(await integrationMessages(u.id, u.since)).toEqual(['Presenting', 'Available']);
    // The sync saw both; the first it recognised as the call's own echo and ended at once (the
    // second, Teams back to Available as the call ends, may race the call's own restore to the
    // same Available: one change either way).
    const syncRuns = await s.actionsOf(u.id, 'Microsoft Teams Integration Presence Trigger');
    // On Genesys's worst day an echo may be delivered twice, and run twice: still one change each way (above).
    if (PRODUCTION) expect(syncRuns.length).toBeGreaterThanOrEqual(2);
    else expect(syncRuns).toHaveLength(2);
    expect(syncRuns[0]).toEqual(['Get Genesys Cloud User Active Calls']);
  });

  it('a person\'s own Teams call (InACall) with no Genesys call still reaches Genesys through the mapping', async () => {
    const u = await s.freshUser(P.Available);
    await simulateTeamsStatus(s.ctl, u.id, 'InACall');
    expect((await s.changesSince(u.id, u.since)).map((c) => c.systemPresence)).toEqual(['Busy']);
  });

  it('a Teams status the person picks during the interaction wins over the kit\'s session, and stays after it', async () => {
    const v = await s.freshUser(P['On Queue']);
    const { conversationId } = await s.ctl.post<{ conversationId: string }>('calls', { userId: v.id, direction: 'inbound', queueId: QUEUE });
    // Long enough, on the worst day, for the kit's session to reach Teams and its echo Genesys.
    await s.advance(PRODUCTION ? settleSeconds : 5);
    expect((await teamsOf(v.id)).availability).toBe('DoNotDisturb');
    await simulateTeamsStatus(s.ctl, v.id, 'Away');
    expect(await teamsOf(v.id)).toMatchObject({ availability: 'Away', activity: 'Away' });
    await s.ctl.post(`calls/${conversationId}/end`);
    await s.advance(settleSeconds);
    expect(await teamsOf(v.id)).toMatchObject({ availability: 'Away', activity: 'Away' });
    expect(await integrationMessages(v.id, v.since)).toEqual(['Presenting', 'Away']);
  });

  it('status and plan need no Entra secret they will not send; a plan that would write the credential still asks for it', async () => {
    delete process.env[SECRET_ENV];
    try {
      const blueprints = ['communicate-call', 'teams-presence', 'teams-presence-outbound'];
      const st = await status({ client: s.client, workDir: s.workDir });
      expect(st.resources.find((r) => r.kind === 'credential' && r.name === 'Microsoft Graph Presence Credentials')?.status).toBe('in-sync');
      const p = await plan({ client: s.client, workDir: s.workDir, blueprints });
      expect(p.summary).toMatchObject({ create: 0, update: 0 });
      // Another Entra app id rewrites the credential: that apply would send the secret, so its plan asks.
      await expect(plan({ client: s.client, workDir: s.workDir, blueprints, set: ['graphClientId=00000000-0000-4000-8000-000000000001'] })).rejects.toThrow(/set PRESENCE_KIT_GRAPH_CLIENT_SECRET/);
    } finally {
      process.env[SECRET_ENV] = app.clientSecret;
    }
  });
});
