import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { inventory, LIVE, openTestTarget, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';
import { readCollection, runCollection, sandboxEnvironment, writes } from './collections-harness.js';

const TOPIC = 'v2.users.{id}.integrationpresence';
const TRIGGER = 'Microsoft Teams Integration Presence Trigger';
const CREDENTIAL = 'Presence Public API Credentials';

/**
 * Look-ups in a busy org: list filters are partial ("name contains"), so names that merely
 * contain ours must not be taken for ours, and ours may sit on a later page — of a page-numbered
 * list (credentials) or of a cursor list (triggers).
 */
describe.skipIf(LIVE)(`collections look up by exact name across pages (${SANDBOX_ONLY})`, () => {
  let t: TestTarget;
  let c: GenesysClient;
  beforeAll(async () => {
    t = await openTestTarget({ rateLimit: 0 });
    c = await t.client({ requestsPerMinute: 0, concurrency: 16 });
  });
  afterAll(() => t?.close());

  it('pages past 110 near-namesakes to find (or not find) the exact name, creating each resource once', async () => {
    const collection = readCollection('teams-presence');
    const environment = sandboxEnvironment(t.sandbox!);
    // Credentials (a page-numbered list, sorted by name) whose names contain ours and sort before it.
    for (let i = 0; i < 110; i++)
      await c.request('POST', '/api/v2/integrations/credentials', {
        body: { name: `A ${CREDENTIAL} ${String(i).padStart(3, '0')}`, type: { name: 'basicAuth' }, credentialFields: { userName: 'u', password: 'p' } },
      });
    const first = await runCollection(collection, { environment, folder: 'Setup' });
    expect(first.failures).toEqual([]);
    // The credential look-up read both pages, took no near-namesake for ours, and created it once.
    const credentialPages = (run: typeof first) => run.executed.filter((e) => e.item === `Find integration credential “${CREDENTIAL}”`).map((e) => new URL(e.url).searchParams.get('pageNumber'));
    expect(credentialPages(first)).toEqual(['1', '2']);
    expect((await inventory(t)).credentials!.filter((r) => r.name === CREDENTIAL)).toHaveLength(1);

    // Triggers on the same topic, created before ours (a cursor list in creation order), partial namesakes.
    const flowId = (await inventory(t)).flows!.find((f) => f.name === TRIGGER)!.id;
    const ours = (await inventory(t)).triggers!.find((x) => x.name === TRIGGER)!;
    await c.request('DELETE', `/api/v2/processautomation/triggers/${ours.id}`);
    for (let i = 0; i < 110; i++)
      await c.request('POST', '/api/v2/processautomation/triggers', {
        body: { name: `${TRIGGER} (copy ${i})`, topicName: TOPIC, enabled: false, target: { type: 'Workflow', id: flowId, workflowTargetSettings: { dataFormat: 'TopLevelPrimitives' } } },
      });

    const second = await runCollection(collection, { environment, globals: first.globals, folder: 'Setup' });
    expect(second.failures).toEqual([]);
    expect(second.executed.filter((e) => e.item === `Find trigger “${TRIGGER}”`)).toHaveLength(2);
    expect(writes(second).map((e) => `${e.method} ${e.item}`)).toEqual([`POST Create trigger “${TRIGGER}”`]);

    // Now ours is on the cursor's second page, and the credential on the second numbered page: found, nothing written.
    const third = await runCollection(collection, { environment, globals: second.globals, folder: 'Setup' });
    expect(third.failures).toEqual([]);
    const pagesOf = (item: string) => third.executed.filter((e) => e.item === item).map((e) => new URL(e.url).searchParams.get('after') ?? new URL(e.url).searchParams.get('pageNumber'));
    expect(pagesOf(`Find trigger “${TRIGGER}”`)).toEqual([null, expect.any(String)]);
    expect(credentialPages(third)).toEqual(['1', '2']);
    expect(writes(third)).toEqual([]);
    expect((await inventory(t)).triggers!.filter((x) => x.name === TRIGGER)).toHaveLength(1);
  });
});
