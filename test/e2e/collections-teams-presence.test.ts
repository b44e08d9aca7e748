import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { loadBlueprints } from '../../src/engine/blueprints.js';
import { controlOf, PRESENCE, setPresence, someUsers, systemPresence } from '../helpers/simulate.js';
import { inventory, LIVE, openTestTarget, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';
import { added, fullCycle, INVENTORY_KIND, readCollection, runCollection, sandboxEnvironment, writes, type Inventory } from './collections-harness.js';

const BLUEPRINT = 'teams-presence';
const BLUEPRINT_FLOW = 'Microsoft Teams Integration Presence Trigger';
const MEETING = 'bbdff279-7ae1-48ea-bade-7831d7234c64';

/**
 * The Teams collection in an org that already has the presence role and OAuth client (made by
 * hand, as the original guide has admins do): they are used, not duplicated, and never deleted;
 * the client's secret, which nobody can read back, is issued anew for the credential. The
 * environment's mapping and fallback reach the org: a Teams event run by the sandbox proves it.
 */
describe.skipIf(LIVE)(`the ${BLUEPRINT} collection in an org that has part of it (${SANDBOX_ONLY})`, () => {
  let t: TestTarget;
  let c: GenesysClient;
  let baseline: Inventory;
  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-01-05T09:00:00.000Z' });
    c = await t.client();
    const home = await c.request<{ id: string }>('GET', '/api/v2/authorization/divisions/home');
    const role = await c.request<{ id: string }>('POST', '/api/v2/authorization/roles', {
      body: { name: 'Presence API Admin', permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }] },
    });
    await c.request('POST', '/api/v2/oauth/clients', {
      body: { name: 'Presence Public API', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: role.id, divisionId: home.id }] },
    });
    baseline = await inventory(t);
  });
  afterAll(() => t?.close());

  it('uses the existing role and client, issues the client a new secret for the credential, and Teardown leaves them', async () => {
    const collection = readCollection(BLUEPRINT);
    // An admin's choices in the environment: Focusing → Meeting, anything unlisted → Away.
    const environment = sandboxEnvironment(t.sandbox!, { 'teamsPresenceMapping.Focusing': MEETING, fallbackPresenceId: PRESENCE.Away });

    const setup = await runCollection(collection, { environment, folder: 'Setup' });
    expect(setup.failures).toEqual([]);
    const want: Record<string, string[]> = {};
    for (const n of loadBlueprints({ blueprints: [BLUEPRINT] }).nodes) {
      const kind = INVENTORY_KIND[n.kind];
      if (kind && n.kind !== 'role' && n.kind !== 'oauth-client') (want[kind] ??= []).push(n.name);
    }
    const mapping = Object.keys(loadBlueprints({ blueprints: [BLUEPRINT] }).variables.teamsPresenceMapping as Record<string, string>);
    for (const names of Object.values(want)) names.sort();
    want.datatableRows = [...mapping].sort();
    for (const k of Object.keys(want)) want[k]!.sort();
    expect(added(baseline, await inventory(t))).toEqual(want);
    expect(setup.executed.filter((e) => e.url.endsWith('/secret')).map((e) => `${e.method} ${e.code}`)).toEqual(['POST 200']);

    // The workflow runs with the environment's values, through the credential holding the new secret.
    const ctl = controlOf(t);
    const [alice, bob] = await someUsers(c, 2);
    for (const [user, message, expected] of [
      [alice!, 'Focusing', 'Meeting'],
      [bob!, 'OutOfOffice', 'Away'],
    ] as const) {
      await setPresence(c, user.id, PRESENCE.Available);
      await ctl.post('events', { topicName: 'v2.users.{id}.integrationpresence', body: { userId: user.id, source: 'MICROSOFTTEAMS', message, eventType: 'PresenceActivity' } });
      expect(await systemPresence(c, user.id)).toBe(expected);
    }

    // The admin changes one mapping in the environment: a second Setup rewrites that row only.
    const remapped = sandboxEnvironment(t.sandbox!, { 'teamsPresenceMapping.Focusing': PRESENCE.Busy, fallbackPresenceId: PRESENCE.Away });
    const again = await runCollection(collection, { environment: remapped, globals: setup.globals, folder: 'Setup' });
    expect(again.failures).toEqual([]);
    expect(writes(again).map((e) => `${e.method} ${e.item}`)).toEqual(['PUT Row “Focusing” of data table “MsTeamsPresenceMappings”']);
    const table = (await inventory(t)).datatables!.find((x) => x.name === 'MsTeamsPresenceMappings')!;
    const row = await c.request<Record<string, string>>('GET', `/api/v2/flows/datatables/${table.id}/rows/Focusing`, { query: { showbrief: false } });
    expect(row.GenesysCloudPresenceId).toBe(PRESENCE.Busy);

    const teardown = await runCollection(collection, { environment, globals: again.globals, folder: 'Teardown' });
    expect(teardown.failures).toEqual([]);
    const after = await inventory(t);
    // The hand-made role and client stay; what Setup created is gone (the table with its rows). The
    // sandbox's record of the two workflow runs above is all that is left.
    expect(added(baseline, after)).toEqual({ executions: [BLUEPRINT_FLOW, BLUEPRINT_FLOW] });
    expect(after.roles!.map((r) => r.name)).toContain('Presence API Admin');
    expect(after.oauthClients!.map((r) => r.name)).toContain('Presence Public API');
    expect(teardown.executed.filter((e) => e.method === 'DELETE').map((e) => e.item)).not.toContain('Delete role “Presence API Admin”');
  });
});

describe.skipIf(LIVE)(`the ${BLUEPRINT} collection under newman against an empty sandbox (${SANDBOX_ONLY})`, () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await openTestTarget();
  });
  afterAll(() => t?.close());

  it('Setup passes and leaves exactly the blueprint’s resources (the table with every mapping row); Teardown removes them; a second full run passes; a third writes nothing', async () => {
    await fullCycle(t, BLUEPRINT, expect);
  });
});
