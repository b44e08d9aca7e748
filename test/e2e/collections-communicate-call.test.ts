import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIVE, openTestTarget, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';
import { fullCycle } from './collections-harness.js';

const BLUEPRINT = 'communicate-call';

describe.skipIf(LIVE)(`the ${BLUEPRINT} collection under newman against the sandbox (${SANDBOX_ONLY})`, () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await openTestTarget();
  });
  afterAll(() => t?.close());

  it('Setup passes and leaves exactly the blueprint’s resources; Teardown removes them; a second full run passes; a third writes nothing', async () => {
    const { setup, teardown, full } = await fullCycle(t, BLUEPRINT, expect);

    // The flows-jobs import really ran: register → upload to the presigned URL → poll, for each workflow.
    expect(setup.executed.filter((e) => e.url.includes('/sandbox/v1/uploads/')).map((e) => `${e.method} ${e.code}`)).toEqual(['PUT 200', 'PUT 200']);
    // Reverse dependency order: triggers before the workflows they target, roles last.
    const deleted = teardown.executed.filter((e) => e.method === 'DELETE').map((e) => e.item);
    expect(deleted.indexOf('Delete trigger “GC Communicate Call User Start”')).toBeLessThan(deleted.indexOf('Delete workflow “Set GC User to Busy”'));
    expect(deleted.at(-1)).toMatch(/^Delete role/);
    // One DELETE per resource of the blueprint: the original 18 less the group-check action no
    // workflow of ours runs, plus the presence policy's table, three actions (a presence's label,
    // the memory row's add and delete) and the calls-still-going read the call workflows decide a
    // session's end from.
    expect(deleted).toHaveLength(22);
    expect(full.failures).toEqual([]);

    // The ids were chained: triggers target the published workflows; the integrations are ENABLED and hold their credentials.
    const c = await t.client();
    const flows = (await c.request<{ entities: Array<{ id: string; name: string; publishedVersion?: { id: string } }> }>('GET', '/api/v2/flows', { query: { type: 'workflow', pageSize: 100 } })).entities;
    const triggers = (await c.request<{ entities: Array<{ name: string; target: { id: string } }> }>('GET', '/api/v2/processautomation/triggers', { query: { pageSize: 100 } })).entities;
    const flowOf = (trigger: string) => flows.find((f) => f.id === triggers.find((x) => x.name === trigger)?.target.id);
    expect(flowOf('GC Communicate Call User Start')?.name).toBe('Set GC User to Busy');
    expect(flowOf('GC Communicate Call User End')?.name).toBe('Set GC User to Available');
    expect(flows.every((f) => f.publishedVersion?.id)).toBe(true);
    const integrations = (await c.request<{ entities: Array<{ id: string; name: string; intendedState: string }> }>('GET', '/api/v2/integrations', { query: { pageSize: 100 } })).entities;
    const credentials = (await c.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/integrations/credentials', { query: { pageSize: 100 } })).entities;
    for (const [integration, credential] of [
      ['Update Genesys Cloud User Presence', 'Presence Public API Credentials'],
      ['GetConversationDetailsPublicAPI', 'GetConversationDetailsPublic API Credentials'],
    ]) {
      const i = integrations.find((x) => x.name === integration)!;
      expect(i.intendedState).toBe('ENABLED');
      const config = await c.request<{ credentials: Record<string, { id: string }> }>('GET', `/api/v2/integrations/${i.id}/config/current`);
      expect(config.credentials.pureCloudOAuthClient?.id).toBe(credentials.find((x) => x.name === credential)?.id);
    }
    // Four newman passes over 23 resources: about 40 s alone, longer beside the rest of the suite.
  }, 180_000);
});
