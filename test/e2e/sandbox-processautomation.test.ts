import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import platformClient from 'purecloud-platform-client-v2';
import { GenesysClient } from '../../src/genesys/client.js';
import type { GenesysError } from '../../src/genesys/errors.js';
import { communicateFixture, importOriginalPresenceActions, PRESENCE_CATEGORY as CATEGORY } from '../helpers/original-actions.js';
import { openTestTarget, type TestTarget } from '../helpers/target.js';

const errOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected the call to fail'); }, (e: unknown) => e as GenesysError);
const fixture = communicateFixture;
const USER_START = 'v2.detail.events.conversation.{id}.user.start';
type TriggerBody = platformClient.Models.CreateTriggerRequest;

describe('sandbox process automation triggers through the official SDK', () => {
  let t: TestTarget;
  let c: GenesysClient;
  let pa: platformClient.ProcessAutomationApi;
  let workflowId: string;
  let shellId: string;
  const cleanup: Array<() => Promise<unknown>> = [];

  /** The blueprint's own trigger (reference §9): non-ACD calls only. */
  const busyTrigger = (over: Partial<TriggerBody> = {}): TriggerBody => ({
    name: 'GC User Busy',
    topicName: USER_START,
    enabled: true,
    target: { type: 'Workflow', id: workflowId, workflowTargetSettings: { dataFormat: 'TopLevelPrimitives' } },
    // The SDK types `value` as object; Genesys takes any JSON value (CX as Code hand-writes this call for that reason).
    matchCriteria: [{ jsonPath: 'queueId', operator: 'Exists', value: false as unknown as object }],
    ...over,
  });
  const create = async (body: TriggerBody) => {
    const tr = await pa.postProcessautomationTriggers(body);
    cleanup.push(() => pa.deleteProcessautomationTrigger(tr.id!));
    return tr;
  };

  beforeAll(async () => {
    t = await openTestTarget();
    c = await t.client();
    pa = c.api(platformClient.ProcessAutomationApi);
    const arch = c.api(platformClient.ArchitectApi);
    await importOriginalPresenceActions(c, cleanup);
    const job = await arch.postFlowsJobs();
    await c.fetchUrl(job.presignedUrl!, { method: 'PUT', headers: job.headers as Record<string, string>, body: fixture('Set GC User to Available.yaml') });
    const done = await arch.getFlowsJob(job.id!, { expand: ['messages'] });
    if (done.status !== 'Success') throw new Error(`workflow import failed: ${JSON.stringify(done.messages)}`);
    workflowId = done.flow!.id!;
    cleanup.push(() => arch.deleteFlow(workflowId));
    shellId = (await arch.postFlows({ name: 'Presence Kit Unpublished', type: 'WORKFLOW' })).id!;
    cleanup.push(() => arch.deleteFlow(shellId));
  });
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
    await t.close();
  });

  it('lists the topics presence-kit needs', async () => {
    const topics = await pa.getProcessautomationTriggersTopics({ pageSize: '200' });
    expect(topics.entities).toEqual(
      expect.arrayContaining([
        USER_START,
        'v2.detail.events.conversation.{id}.user.end',
        'v2.detail.events.conversation.{id}.customer.start',
        'v2.detail.events.conversation.{id}.customer.end',
        'v2.detail.events.conversation.{id}.acd.start',
        'v2.detail.events.conversation.{id}.acd.end',
        'v2.users.{id}.integrationpresence',
        'v2.users.{id}.presence',
        'v2.users.{id}.activity',
      ]),
    );
  });

  it('creates the blueprint trigger against the published workflow', async () => {
    const tr = await create(busyTrigger());
    expect(tr).toMatchObject({ name: 'GC User Busy', topicName: USER_START, enabled: true, version: 1, target: { id: workflowId } });
    expect(tr.selfUri).toBe(`/api/v2/processautomation/triggers/${tr.id}`);
    expect(await pa.getProcessautomationTrigger(tr.id!)).toMatchObject({ id: tr.id, matchCriteria: [{ jsonPath: 'queueId', operator: 'Exists', value: false }] });
  });

  it('refuses invalid triggers with Genesys codes, naming what to fix', async () => {
    const cases: Array<[Partial<TriggerBody> | Record<string, unknown>, number, string, string]> = [
      [{ matchCriteria: [{ jsonPath: 'queueId', operator: 'Equals' as never, value: 'x' }] }, 400, 'invalid.value', 'GreaterThanOrEqual'],
      [{ matchCriteria: [{ jsonPath: 'queueId', operator: 'In', value: 'a', values: ['a'] }] }, 400, 'bad.request', 'only one of value and values'],
      [{ matchCriteria: [{ jsonPath: 'queueId', operator: 'Equal' }] }, 400, 'bad.request', 'value or values'],
      [{ eventTTLSeconds: 5 }, 400, 'bad.request', 'eventTTLSeconds'],
      [{ delayBySeconds: 30 }, 400, 'bad.request', 'delayBySeconds'],
      [{ delayBySeconds: 901 }, 400, 'bad.request', 'delayBySeconds'],
      [{ eventTTLSeconds: 60, delayBySeconds: 60 }, 400, 'bad.request', 'Only one of eventTTLSeconds or delayBySeconds'],
      [{ topicName: 'v2.users.{id}.nothing' }, 400, 'bad.request', 'topicName'],
      [{ description: 'd'.repeat(513) }, 400, 'bad.request', 'description'],
      [{ enabled: undefined }, 400, 'bad.request', 'enabled'],
      [{ target: { type: 'Workflow', id: workflowId, workflowTargetSettings: { dataFormat: 'Xml' as never } } }, 400, 'invalid.value', 'TopLevelPrimitives'],
      [{ target: { type: 'Workflow', id: 'no-such-flow' } }, 400, 'bad.request', 'no-such-flow'],
    ];
    for (const [over, status, code, text] of cases) {
      const err = await errOf(pa.postProcessautomationTriggers(busyTrigger(over as Partial<TriggerBody>)));
      expect({ over, status: err.status, code: err.code, message: err.message }).toEqual({ over, status, code, message: expect.stringContaining(text) });
    }
    const unpublished = await errOf(pa.postProcessautomationTriggers(busyTrigger({ target: { type: 'Workflow', id: shellId } })));
    expect([unpublished.status, unpublished.message]).toEqual([400, expect.stringContaining('published')]);
  });

  it('updates with the current version only, and never changes the topic', async () => {
    const tr = await create(busyTrigger({ name: 'Versioned' }));
    const { id: _i, selfUri: _s, version: _v, ...rest } = tr;
    const updated = await pa.putProcessautomationTrigger(tr.id!, { ...rest, enabled: false, version: 1 } as platformClient.Models.UpdateTriggerRequest);
    expect([updated.version, updated.enabled]).toEqual([2, false]);
    const stale = await errOf(pa.putProcessautomationTrigger(tr.id!, { ...rest, version: 1 } as platformClient.Models.UpdateTriggerRequest));
    expect([stale.status, stale.message]).toEqual([409, expect.stringContaining('does not match the current version')]);
    const topic = await errOf(pa.putProcessautomationTrigger(tr.id!, { ...rest, topicName: 'v2.detail.events.conversation.{id}.user.end', version: 2 } as platformClient.Models.UpdateTriggerRequest));
    expect([topic.status, topic.message]).toEqual([400, expect.stringContaining('topicName')]);
    const noVersion = await errOf(pa.putProcessautomationTrigger(tr.id!, { ...rest } as platformClient.Models.UpdateTriggerRequest));
    expect([noVersion.status, noVersion.message]).toEqual([400, expect.stringContaining('version')]);
  });

  it('pages through triggers with cursors and filters by topic, enabled and delay', async () => {
    const topic = 'v2.users.{id}.activity';
    for (let i = 0; i < 5; i++) await create(busyTrigger({ name: `Paged ${i}`, topicName: topic, enabled: i % 2 === 0, ...(i === 4 ? { delayBySeconds: 120 } : {}) }));
    const names: string[] = [];
    let after: string | undefined;
    let pages = 0;
    do {
      const page = await pa.getProcessautomationTriggers({ topicName: topic, pageSize: '2', ...(after ? { after } : {}) });
      names.push(...page.entities!.map((x) => x.name!));
      after = page.nextUri ? new URL(page.nextUri, 'http://x').searchParams.get('after')! : undefined;
      pages++;
    } while (after && pages < 10);
    expect([pages, names]).toEqual([3, ['Paged 0', 'Paged 1', 'Paged 2', 'Paged 3', 'Paged 4']]);
    expect((await pa.getProcessautomationTriggers({ topicName: topic, enabled: false })).entities!.map((x) => x.name)).toEqual(['Paged 1', 'Paged 3']);
    expect((await pa.getProcessautomationTriggers({ topicName: topic, hasDelayBy: true })).entities!.map((x) => x.name)).toEqual(['Paged 4']);
  });

  it('refuses to delete a workflow that a trigger targets', async () => {
    const tr = await create(busyTrigger({ name: 'Pinning' }));
    const err = await errOf(c.api(platformClient.ArchitectApi).deleteFlow(workflowId));
    expect([err.status, err.message]).toEqual([409, expect.stringContaining(tr.name!)]);
  });

  it('answers 403 naming processautomation:trigger:add to a client that may only view triggers', async () => {
    const auth = c.api(platformClient.AuthorizationApi);
    const oauth = c.api(platformClient.OAuthApi);
    const home = await auth.getAuthorizationDivisionsHome();
    const role = await auth.postAuthorizationRoles({ name: 'Presence Kit trigger viewer', permissionPolicies: [{ domain: 'processautomation', entityName: 'trigger', actionSet: ['view'] }] });
    cleanup.push(() => auth.deleteAuthorizationRole(role.id!));
    const client = await oauth.postOauthClients({ name: 'Presence Kit trigger viewer', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: role.id!, divisionId: home.id! }] });
    cleanup.push(() => oauth.deleteOauthClient(client.id!));
    const viewer = await GenesysClient.connect({ ...t.connection, clientId: client.id!, clientSecret: client.secret! });
    const vpa = viewer.api(platformClient.ProcessAutomationApi);
    const ids = async (api: platformClient.ProcessAutomationApi) => (await api.getProcessautomationTriggers({ pageSize: '100' })).entities!.map((x) => x.id).sort();
    const seen = await ids(vpa);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen).toEqual(await ids(pa));
    const err = await errOf(vpa.postProcessautomationTriggers(busyTrigger({ name: 'Not allowed' })));
    expect([err.status, err.code, err.message]).toEqual([403, 'missing.permissions', expect.stringContaining('processautomation:trigger:add')]);
  });
});
