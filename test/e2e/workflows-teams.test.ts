import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import type { Execution } from '../../src/simulate/types.js';
import { importAction } from '../../src/engine/import/import-action.js';
import { importWorkflowFile } from '../../src/engine/import/import-workflow.js';
import { controlOf, createCallMemoryTable, createDataActionsIntegration, createDataTableFromCsv, POLICY_ACTION_FILES, POLICY_PERMISSIONS, createTrigger, dataActionCalls, executions, PRESENCE, setPresence, someUsers, systemPresence, TEAMS } from '../helpers/simulate.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * Our Teams → Genesys Cloud presence workflow (workflows/teams-presence-sync.yaml), fed the
 * integration-presence events Genesys's Microsoft Teams integration publishes, next to the
 * original blueprint's Terraform YAML (whose On Queue guard never fires).
 */
const ROOT = resolve(process.cwd());
const INTEGRATION = 'Update Genesys Cloud User Presence';
const TABLE = 'MsTeamsPresenceMappings';
const FLOW = 'Microsoft Teams Integration Presence Trigger';
const TOPIC = 'v2.users.{id}.integrationpresence';

describe.skipIf(LIVE)('our Teams presence workflow, run by the sandbox', () => {
  let t: TestTarget;
  let c: GenesysClient;
  let ctl: SandboxControl;
  let users: Array<{ id: string }>;
  let next = 0;
  let user: { id: string };
  let set: Record<string, string>;

  const teams = (message: string, source = 'MICROSOFTTEAMS') =>
    ctl.post('events', { topicName: TOPIC, body: { userId: user.id, source, message, eventType: 'PresenceActivity', modifiedDate: '2026-01-05T09:00:00.000Z' } });
  const presenceNow = () => systemPresence(c, user.id);
  const runs = async (flowName = FLOW): Promise<Execution[]> => executions(ctl, { flowName, userId: user.id });
  const called = (e: Execution) => dataActionCalls(e).map((x) => x.dataAction.split(' / ').pop()!);

  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-01-05T09:00:00.000Z' });
    c = await t.client();
    ctl = controlOf(t);
    await createDataActionsIntegration(c, INTEGRATION, [{ domain: 'presence', entityName: 'userPresence', actionSet: ['*'] }, ...POLICY_PERMISSIONS]);
    for (const file of ['gc-user-presence-update.custom.json', 'get-user-presence.custom.json', 'get-user-active-calls.custom.json', ...POLICY_ACTION_FILES]) await importAction(c, { file: join(ROOT, 'data-actions', file), integration: INTEGRATION });
    await createDataTableFromCsv(c, TABLE, readFileSync(join(TEAMS, 'MsTeamsPresenceMappings.csv'), 'utf8'));
    // The presence policy's defaults (Offline is protected: see the OffWork test) and its call memory.
    set = { presenceIntegrationName: INTEGRATION, mappingTableName: TABLE, fallbackPresenceId: PRESENCE.Away, busyPresenceId: PRESENCE.Busy, ...(await createCallMemoryTable(c)) };
    const ours = await importWorkflowFile(c, { file: join(ROOT, 'workflows/teams-presence-sync.yaml'), set });
    await createTrigger(c, { name: 'Teams presence', topicName: TOPIC, flowId: ours.flow!.id, matchCriteria: [{ jsonPath: 'source', operator: 'Equal', value: 'MICROSOFTTEAMS' }] });
    users = await someUsers(c, 12);
  });
  afterAll(() => t?.close());

  beforeEach(async () => {
    user = users[next++]!;
    await setPresence(c, user.id, PRESENCE.Available);
  });

  it.each([
    ['DoNotDisturb', 'Busy'],
    ['InAMeeting', 'Busy'],
    ['BeRightBack', 'Away'],
  ])('Teams %s maps through the data table to %s', async (message, expected) => {
    await teams(message);
    expect(await presenceNow()).toBe(expected);
  });

  it('Teams Offline does not move a user into Offline: the presence policy protects it (a user put there could not be moved out)', async () => {
    await teams('Offline');
    expect(await presenceNow()).toBe('Available');
    const [run] = await runs();
    expect(run!.steps.filter((x) => x.action === 'endWorkflow').map((x) => x.name)).toEqual(['Held By Policy (Protected Target)']);
  });

  it('a Teams status the table does not list gets the fallback presence', async () => {
    await teams('OutOfOffice');
    expect(await presenceNow()).toBe('Away');
  });

  it('writes nothing when the user already has the mapped presence (no echo)', async () => {
    await setPresence(c, user.id, PRESENCE.Busy);
    await teams('DoNotDisturb');
    await teams('Busy');
    expect(await presenceNow()).toBe('Busy');
    const all = await runs();
    expect(all).toHaveLength(2);
    // Read the presence (system presences: their labels are their names, nothing more to read); no call memory; no write.
    for (const r of all) expect(called(r)).toEqual(['Get Genesys Cloud User Presence']);
  });

  it('never changes an On Queue agent — where the original Terraform YAML does', async () => {
    await setPresence(c, user.id, PRESENCE['On Queue']);
    await teams('DoNotDisturb');
    expect(await presenceNow()).toBe('On Queue');
    const [ours] = await runs();
    expect(called(ours!)).toEqual(['Get Genesys Cloud User Presence']);

    // The blueprint's own YAML, run on the same event, knocks the agent off queue (blueprints.md §3.4).
    const original = await importWorkflowFile(c, {
      file: join(TEAMS, 'ms-teams-integrations-presence-trigger.yaml'),
      set: { flow_name: 'Original Teams Presence Trigger', division: 'Home', default_language: 'en-us', data_action_category: INTEGRATION, data_action_name_1: 'GC User Presence Update', data_action_name_2: 'Get Genesys Cloud User Presence', data_table: TABLE },
    });
    await ctl.post(`workflows/${original.flow!.id}/run`, { inputs: { 'Flow.userId': user.id, 'Flow.source': 'MICROSOFTTEAMS', 'Flow.message': 'DoNotDisturb' } });
    expect(await presenceNow()).toBe('Busy');
  });

  it('ignores events from other presence sources', async () => {
    const flowId = (await c.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/flows', { query: { type: 'workflow', name: FLOW } })).entities.find((f) => f.name === FLOW)!.id;
    await ctl.post(`workflows/${flowId}/run`, { inputs: { 'Flow.userId': user.id, 'Flow.source': 'PURECLOUD', 'Flow.message': 'DoNotDisturb' } });
    expect(await presenceNow()).toBe('Available');
    const [run] = await runs();
    expect(run!.status).toBe('COMPLETED');
    expect(called(run!)).toEqual([]);
  });

  it('with an empty fallback, an unlisted Teams status leaves the presence alone', async () => {
    await importWorkflowFile(c, { file: join(ROOT, 'workflows/teams-presence-sync.yaml'), set: { ...set, fallbackPresenceId: '' } });
    await teams('PresenceUnknown');
    expect(await presenceNow()).toBe('Available');
    const [run] = await runs();
    expect(called(run!)).toEqual(['Get Genesys Cloud User Presence']);
  });
});
