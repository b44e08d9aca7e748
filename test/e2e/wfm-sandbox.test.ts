import platformClient from 'purecloud-platform-client-v2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/** The sandbox's Workforce Management API through the official SDK, as the pre-break job and the wizard see it. */
const NOW = '2026-03-02T09:45:00Z';
type Schedules = { agentSchedules: Array<{ user: { id: string }; shifts: Array<{ startDate: string; lengthMinutes: number; activities: Array<{ startDate: string; lengthMinutes: number; activityCodeId: string }> }> }>; businessUnitTimeZone: string };
type Answer = { status: string; operationId?: string; result?: Schedules; downloadUrl?: string };

describeSandbox('seeded WFM org and event bus', 'sandbox workforce management', () => {
  let t: TestTarget;
  let client: GenesysClient;
  let wfm: InstanceType<typeof platformClient.WorkforceManagementApi>;
  beforeAll(async () => {
    t = await openTestTarget({ now: NOW, wfmAgents: 1500, wfmManagementUnits: 5 });
    client = await t.client();
    wfm = client.api(platformClient.WorkforceManagementApi);
  });
  afterAll(() => t?.close());

  const range = { startDate: '2026-03-02T00:00:00Z', endDate: '2026-03-03T00:00:00Z' };

  it('lists business units and management units with time zones, linked both ways', async () => {
    const bus = (await wfm.getWorkforcemanagementBusinessunits()) as { entities: Array<{ id: string; name: string }> };
    expect(bus.entities).toHaveLength(2);
    const mus = (await wfm.getWorkforcemanagementManagementunits()) as { entities: Array<{ id: string; timeZone: string; businessUnit: { id: string } }> };
    expect(mus.entities).toHaveLength(5);
    expect(new Set(mus.entities.map((m) => m.timeZone)).size).toBe(5);
    const first = (await wfm.getWorkforcemanagementBusinessunitManagementunits(mus.entities[0]!.businessUnit.id)) as { entities: Array<{ id: string }> };
    expect(first.entities.map((m) => m.id)).toContain(mus.entities[0]!.id);
    const users = (await wfm.getWorkforcemanagementManagementunitUsers(mus.entities[0]!.id)) as { entities: Array<{ id: string }> };
    expect(users.entities).toHaveLength(300);
  });

  it('serves activity codes by category, with generated ids (never the literal "1"/"2")', async () => {
    const bu = ((await wfm.getWorkforcemanagementBusinessunits()) as { entities: Array<{ id: string }> }).entities[0]!;
    const codes = ((await wfm.getWorkforcemanagementBusinessunitActivitycodes(bu.id)) as { entities: Array<{ id: string; name: string; category: string }> }).entities;
    expect(codes.map((c) => c.category)).toEqual(expect.arrayContaining(['OnQueueWork', 'Break', 'Meal', 'Meeting', 'Training', 'OffQueueWork', 'TimeOff', 'Unavailable']));
    expect(codes.filter((c) => c.category === 'Break').map((c) => c.name).sort()).toEqual(['Break', 'Coffee Break']);
    expect(codes.some((c) => c.id === '1' || c.id === '2')).toBe(false);
  });

  it('answers a small search inline with shifts of breaks, meals and on-queue work, some breaks within 15 minutes', async () => {
    const mu = ((await wfm.getWorkforcemanagementManagementunits()) as { entities: Array<{ id: string }> }).entities[0]!;
    const res = (await wfm.postWorkforcemanagementManagementunitAgentschedulesSearch(mu.id, range)) as Answer;
    expect(res.status).toBe('Complete');
    expect(res.result!.agentSchedules).toHaveLength(300);
    const now = Date.parse(NOW);
    const starts = res.result!.agentSchedules.flatMap((a) => a.shifts.flatMap((s) => s.activities.map((x) => Date.parse(x.startDate))));
    expect(starts.some((s) => s > now && s <= now + 15 * 60_000)).toBe(true);
    for (const a of res.result!.agentSchedules)
      for (const s of a.shifts) expect(s.activities.reduce((n, x) => n + x.lengthMinutes, 0)).toBe(s.lengthMinutes);
    // Deterministic: the same question gets the same answer.
    const again = (await wfm.postWorkforcemanagementManagementunitAgentschedulesSearch(mu.id, range)) as Answer;
    expect(again.result).toEqual(res.result);
  });

  it('hands a large answer out through a download URL serving the same JSON', async () => {
    const bu = ((await wfm.getWorkforcemanagementBusinessunits()) as { entities: Array<{ id: string }> }).entities[0]!;
    const res = (await wfm.postWorkforcemanagementBusinessunitAgentschedulesSearch(bu.id, range)) as Answer;
    expect(res).toMatchObject({ status: 'Complete' });
    expect(res.result).toBeUndefined();
    const body = JSON.parse((await client.fetchUrl(res.downloadUrl!)).text) as Schedules;
    expect(body.agentSchedules).toHaveLength(1200);
    const mu = ((await wfm.getWorkforcemanagementManagementunits()) as { entities: Array<{ id: string }> }).entities[0]!;
    const forced = (await wfm.postWorkforcemanagementManagementunitAgentschedulesSearch(mu.id, range, { forceDownloadService: true })) as Answer;
    const inline = (await wfm.postWorkforcemanagementManagementunitAgentschedulesSearch(mu.id, range)) as Answer;
    expect(JSON.parse((await client.fetchUrl(forced.downloadUrl!)).text)).toEqual(inline.result);
  });

  it('answers forceAsync with Processing, completes the operation, and announces it on the bus', async () => {
    const mu = ((await wfm.getWorkforcemanagementManagementunits()) as { entities: Array<{ id: string }> }).entities[0]!;
    const userIds = ((await wfm.getWorkforcemanagementManagementunitUsers(mu.id)) as { entities: Array<{ id: string }> }).entities.slice(0, 3).map((u) => u.id);
    const res = (await wfm.postWorkforcemanagementManagementunitAgentschedulesSearch(mu.id, { ...range, userIds }, { forceAsync: true })) as Answer;
    expect(res.status).toBe('Processing');
    expect(res.result).toBeUndefined();
    let polled: Answer;
    for (;;) {
      polled = await client.request<Answer>('GET', `/sandbox/v1/workforcemanagement/operations/${res.operationId}`);
      if (polled.status !== 'Processing') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(polled.status).toBe('Complete');
    const body = JSON.parse((await client.fetchUrl(polled.downloadUrl!)).text) as Schedules;
    expect(body.agentSchedules.map((a) => a.user.id)).toEqual(userIds);
    const event = t.sandbox!.ctx.bus.history.find((e) => e.topicName === 'v2.workforcemanagement.users.{id}.schedules.search' && e.body.operationId === res.operationId);
    expect(event?.body).toMatchObject({ operationId: res.operationId, downloadUrl: polled.downloadUrl });
  });

  it('refuses a search without dates, and an unknown management unit, as Genesys does', async () => {
    const mu = ((await wfm.getWorkforcemanagementManagementunits()) as { entities: Array<{ id: string }> }).entities[0]!;
    const bad = await wfm.postWorkforcemanagementManagementunitAgentschedulesSearch(mu.id, { startDate: range.startDate } as never).catch((e: unknown) => e);
    expect(bad).toBeInstanceOf(GenesysError);
    expect((bad as GenesysError).status).toBe(400);
    const missing = await wfm.postWorkforcemanagementManagementunitAgentschedulesSearch('00000000-0000-4000-8000-000000000000', range).catch((e: unknown) => e);
    expect((missing as GenesysError).status).toBe(404);
  });

  it('checks the catalog permissions: a client without WFM rights cannot search schedules', async () => {
    const role = await client.request<{ id: string }>('POST', '/api/v2/authorization/roles', {
      body: { name: 'wfm-less', permissionPolicies: [{ domain: 'presence', entityName: 'userPresence', actionSet: ['edit'] }] },
    });
    const home = await client.request<{ id: string }>('GET', '/api/v2/authorization/divisions/home');
    const oc = await client.request<{ id: string; secret: string }>('POST', '/api/v2/oauth/clients', {
      body: { name: 'wfm-less client', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: role.id, divisionId: home.id }] },
    });
    const weak = await t.client({ clientId: oc.id, clientSecret: oc.secret });
    const mu = ((await wfm.getWorkforcemanagementManagementunits()) as { entities: Array<{ id: string }> }).entities[0]!;
    const err = await weak.api(platformClient.WorkforceManagementApi).postWorkforcemanagementManagementunitAgentschedulesSearch(mu.id, range).catch((e: unknown) => e);
    expect((err as GenesysError).status).toBe(403);
    expect((err as GenesysError).missingPermissions).toEqual(expect.arrayContaining(['wfm:publishedSchedule:view']));
  });
});
