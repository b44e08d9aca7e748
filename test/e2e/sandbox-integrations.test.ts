import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import platformClient from 'purecloud-platform-client-v2';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { GenesysError } from '../../src/genesys/errors.js';
import { inventory, itSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

const errOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected the call to fail'); }, (e: unknown) => e as GenesysError);
const suffix = Date.now().toString(36);

/** A data action body as the blueprint exports hold it, minus the export-only fields. */
const actionBody = (integrationId: string, category: string, name: string) => ({
  name,
  category,
  integrationId,
  secure: false,
  config: {
    request: { requestUrlTemplate: '/api/v2/users/${input.USER_ID}/presences/purecloud', requestType: 'GET', headers: {}, requestTemplate: '${input.rawRequest}' },
    response: { translationMap: { systemPresence: "$.['presenceDefinition'].systemPresence" }, translationMapDefaults: {}, successTemplate: '{"systemPresence": ${systemPresence}}' },
  },
  contract: {
    input: { inputSchema: { type: 'object', properties: { USER_ID: { type: 'string' } } } },
    output: { successSchema: { type: 'object', properties: { systemPresence: { type: 'string' } } } },
  },
});

describe('sandbox integrations API through the official SDK', () => {
  let t: TestTarget;
  let c: GenesysClient;
  let api: platformClient.IntegrationsApi;
  const cleanup: Array<() => Promise<unknown>> = [];
  beforeAll(async () => {
    t = await openTestTarget();
    c = await t.client();
    api = c.api(platformClient.IntegrationsApi);
  });
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
    await t.close();
  });

  const newIntegration = async (name: string) => {
    const i = await api.postIntegrations({ body: { integrationType: { id: 'purecloud-data-actions' } } as platformClient.Models.CreateIntegrationRequest });
    cleanup.push(() => api.deleteIntegration(i.id!));
    const cfg = await api.getIntegrationConfigCurrent(i.id!);
    await api.putIntegrationConfigCurrent(i.id!, { body: { ...cfg, name, properties: {}, advanced: {}, notes: '', credentials: {} } });
    return i;
  };

  it('describes the Genesys Cloud Data Actions type and its credential key', async () => {
    const type = await api.getIntegrationsType('purecloud-data-actions');
    expect(type.credentials).toHaveProperty('pureCloudOAuthClient');
    const ids = (await api.getIntegrationsTypes({ pageSize: 100 })).entities!.map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining(['purecloud-data-actions', 'custom-rest-actions']));
    const err = await errOf(api.getIntegrationsType('no-such-type'));
    expect(err.status).toBe(404);
  });

  it('creates, configures with a credential and enables an integration; the secret never reads back', async () => {
    const i = await api.postIntegrations({ body: { integrationType: { id: 'purecloud-data-actions' } } as platformClient.Models.CreateIntegrationRequest });
    cleanup.push(() => api.deleteIntegration(i.id!));
    expect(i.name).toBe('Genesys Cloud Data Actions');
    expect(i.intendedState).toBe('DISABLED');

    const noSecret = await errOf(api.postIntegrationsCredentials({ body: { name: 'x', type: { name: 'pureCloudOAuthClient' }, credentialFields: { clientId: 'abc' } } }));
    expect(noSecret.status).toBe(400);
    expect(noSecret.message).toContain('clientSecret');

    const secret = `s3cr3t-${suffix}-value`;
    const cred = await api.postIntegrationsCredentials({
      body: { name: `presence-kit cred ${suffix}`, type: { name: 'pureCloudOAuthClient' }, credentialFields: { clientId: 'client-abc', clientSecret: secret } },
    });
    cleanup.push(() => api.deleteIntegrationsCredential(cred.id!));
    const read = await api.getIntegrationsCredential(cred.id!);
    expect(read.type?.name).toBe('pureCloudOAuthClient');
    expect(JSON.stringify(read)).not.toContain(secret);
    expect(JSON.stringify(await api.getIntegrationsCredentials())).not.toContain(secret);
    const listing = await api.getIntegrationsCredentialsListing();
    expect(listing.entities!.map((x) => x.id)).toContain(cred.id);

    const cfg = await api.getIntegrationConfigCurrent(i.id!);
    const dangling = await errOf(
      api.putIntegrationConfigCurrent(i.id!, { body: { ...cfg, name: `Presence Kit ${suffix}`, properties: {}, advanced: {}, notes: '', credentials: { pureCloudOAuthClient: { id: 'no-such-credential' } } } }),
    );
    expect(dangling.status).toBe(400);
    expect(dangling.message).toContain('no-such-credential');

    const body = { ...cfg, name: `Presence Kit ${suffix}`, properties: {}, advanced: {}, notes: 'presence', credentials: { pureCloudOAuthClient: { id: cred.id! } } };
    const saved = await api.putIntegrationConfigCurrent(i.id!, { body });
    expect(saved.version).toBe(cfg.version! + 1);
    const stale = await errOf(api.putIntegrationConfigCurrent(i.id!, { body }));
    expect(stale.status).toBe(409);
    expect(stale.message).toContain('does not match the current version');

    const enabled = await api.patchIntegration(i.id!, { body: { intendedState: 'ENABLED' } as platformClient.Models.Integration });
    expect(enabled.intendedState).toBe('ENABLED');
    expect(enabled.name).toBe(`Presence Kit ${suffix}`);
    expect(enabled.reportedState?.code).toBe('ACTIVE');
    const bad = await errOf(api.patchIntegration(i.id!, { body: { intendedState: 'ON' } as unknown as platformClient.Models.Integration }));
    expect(bad.status).toBe(400);
    expect(bad.code).toBe('invalid.value');

    const listed = await api.getIntegrations({ integrationType: 'purecloud-data-actions', pageSize: 100 });
    expect(listed.entities!.map((x) => x.id)).toContain(i.id);
    expect((await api.getIntegrations({ integrationType: 'custom-rest-actions' })).entities!.map((x) => x.id)).not.toContain(i.id);
  });

  itSandbox('inventory', 'keeps the credential secret out of the inventory', async () => {
    const secret = `inv-${suffix}-hidden`;
    const cred = await api.postIntegrationsCredentials({ body: { name: 'inv', type: { name: 'pureCloudOAuthClient' }, credentialFields: { clientId: 'id', clientSecret: secret } } });
    cleanup.push(() => api.deleteIntegrationsCredential(cred.id!));
    expect(JSON.stringify(await inventory(t))).not.toContain(secret);
  });

  it('creates published actions, filters names partially, and refuses invalid input naming the field', async () => {
    const category = `Presence Kit Actions ${suffix}`;
    const i = await newIntegration(category);
    const a = await api.postIntegrationsActions(actionBody(i.id!, category, 'Get User Presence') as platformClient.Models.PostActionInput);
    expect(a.id).toMatch(/^custom_-_[0-9a-f-]{36}$/);
    expect(a.version).toBe(1);
    await api.postIntegrationsActions(actionBody(i.id!, category, 'Get User Presence Extended') as platformClient.Models.PostActionInput);

    const partial = await api.getIntegrationsActions({ category, name: 'Get User Presence', pageSize: 100 });
    expect(partial.entities!.map((x) => x.name).sort()).toEqual(['Get User Presence', 'Get User Presence Extended']);
    expect(partial.entities![0]!.config).toBeUndefined();
    const withConfig = await api.getIntegrationsActions({ ids: a.id!, includeConfig: true });
    expect(withConfig.entities).toHaveLength(1);
    expect(withConfig.entities![0]!.config?.request?.requestType).toBe('GET');

    expect((await api.getIntegrationsActionsCategories({ pageSize: 100 })).entities!.map((x) => x.name)).toContain(category);
    const full = await api.getIntegrationsAction(a.id!, { expand: 'contract', includeConfig: true });
    expect(full.contract?.input?.inputSchema).toBeTruthy();
    expect(await api.getIntegrationsActionTemplate(a.id!, 'successtemplate.vm')).toBe('{"systemPresence": ${systemPresence}}');

    const tooLong = await errOf(api.postIntegrationsActions({ ...actionBody(i.id!, category, 'x'.repeat(257)) } as platformClient.Models.PostActionInput));
    expect([tooLong.status, tooLong.message]).toEqual([400, expect.stringContaining('name')]);
    const badType = actionBody(i.id!, category, 'Bad type');
    (badType.config.request as { requestType: string }).requestType = 'FETCH';
    const e1 = await errOf(api.postIntegrationsActions(badType as platformClient.Models.PostActionInput));
    expect([e1.status, e1.message]).toEqual([400, expect.stringContaining('config.request.requestType')]);
    const noContract = { ...actionBody(i.id!, category, 'No contract'), contract: { input: { inputSchema: {} } } };
    const e2 = await errOf(api.postIntegrationsActions(noContract as unknown as platformClient.Models.PostActionInput));
    expect([e2.status, e2.message]).toEqual([400, expect.stringContaining('contract.output')]);
    const slow = actionBody(i.id!, category, 'Slow');
    (slow.config as Record<string, unknown>).timeoutSeconds = 61;
    const e3 = await errOf(api.postIntegrationsActions(slow as platformClient.Models.PostActionInput));
    expect([e3.status, e3.message]).toEqual([400, expect.stringContaining('timeoutSeconds')]);
    const e4 = await errOf(api.postIntegrationsActions(actionBody('not-an-integration', category, 'Orphan') as platformClient.Models.PostActionInput));
    expect([e4.status, e4.message]).toEqual([400, expect.stringContaining('integrationId')]);
  });

  it('edits a draft, refuses a stale version, publishes it, and patches the published action', async () => {
    const category = `Presence Kit Drafts ${suffix}`;
    const i = await newIntegration(category);
    const draft = await api.postIntegrationsActionsDrafts(actionBody(i.id!, category, 'Draft Action') as platformClient.Models.PostActionInput);
    expect((await api.getIntegrationsActions({ category })).entities).toHaveLength(0);
    expect((await api.getIntegrationsActionsDrafts({ category })).entities!.map((x) => x.id)).toEqual([draft.id]);

    const edited = await api.patchIntegrationsActionDraft(draft.id!, { version: draft.version!, name: 'Draft Action v2' });
    expect(edited.version).toBe(draft.version! + 1);
    const stale = await errOf(api.patchIntegrationsActionDraft(draft.id!, { version: draft.version!, name: 'lost update' }));
    expect(stale.status).toBe(409);
    const stalePublish = await errOf(api.postIntegrationsActionDraftPublish(draft.id!, { version: draft.version! }));
    expect(stalePublish.status).toBe(409);

    const published = await api.postIntegrationsActionDraftPublish(draft.id!, { version: edited.version! });
    expect(published.name).toBe('Draft Action v2');
    expect((await errOf(api.getIntegrationsActionDraft(draft.id!))).status).toBe(404);
    expect((await api.getIntegrationsActions({ category })).entities!.map((x) => x.id)).toEqual([draft.id]);

    const patched = await api.patchIntegrationsAction(draft.id!, { version: published.version!, name: 'Draft Action v3' });
    expect(patched.version).toBe(published.version! + 1);
    const contractChange = await errOf(c.request('PATCH', `/api/v2/integrations/actions/${draft.id}`, { body: { version: patched.version, contract: {} } }));
    expect([contractChange.status, contractChange.message]).toEqual([400, expect.stringContaining('contract')]);

    const again = await api.postIntegrationsActionDraft(draft.id!);
    expect(again.name).toBe('Draft Action v3');
    await api.deleteIntegrationsAction(draft.id!);
    expect((await errOf(api.getIntegrationsAction(draft.id!))).status).toBe(404);
  });
});
