import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import platformClient from 'purecloud-platform-client-v2';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { GenesysError } from '../../src/genesys/errors.js';
import { communicateFixture, importOriginalPresenceActions, PRESENCE_CATEGORY as CATEGORY } from '../helpers/original-actions.js';
import { itSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

const errOf = (p: Promise<unknown>) => p.then(() => { throw new Error('expected the call to fail'); }, (e: unknown) => e as GenesysError);
const fixture = communicateFixture;
const AVAILABLE_YAML = fixture('Set GC User to Available.yaml');

describe('sandbox architect API through the official SDK', () => {
  let t: TestTarget;
  let c: GenesysClient;
  let arch: platformClient.ArchitectApi;
  const cleanup: Array<() => Promise<unknown>> = [];

  /** Register → PUT the YAML to the presigned URL → read the job, as Terraform's flow resource does. */
  const importFlow = async (yaml: string) => {
    const job = await arch.postFlowsJobs();
    await c.fetchUrl(job.presignedUrl!, { method: 'PUT', headers: job.headers as Record<string, string>, body: yaml });
    return arch.getFlowsJob(job.id!, { expand: ['messages'] });
  };

  beforeAll(async () => {
    t = await openTestTarget();
    c = await t.client();
    arch = c.api(platformClient.ArchitectApi);
    await importOriginalPresenceActions(c, cleanup);
  });
  afterAll(async () => {
    for (const f of cleanup.reverse()) await f().catch(() => undefined);
    await t.close();
  });

  it('imports and publishes the blueprint workflow through flows-jobs, then updates the same flow by name', async () => {
    const job = await importFlow(AVAILABLE_YAML);
    expect(job.status).toBe('Success');
    // The job names the flow by reference (AddressableEntityRef: id, selfUri).
    expect(Object.keys(job.flow!).sort()).toEqual(['id', 'selfUri']);
    cleanup.push(() => arch.deleteFlow(job.flow!.id!));
    expect((await arch.getFlow(job.flow!.id!)).name).toBe('Set GC User to Available');

    const listed = await arch.getFlows({ type: ['workflow'], name: 'Set GC User to Available' });
    expect(listed.entities!.map((f) => f.id)).toEqual([job.flow!.id]);
    const flow = await arch.getFlow(job.flow!.id!);
    expect(flow.type).toBe('WORKFLOW');
    expect(flow.active).toBe(true);
    expect(flow.publishedVersion?.id).toBe('1.0');

    const again = await importFlow(AVAILABLE_YAML);
    expect(again.flow?.id).toBe(job.flow!.id);
    expect((await arch.getFlow(job.flow!.id!)).publishedVersion?.id).toBe('2.0');

    // Archy keys flows by name and type: a renamed flow is a new flow (CX as Code #1160).
    const renamed = await importFlow(AVAILABLE_YAML.replace('name: Set GC User to Available', 'name: Set GC User to Available (renamed)'));
    expect(renamed.status).toBe('Success');
    cleanup.push(() => arch.deleteFlow(renamed.flow!.id!));
    expect(renamed.flow?.id).not.toBe(job.flow!.id);
    expect((await arch.getFlows({ type: ['workflow'], name: 'Set GC User to Available*', pageSize: 100 })).entities).toHaveLength(2);
    expect((await arch.getFlows({ type: ['inboundcall'], name: 'Set GC User to Available*' })).entities).toHaveLength(0);
  });

  it('fails the job with Archy\'s message when the workflow names a data action the org lacks', async () => {
    const yaml = AVAILABLE_YAML.replace('name: Set GC User to Available', 'name: Missing Action Flow').replace(/GC User Presence Update:/g, 'GC User Presence Update Missing:');
    const job = await importFlow(yaml);
    expect(job.status).toBe('Failure');
    expect(job.flow).toBeUndefined();
    expect(job.messages!.filter((m) => m.type === 'Error').map((m) => m.text).join('\n')).toContain('GC User Presence Update Missing');
    expect((await arch.getFlows({ type: ['workflow'], name: 'Missing Action Flow' })).entities).toHaveLength(0);
  });

  it('refuses an upload that does not carry the headers the job returned', async () => {
    const job = await arch.postFlowsJobs();
    const err = await errOf(c.fetchUrl(job.presignedUrl!, { method: 'PUT', headers: { 'Content-Type': 'text/yaml' }, body: AVAILABLE_YAML }));
    expect(err.status).toBe(403);
    expect((await arch.getFlowsJob(job.id!)).status).toBe('Registered');
  });

  itSandbox('presigned upload URL', 'answers a refused upload as S3 does (403, XML naming why): a changed signature, a missing signed header, a second upload', async () => {
    const job = await arch.postFlowsJobs();
    const put = (url: string, headers: Record<string, string>) => fetch(url, { method: 'PUT', headers, body: AVAILABLE_YAML });
    const s3 = async (res: Response) => [res.status, res.headers.get('content-type'), /<Code>(\w+)<\/Code><Message>([^<]*)</.exec(await res.text())?.slice(1)];
    const signed = job.headers as Record<string, string>;
    const { 'x-amz-server-side-encryption': _sse, ...withoutSse } = signed;
    const forged = job.presignedUrl!.replace(/X-Amz-Signature=\w+/, 'X-Amz-Signature=0000');
    expect(await s3(await put(forged, signed))).toEqual([403, 'application/xml', ['SignatureDoesNotMatch', expect.any(String)]]);
    expect(await s3(await put(job.presignedUrl!, withoutSse))).toEqual([403, 'application/xml', ['SignatureDoesNotMatch', expect.stringContaining('x-amz-server-side-encryption')]]);
    expect((await put(job.presignedUrl!, signed)).status).toBe(200);
    expect(await s3(await put(job.presignedUrl!, signed))).toEqual([403, 'application/xml', ['AccessDenied', expect.stringContaining('already been received')]]);
    expect((await arch.getFlowsJob(job.id!)).status).toBe('Success');
  });

  it('creates a flow shell, locks, unlocks and publishes through query-parameter actions', async () => {
    const shell = await arch.postFlows({ name: 'Presence Kit Shell', type: 'WORKFLOW' });
    cleanup.push(() => arch.deleteFlow(shell.id!));
    expect(shell.lockedClient?.id).toBe(t.connection.clientId);
    const dup = await errOf(arch.postFlows({ name: 'Presence Kit Shell', type: 'WORKFLOW' }));
    expect(dup.status).toBe(409);
    const noConfig = await errOf(arch.postFlowsActionsPublish(shell.id!));
    expect([noConfig.status, noConfig.message]).toEqual([400, expect.stringContaining('no configuration')]);
    const unlocked = await arch.postFlowsActionsUnlock(shell.id!);
    expect(unlocked.lockedClient).toBeUndefined();
    const checkedOut = await arch.postFlowsActionsCheckout(shell.id!);
    expect(checkedOut.lockedClient?.id).toBe(t.connection.clientId);

    const imported = await importFlow(AVAILABLE_YAML.replace('name: Set GC User to Available', 'name: Presence Kit Republish'));
    cleanup.push(() => arch.deleteFlow(imported.flow!.id!));
    const op = await arch.postFlowsActionsPublish(imported.flow!.id!, { version: '1.0' });
    expect(op.actionStatus).toBe('SUCCESS');
    expect((await arch.getFlow(imported.flow!.id!)).publishedVersion?.id).toBe('2.0');
    const missing = await errOf(c.request('POST', '/api/v2/flows/actions/publish'));
    expect([missing.status, missing.message]).toEqual([400, expect.stringContaining('flow')]);
  });

  it('keeps data tables with a typed schema and validates rows against it', async () => {
    const table = await arch.postFlowsDatatables({
      name: 'Presence Kit Pre-Break',
      description: 'minutes before a break',
      schema: {
        type: 'object',
        required: ['key'],
        additionalProperties: false,
        properties: {
          key: { title: 'Activity', type: 'string', $id: '/properties/key', displayOrder: 0 },
          minutes: { title: 'Minutes', type: 'integer', $id: '/properties/minutes', displayOrder: 1 },
          enabled: { title: 'Enabled', type: 'boolean', $id: '/properties/enabled', displayOrder: 2, default: true },
        },
      } as unknown as platformClient.Models.JsonSchemaDocument,
    });
    cleanup.push(() => arch.deleteFlowsDatatable(table.id!));
    expect((await arch.getFlowsDatatable(table.id!, { expand: 'schema' })).schema?.properties).toHaveProperty('minutes');
    expect((await arch.getFlowsDatatables({ name: 'presence kit*' })).entities!.map((x) => x.id)).toEqual([table.id]);

    const row = await arch.postFlowsDatatableRows(table.id!, { key: 'Break', minutes: 5 });
    expect(row).toEqual({ key: 'Break', minutes: 5, enabled: true });
    await arch.postFlowsDatatableRows(table.id!, { key: 'Meal', minutes: 10, enabled: false });
    const dup = await errOf(arch.postFlowsDatatableRows(table.id!, { key: 'Break', minutes: 1 }));
    expect(dup.status).toBe(409);
    const wrongType = await errOf(arch.postFlowsDatatableRows(table.id!, { key: 'Training', minutes: 'five' }));
    expect([wrongType.status, wrongType.message]).toEqual([400, expect.stringContaining('minutes')]);
    const unknownColumn = await errOf(arch.postFlowsDatatableRows(table.id!, { key: 'Training', colour: 'red' }));
    expect([unknownColumn.status, unknownColumn.message]).toEqual([400, expect.stringContaining('colour')]);

    expect((await arch.getFlowsDatatableRows(table.id!)).entities).toEqual([{ key: 'Break' }, { key: 'Meal' }]);
    const page2 = await arch.getFlowsDatatableRows(table.id!, { showbrief: false, pageSize: 1, pageNumber: 2 });
    expect(page2.entities).toEqual([{ key: 'Meal', minutes: 10, enabled: false }]);
    expect(page2.pageCount).toBe(2);

    await arch.putFlowsDatatableRow(table.id!, 'Break', { body: { key: 'Break', minutes: 7, enabled: true } });
    expect(await arch.getFlowsDatatableRow(table.id!, 'Break', { showbrief: false })).toEqual({ key: 'Break', minutes: 7, enabled: true });
    await arch.deleteFlowsDatatableRow(table.id!, 'Meal');
    expect((await errOf(arch.getFlowsDatatableRow(table.id!, 'Meal'))).status).toBe(404);

    const noKey = await errOf(arch.postFlowsDatatables({ name: 'Keyless', schema: { type: 'object', properties: { other: { type: 'string' } } } as platformClient.Models.JsonSchemaDocument }));
    expect([noKey.status, noKey.message]).toEqual([400, expect.stringContaining('key')]);
  });
});
