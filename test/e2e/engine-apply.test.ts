import { mkdtempSync, readFileSync, statSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { apply, plan, planDestroy, status } from '../../src/engine/index.js';
import { PreBreakCredentialsSchema } from '../../src/model/pre-break-credentials.js';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';
import { live } from '../helpers/duplicates.js';
import { SHIPPED_RESOURCES } from '../helpers/shipped.js';
import { inventory, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The three blueprints end to end against a fresh sandbox, through the real SDK: from empty to
 * deployed, a second apply that writes nothing, status, and a teardown that leaves the org exactly
 * as it was — including a role an admin made by hand.
 */
describe('engine: apply all three blueprints, re-apply, destroy', () => {
  let t: TestTarget;
  let client: GenesysClient;
  let workDir: string;
  let before: Awaited<ReturnType<typeof inventory>>;
  let handMadeRoleId: string;

  beforeAll(async () => {
    t = await openTestTarget();
    client = await t.client();
    workDir = mkdtempSync(join(tmpdir(), 'pk-engine-'));
    const role = await client.request<{ id: string }>('POST', '/api/v2/authorization/roles', {
      body: { name: 'Supervisors (made by hand)', permissionPolicies: [{ domain: 'presence', entityName: 'userPresence', actionSet: ['view'] }] },
    });
    handMadeRoleId = role.id;
    before = await inventory(t);
  });
  afterAll(() => t.close());

  const names = (inv: Awaited<ReturnType<typeof inventory>>, kind: string) => (inv[kind] ?? []).map((e) => e.name).sort();

  it('creates every resource of the three blueprints, in dependency order, from an empty org', async () => {
    const p = await plan({ client, workDir });
    expect(p.blueprints).toEqual(['communicate-call', 'pre-break', 'teams-presence']);
    expect(p.summary).toMatchObject({ create: SHIPPED_RESOURCES, update: 0, adopt: 0, delete: 0 });
    const order = p.steps.map((s) => `${s.kind}:${s.name}`);
    expect(order.indexOf('oauth-client:Presence Public API')).toBeGreaterThan(order.indexOf('role:Presence API Admin'));
    expect(order.indexOf('trigger:GC Communicate Call User Start')).toBeGreaterThan(order.indexOf('workflow:Set GC User to Busy'));

    const r = await apply(p);
    expect(r.steps.every((s) => s.performed === 'create')).toBe(true);

    const inv = await inventory(t);
    expect(names(inv, 'roles')).toEqual(
      ['ConversationReadPublic API Admin', 'Master Admin', 'Pre-Break Presence Job', 'Presence API Admin', 'Process Automation Trigger Admin', 'Supervisors (made by hand)'].sort(),
    );
    const role = (n: string) => inv.roles!.find((x) => x.name === n)!;
    // Least privilege: exactly what the data actions call (test/unit/engine-least-privilege.test.ts).
    expect([...(role('Presence API Admin').permissions as string[])].sort()).toEqual(['architect:datatableRow:add', 'architect:datatableRow:delete', 'architect:datatableRow:edit', 'presence:presenceDefinition:view', 'presence:userPresence:edit']);
    expect(role('ConversationReadPublic API Admin').permissions).toEqual(['conversation:communication:view']);
    expect(role('Process Automation Trigger Admin').permissions).toEqual(['processautomation:trigger:*']);
    expect([...(role('Pre-Break Presence Job').permissions as string[])].sort()).toEqual(['presence:presenceDefinition:view', 'presence:userPresence:edit', 'wfm:publishedSchedule:view']);

    const clients = inv.oauthClients!;
    expect(clients.find((c) => c.name === 'Presence Public API')!.roleIds).toEqual([role('Presence API Admin').id]);
    expect(clients.find((c) => c.name === 'Pre-Break Presence Job')!.roleIds).toEqual([role('Pre-Break Presence Job').id]);

    expect(names(inv, 'integrations')).toEqual(['GetConversationDetailsPublicAPI', 'Update Genesys Cloud User Presence']);
    for (const i of inv.integrations!) expect(i).toMatchObject({ integrationType: 'purecloud-data-actions', intendedState: 'ENABLED' });
    expect(names(inv, 'actions')).toEqual(
      [
        'GC User Presence Update',
        'Get Genesys Cloud User Active Calls',
        'Get Genesys Cloud User Presence',
        // The presence policy's label read and call memory.
        'Get Genesys Cloud Presence Definition',
        'Add Presence Memory Row',
        'Update Presence Memory Row',
        'Delete Presence Memory Row',
        'GetInboundConversationCallsCheckForUserPickUp',
        'GetOutboundConversationDetailsForPickUp (ConversationDirect)',
      ].sort(),
    );
    const presenceIntegration = inv.integrations!.find((i) => i.name === 'Update Genesys Cloud User Presence')!;
    expect(inv.actions!.find((a) => a.name === 'GC User Presence Update')).toMatchObject({ category: 'Update Genesys Cloud User Presence', integrationId: presenceIntegration.id });

    const flows = inv.flows!;
    expect(names(inv, 'flows')).toEqual(['Microsoft Teams Integration Presence Trigger', 'Set GC User to Available', 'Set GC User to Busy']);
    for (const f of flows) expect(f.publishedVersion).toBeTruthy();

    const triggers = await client.request<{ entities: Array<{ name: string; topicName: string; target: { id: string; workflowTargetSettings?: { dataFormat: string } }; matchCriteria: unknown[]; enabled: boolean }> }>('GET', '/api/v2/processautomation/triggers');
    const trig = (n: string) => triggers.entities.find((x) => x.name === n)!;
    expect(trig('GC Communicate Call User Start')).toMatchObject({
      topicName: 'v2.detail.events.conversation.{id}.user.start',
      enabled: true,
      target: { id: flows.find((f) => f.name === 'Set GC User to Busy')!.id, workflowTargetSettings: { dataFormat: 'TopLevelPrimitives' } },
      matchCriteria: [{ jsonPath: 'queueId', operator: 'Exists', value: false }],
    });
    expect(trig('GC Communicate Call User End')).toMatchObject({ topicName: 'v2.detail.events.conversation.{id}.user.end', target: { id: flows.find((f) => f.name === 'Set GC User to Available')!.id } });
    expect(trig('Microsoft Teams Integration Presence Trigger')).toMatchObject({
      topicName: 'v2.users.{id}.integrationpresence',
      matchCriteria: [{ jsonPath: 'source', operator: 'Equal', value: 'MICROSOFTTEAMS' }],
    });

    const table = inv.datatables!.find((x) => x.name === 'MsTeamsPresenceMappings')!;
    const rows = await client.request<{ entities: Array<Record<string, string>> }>('GET', `/api/v2/flows/datatables/${table.id}/rows`, { query: { showbrief: false, pageSize: 100 } });
    expect(rows.entities).toHaveLength(11);
    expect(rows.entities.find((r) => r.key === 'Focusing')).toMatchObject({ GenesysCloudPresenceId: SYSTEM_PRESENCE_IDS.Busy });

    const preBreak = inv.presenceDefinitions!.find((d) => d.name === 'Pre-Break')!;
    expect(preBreak).toMatchObject({ systemPresence: 'Break', primary: false });
  });

  it('hands each client secret only to where it is needed: the integration credential works, the job file logs in with least privilege', async () => {
    const users = await client.request<{ entities: Array<{ id: string }> }>('GET', '/api/v2/users', { query: { pageSize: 1 } });
    const actions = await client.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/integrations/actions', { query: { pageSize: 100 } });
    const getPresence = actions.entities.find((a) => a.name === 'Get Genesys Cloud User Presence')!;
    // The data action logs in with the credential presence-kit wrote: this works only if the secret reached it.
    const out = await client.request<Record<string, unknown>>('POST', `/api/v2/integrations/actions/${getPresence.id}/execute`, { body: { USER_ID: users.entities[0]!.id } });
    expect(out.systemPresence).toEqual(expect.any(String));

    const file = join(workDir, '.presence-kit', 'pre-break.credentials.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const creds = PreBreakCredentialsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
    expect(creds).toMatchObject({ apiUrl: t.sandbox!.url, presenceDefinitionName: 'Pre-Break' });
    const job = await GenesysClient.connect({ clientId: creds.clientId, clientSecret: creds.clientSecret, gatewayUrl: creds.apiUrl });
    const defs = await job.request<{ entities: Array<{ id: string }> }>('GET', '/api/v2/presence/definitions');
    expect(defs.entities.map((d) => d.id)).toContain(creds.presenceDefinitionId);
    const refused = await job.request('POST', '/api/v2/authorization/roles', { body: { name: 'nope' } }).catch((e: unknown) => e);
    expect((refused as GenesysError).status).toBe(403);

    // No secret in the state file.
    const state = readFileSync(join(workDir, '.presence-kit', 'state.json'), 'utf8');
    expect(statSync(join(workDir, '.presence-kit', 'state.json')).mode & 0o777).toBe(0o600);
    expect(state).not.toContain(creds.clientSecret);
    expect(state).not.toMatch(/"secret"|clientSecret"\s*:\s*"[^$]/);
  });

  it('a second apply changes nothing: zero writes, one list per kind and at most one read per resource', async () => {
    client.stats.reset();
    const p = await plan({ client, workDir });
    expect(p.steps.filter((s) => s.action !== 'noop').map((s) => `${s.kind}:${s.name} ${s.reason}`)).toEqual([]);
    const r = await apply(p);
    expect(r.writes).toBe(0);
    expect(Object.keys(r.calls)).toEqual(['GET']);
    const byEndpoint = client.stats.byEndpoint();
    // Every kind's listing (ownership is read from the org on every run: the state is only a cache), and the org itself.
    const lists = Object.entries(byEndpoint).filter(([k]) => !/\{id\}/.test(k) && !k.endsWith('/organizations/me'));
    // A list per kind, each one page here (the preflight is skipped when there is nothing to write).
    for (const [, n] of lists) expect(n).toBe(1);
    const genesysKinds = 9;
    const resources = p.steps.filter((s) => s.kind !== 'credentials-file').length;
    expect(lists.length).toBeLessThanOrEqual(genesysKinds);
    expect(client.stats.total).toBeLessThanOrEqual(genesysKinds + resources);
  });

  it('status shows every resource deployed and in sync', async () => {
    const s = await status({ client, workDir });
    expect(s.blueprints.map((b) => b.name).sort()).toEqual(['communicate-call', 'pre-break', 'teams-presence']);
    expect(s.inSync).toBe(true);
    expect(s.resources).toHaveLength(SHIPPED_RESOURCES);
  });

  it('destroy deletes exactly what it created and leaves the org as it was before apply', async () => {
    const p = await planDestroy({ client, workDir });
    expect(p.summary.delete).toBe(SHIPPED_RESOURCES);
    expect(p.steps[0]!.kind).toBe('credentials-file');
    expect(p.steps.at(-1)!.kind).toBe('presence-definition');
    await apply(p);
    const after = await inventory(t);
    // Genesys keeps a deleted custom presence, flagged deleted (the legacy API lists it with deleted=true).
    expect(live(after)).toEqual(live(before));
    expect(after.presenceDefinitions!.find((d) => d.name === 'Pre-Break')).toMatchObject({ deleted: true });
    expect(after.roles!.some((r) => r.id === handMadeRoleId)).toBe(true);
    expect(existsSync(join(workDir, '.presence-kit', 'pre-break.credentials.json'))).toBe(false);
    const state = JSON.parse(readFileSync(join(workDir, '.presence-kit', 'state.json'), 'utf8'));
    expect(state.resources).toEqual({});
    expect(state.blueprints).toEqual({});
  });
});
