import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { apply, plan, planDestroy, StateStore, status } from '../../src/engine/index.js';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';
import { inventory, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * Reconciling from what is there: drift made by hand is reported and repaired; what an admin made
 * before presence-kit is adopted, never deleted (unless asked); resources two blueprints share
 * survive the teardown of one of them; a variable changed with --set reaches the workflow and table.
 */
describe('engine: drift, adoption, shared resources, variables', () => {
  let t: TestTarget;
  let client: GenesysClient;

  beforeAll(async () => {
    // Several applies in one org with one token: lift the 300/min budgets (sandbox and client side)
    // so no test waits on pacing; the budget itself is the bench's subject, not this file's.
    t = await openTestTarget({ rateLimit: 0 });
    client = await t.client({ requestsPerMinute: 0 });
  });
  afterAll(() => t.close());

  it('adopts a "Pre-Break" presence that already exists only when told, keeps its parent, and puts it back on destroy unless --include-adopted', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'pk-adopt-'));
    const existing = await client.request<{ id: string }>('POST', '/api/v2/presence/definitions', { body: { languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'Away' } });
    await expect(plan({ client, workDir, blueprints: ['pre-break'] })).rejects.toThrow(/presence "Pre-Break".*--set preBreakPresenceName=.*--adopt presence-definition\/Pre-Break/);
    const p = await plan({ client, workDir, blueprints: ['pre-break'], adopt: ['presence-definition/Pre-Break'] });
    const step = p.steps.find((s) => s.kind === 'presence-definition')!;
    expect(step).toMatchObject({ action: 'adopt', id: existing.id });
    expect(step.reason).toMatch(/adopted.*systemPresence differs \(Away vs Break\)/);
    await apply(p);
    const creds = JSON.parse((await import('node:fs')).readFileSync(join(workDir, '.presence-kit', 'pre-break.credentials.json'), 'utf8'));
    expect(creds.presenceDefinitionId).toBe(existing.id);
    expect((await plan({ client, workDir, blueprints: ['pre-break'] })).summary.noop).toBe(4);

    const d = await planDestroy({ client, workDir });
    expect(d.steps.find((s) => s.kind === 'presence-definition')).toMatchObject({ action: 'update', reason: expect.stringMatching(/put back as it was/) });
    await apply(d);
    const after = await inventory(t);
    expect(after.presenceDefinitions!.find((x) => x.id === existing.id)).toMatchObject({ deleted: false, systemPresence: 'Away' });
    expect(after.roles!.some((r) => r.name === 'Pre-Break Presence Job')).toBe(false);

    // Adopted again, then deleted on request.
    await apply(await plan({ client, workDir, blueprints: ['pre-break'], adopt: ['presence-definition/Pre-Break'] }));
    const all = await planDestroy({ client, workDir, includeAdopted: true });
    expect(all.steps.find((s) => s.kind === 'presence-definition')).toMatchObject({ action: 'delete' });
    await apply(all);
    expect((await inventory(t)).presenceDefinitions!.find((x) => x.id === existing.id)).toMatchObject({ deleted: true });
  });

  it('reports drift made by hand and repairs it; then writes nothing', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'pk-drift-'));
    await apply(await plan({ client, workDir, blueprints: ['communicate-call'] }));
    const inv = await inventory(t);
    const integration = inv.integrations!.find((i) => i.name === 'GetConversationDetailsPublicAPI')!;
    const role = inv.roles!.find((r) => r.name === 'Presence API Admin')!;
    const trigger = (await client.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/processautomation/triggers')).entities.find((x) => x.name === 'GC Communicate Call User End')!;
    await client.request('PATCH', `/api/v2/integrations/${integration.id}`, { body: { intendedState: 'DISABLED' } });
    // An admin following the setup guide widens the role to "Presence > All Permissions".
    await client.request('PUT', `/api/v2/authorization/roles/${role.id}`, { body: { name: 'Presence API Admin', description: (await client.request<{ description: string }>('GET', `/api/v2/authorization/roles/${role.id}`)).description, permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }] } });
    await client.request('DELETE', `/api/v2/processautomation/triggers/${trigger.id}`);

    const s = await status({ client, workDir });
    const byName = (n: string) => s.resources.find((r) => r.name === n)!;
    expect(s.inSync).toBe(false);
    expect(byName('GetConversationDetailsPublicAPI')).toMatchObject({ status: 'drift', changes: [{ field: 'intendedState', from: 'DISABLED', to: 'ENABLED' }] });
    expect(byName('Presence API Admin')).toMatchObject({
      status: 'drift',
      changes: [{ field: 'permissions', from: ['presence:*:*'], to: ['architect:datatableRow:add', 'architect:datatableRow:delete', 'architect:datatableRow:edit', 'presence:presenceDefinition:view', 'presence:userPresence:edit'] }],
    });
    expect(byName('GC Communicate Call User End')).toMatchObject({ status: 'missing' });
    expect(byName('Set GC User to Busy').status).toBe('in-sync');

    const r = await apply(await plan({ client, workDir, blueprints: ['communicate-call'] }));
    expect(r.steps.filter((x) => x.performed !== 'noop').map((x) => `${x.performed} ${x.name}`).sort()).toEqual([
      'create GC Communicate Call User End',
      'update GetConversationDetailsPublicAPI',
      'update Presence API Admin',
    ]);
    expect((await status({ client, workDir })).inSync).toBe(true);
    expect((await apply(await plan({ client, workDir, blueprints: ['communicate-call'] }))).writes).toBe(0);
    await apply(await planDestroy({ client, workDir }));
  });

  it('keeps what teams-presence shares with communicate-call when only communicate-call is destroyed', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'pk-shared-'));
    const p = await plan({ client, workDir, blueprints: ['communicate-call', 'teams-presence'] });
    expect(p.steps.find((s) => s.name === 'Update Genesys Cloud User Presence')!.blueprints).toEqual(['communicate-call', 'teams-presence']);
    await apply(p);

    const d = await planDestroy({ client, workDir, blueprints: ['communicate-call'] });
    const kept = d.steps.filter((s) => s.action !== 'delete').map((s) => s.name).sort();
    // Kept, and the marked ones' marks stop naming communicate-call (a state rebuilt from them would keep them for it).
    expect(d.steps.filter((s) => s.action === 'update').map((s) => `${s.name}: ${s.reason}`).sort()).toEqual(
      ['Communicate Call Presence Memory', 'Presence API Admin', 'Presence Public API', 'Update Genesys Cloud User Presence'].map((n) => `${n}: still used by teams-presence: kept, its mark no longer names communicate-call`),
    );
    expect(kept).toEqual([
      'Add Presence Memory Row',
      'Communicate Call Presence Memory',
      'Delete Presence Memory Row',
      'GC User Presence Update',
      'Get Genesys Cloud Presence Definition',
      'Get Genesys Cloud User Active Calls',
      'Get Genesys Cloud User Presence',
      'Presence API Admin',
      'Presence Public API',
      'Presence Public API Credentials',
      'Update Genesys Cloud User Presence',
    ]);
    await apply(d);
    const inv = await inventory(t);
    expect(inv.integrations!.map((i) => i.name)).toEqual(['Update Genesys Cloud User Presence']);
    expect(inv.flows!.filter((f) => !f.deleted).map((f) => f.name)).toEqual(['Microsoft Teams Integration Presence Trigger']);
    // teams-presence is still whole.
    const again = await plan({ client, workDir, blueprints: ['teams-presence'] });
    expect(again.summary.noop).toBe(again.steps.length);
    await apply(await planDestroy({ client, workDir }));
    expect((await inventory(t)).integrations).toEqual([]);
  });

  it('destroy goes on past what Genesys refuses to delete because it is in use, says so in one line, and finishes once it is freed', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'pk-inuse-'));
    const before = await inventory(t);
    await apply(await plan({ client, workDir, blueprints: ['communicate-call', 'pre-break'] }));
    const inv = await inventory(t);
    // Made by hand after apply: a client that holds our role, a trigger that targets our flow.
    const home = await client.request<{ id: string }>('GET', '/api/v2/authorization/divisions/home');
    const roleId = inv.roles!.find((r) => r.name === 'Presence API Admin')!.id;
    const handClient = await client.request<{ id: string }>('POST', '/api/v2/oauth/clients', {
      body: { name: 'Hand-made reporting client', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId, divisionId: home.id }] },
    });
    const flowId = inv.flows!.find((f) => f.name === 'Set GC User to Busy' && !f.deleted)!.id;
    const handTrigger = await client.request<{ id: string }>('POST', '/api/v2/processautomation/triggers', {
      body: { name: 'Hand-made trigger', topicName: 'v2.detail.events.conversation.{id}.user.start', enabled: false, target: { type: 'Workflow', id: flowId } },
    });

    const failed: string[] = [];
    const d = await planDestroy({ client, workDir });
    const err = await apply(d, { onProgress: (e) => e.phase === 'fail' && failed.push(`${e.step.kind}:${e.step.name}`) }).catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toBe(
      'Genesys refuses to delete 2 resources because they are in use: workflow "Set GC User to Busy", role "Presence API Admin" (each line above says what uses it) — free them, then destroy again; everything else was deleted',
    );
    expect(failed).toEqual(['workflow:Set GC User to Busy', 'role:Presence API Admin']);
    // Everything else went: the other roles, the Pre-Break presence, the clients, the triggers.
    const left = await inventory(t);
    const ours = (kind: string) => left[kind]!.filter((e) => e.deleted !== true && !before[kind]!.some((b) => b.id === e.id)).map((e) => e.name).sort();
    expect(ours('roles')).toEqual(['Presence API Admin']);
    expect(ours('flows')).toEqual(['Set GC User to Busy']);
    expect(ours('oauthClients')).toEqual(['Hand-made reporting client']);
    expect(ours('triggers')).toEqual(['Hand-made trigger']);
    expect(ours('presenceDefinitions')).toEqual([]);
    // The state file still records the two, so a later destroy finds them.
    expect(Object.keys(new StateStore(workDir).state.resources).sort()).toEqual(['role:Presence API Admin', 'workflow:Set GC User to Busy']);

    await client.request('DELETE', `/api/v2/processautomation/triggers/${handTrigger.id}`);
    await client.request('DELETE', `/api/v2/oauth/clients/${handClient.id}`);
    const r = await apply(await planDestroy({ client, workDir }));
    expect(r.steps.map((x) => `${x.performed} ${x.name}`)).toEqual(['delete Set GC User to Busy', 'delete Presence API Admin']);
    expect((await status({ client, workDir })).blueprints).toEqual([]);
  });

  it('a variable set once reaches the workflow and the table, and is remembered by later runs', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'pk-vars-'));
    // One map entry from --set, another variable from the environment (as setup takes it).
    await apply(await plan({ client, workDir, blueprints: ['teams-presence'], set: ['teamsPresenceMapping.Focusing=Away'], env: { PRESENCE_KIT_VAR_fallbackPresenceId: 'Offline' } }));
    const table = (await inventory(t)).datatables!.find((x) => x.name === 'MsTeamsPresenceMappings')!;
    const row = await client.request<Record<string, string>>('GET', `/api/v2/flows/datatables/${table.id}/rows/Focusing`, { query: { showbrief: false } });
    expect(row.GenesysCloudPresenceId).toBe(SYSTEM_PRESENCE_IDS.Away);
    const recorded = JSON.parse(readFileSync(join(workDir, '.presence-kit', 'state.json'), 'utf8')).blueprints['teams-presence'].variables;
    expect(recorded.fallbackPresenceId).toBe(SYSTEM_PRESENCE_IDS.Offline);
    // Without --set, the values of the last apply stand: nothing to change.
    const p = await plan({ client, workDir, blueprints: ['teams-presence'] });
    expect(p.summary.noop).toBe(p.steps.length);
    // Changing the fallback changes only the workflow (re-imported) — not the table, not the trigger.
    const changed = await plan({ client, workDir, blueprints: ['teams-presence'], set: ['fallbackPresenceId='] });
    expect(changed.steps.filter((s) => s.action !== 'noop').map((s) => `${s.kind}:${s.name}`)).toEqual(['workflow:Microsoft Teams Integration Presence Trigger']);
    await apply(changed);
    await apply(await planDestroy({ client, workDir }));
    expect(existsSync(join(workDir, '.presence-kit', 'state.json'))).toBe(true);
  });

  it('a damaged pre-break credentials file is written anew by the next apply, with a fresh secret, like a missing one', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'pk-damaged-creds-'));
    await apply(await plan({ client, workDir, blueprints: ['pre-break'] }));
    const file = join(workDir, '.presence-kit', 'pre-break.credentials.json');
    const before = JSON.parse(readFileSync(file, 'utf8')) as { clientId: string; clientSecret: string };
    writeFileSync(file, readFileSync(file, 'utf8').slice(0, 40));
    const p = await plan({ client, workDir, blueprints: ['pre-break'] });
    expect(p.steps.filter((s) => s.action !== 'noop').map((s) => `${s.action} ${s.kind}`)).toEqual(['update oauth-client', 'create credentials-file']);
    await apply(p);
    const after = JSON.parse(readFileSync(file, 'utf8')) as { clientId: string; clientSecret: string };
    expect(after.clientId).toBe(before.clientId);
    expect(after.clientSecret).not.toBe(before.clientSecret);
    const job = await GenesysClient.connect({ ...t.connection, clientId: after.clientId, clientSecret: after.clientSecret });
    expect(job.connection.clientId).toBe(before.clientId);
    expect((await plan({ client, workDir, blueprints: ['pre-break'] })).steps.every((s) => s.action === 'noop')).toBe(true);
  });
});
