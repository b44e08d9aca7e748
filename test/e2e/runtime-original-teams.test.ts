import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import { simulateTeamsStatus } from '../../src/simulate/drive.js';
import {
  controlOf,
  dataActionCalls,
  executions,
  PRESENCE,
  setPresence,
  setupOriginalTeams,
  someUsers,
  systemPresence,
} from '../helpers/simulate.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/** The original Teams → Genesys Cloud presence blueprint as its Terraform deploys it (see `setupOriginalTeams`). */
describeSandbox('simulated Teams events', 'original Teams presence blueprint in the sandbox', () => {
  let t: TestTarget;
  let client: GenesysClient;
  let ctl: SandboxControl;
  let users: Array<{ id: string }>;
  let flowId: string;

  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-03-02T09:00:00.000Z', users: 8 });
    client = await t.client();
    ctl = controlOf(t);
    ({ flowId } = await setupOriginalTeams(client));
    users = await someUsers(client, 5);
  });
  afterAll(() => t?.close());

  it('maps Teams DoNotDisturb to Busy through the data table', async () => {
    const u = users[0]!;
    await setPresence(client, u.id, PRESENCE.Available);
    await simulateTeamsStatus(ctl, u.id, 'DoNotDisturb');
    expect(await systemPresence(client, u.id)).toBe('Busy');
    const [run] = await executions(ctl, { userId: u.id });
    expect(run!.trigger?.name).toBe('MS Teams presence');
    expect(run!.inputs).toMatchObject({ 'Flow.userId': u.id, 'Flow.message': 'DoNotDisturb', 'Flow.source': 'MICROSOFTTEAMS' });
    const lookup = run!.steps.find((s) => s.action === 'dataTableLookup')!;
    expect(lookup.detail).toMatchObject({ dataTable: 'MsTeamsPresenceMappings', key: 'DoNotDisturb', outcome: 'found' });
  });

  it('maps BeRightBack to Away and Offline to Offline, as the table says', async () => {
    const u = users[1]!;
    await setPresence(client, u.id, PRESENCE.Available);
    await simulateTeamsStatus(ctl, u.id, 'BeRightBack');
    expect(await systemPresence(client, u.id)).toBe('Away');
    await simulateTeamsStatus(ctl, u.id, 'OffWork');
    expect(await systemPresence(client, u.id)).toBe('Offline');
  });

  it('leaves presence alone for a Teams value the table lacks (no fallback in the original)', async () => {
    const u = users[2]!;
    await setPresence(client, u.id, PRESENCE.Available);
    await simulateTeamsStatus(ctl, u.id, 'OutOfOffice');
    expect(await systemPresence(client, u.id)).toBe('Available');
    const [run] = await executions(ctl, { userId: u.id });
    expect(run!.steps.find((s) => s.action === 'dataTableLookup')!.detail).toMatchObject({ outcome: 'notFound' });
  });

  it('knocks an On Queue agent off queue: its get-presence output is bound to nothing, so the guard never fires (blueprints.md §3.4)', async () => {
    const u = users[3]!;
    await setPresence(client, u.id, PRESENCE['On Queue']);
    await simulateTeamsStatus(ctl, u.id, 'DoNotDisturb');
    expect(await systemPresence(client, u.id)).toBe('Busy');
    const [run] = await executions(ctl, { userId: u.id });
    const decisions = run!.steps.filter((s) => s.action === 'decision').map((s) => s.detail?.result);
    // Source check: yes; "On Queue" check: no — although the agent was On Queue.
    expect(decisions).toEqual(['yes', 'no']);
    expect(dataActionCalls(run!).map((c) => c.dataAction)).toEqual([
      'Update Genesys Cloud User Presence Action / Get Genesys Cloud User Presence',
      'Update Genesys Cloud User Presence Action / GC User Presence Update',
    ]);
  });

  it('ignores integration presence from another source (the trigger does not match)', async () => {
    const u = users[4]!;
    await setPresence(client, u.id, PRESENCE.Available);
    const res = await ctl.post<{ matchedTriggers: unknown[]; executions: unknown[] }>('events', {
      topicName: 'v2.users.{id}.integrationpresence',
      body: { userId: u.id, source: 'ZOOM', message: 'DoNotDisturb' },
    });
    expect(res.matchedTriggers).toEqual([]);
    expect(await executions(ctl, { userId: u.id })).toEqual([]);
    expect(await systemPresence(client, u.id)).toBe('Available');
  });
});
