import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { readHomeDivision } from '../../src/resources/context.js';
import { inputFromExport, readActionExport } from '../../src/resources/data-action.js';
import { runCliIn } from '../helpers/cli.js';
import { echoFlowYaml, importYaml } from '../helpers/simulate.js';
import { inventory, itSandbox, withTestTarget } from '../helpers/target.js';

/**
 * Adoption is planned completely before any write, and undone completely (issue 20, cases 5 and
 * 6): what Genesys cannot change in place on a foreign entity stops the plan, one line each with
 * the reason and the way on; and destroy takes its adoption mark off an entity it cannot put back,
 * so no other directory ever takes that entity for the kit's.
 */
const ROOT = join(import.meta.dirname, '../..');
const dir = (label: string) => mkdtempSync(join(tmpdir(), `pk-adopt-${label}-`));
const CC = ['--blueprint', 'communicate-call'];

describe('engine: adoption planned and undone completely', () => {
  itSandbox('inventory', 'case 5: a trigger with another topic, an action with another contract and a table with other columns stop plan --adopt before any write, one line each (≤ 300 characters), the details under --json', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const client = await t.client({ requestsPerMinute: 0 });
      const flow = await importYaml(client, echoFlowYaml('Hand-made Echo', '', 'Made by hand'));
      await client.request('POST', '/api/v2/processautomation/triggers', {
        body: {
          name: 'GC Communicate Call User Start',
          topicName: 'v2.detail.events.conversation.{id}.user.end',
          enabled: true,
          target: { type: 'Workflow', id: flow.flow!.id, workflowTargetSettings: { dataFormat: 'TopLevelPrimitives' } },
          matchCriteria: [],
        },
      });
      await client.request('POST', '/api/v2/flows/datatables', {
        body: {
          name: 'Communicate Call Presence Memory',
          division: { id: (await readHomeDivision(client)).id },
          schema: { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', additionalProperties: false, required: ['key'], properties: { key: { title: 'UserId', type: 'string', $id: '/properties/key', displayOrder: 0 }, Notes: { title: 'Notes', type: 'string', $id: '/properties/Notes', displayOrder: 1 } } },
        },
      });
      // A hand-made presence integration whose "Get Genesys Cloud User Presence" takes another input than ours.
      const integration = await client.request<{ id: string }>('POST', '/api/v2/integrations', { body: { name: 'Update Genesys Cloud User Presence', integrationType: { id: 'purecloud-data-actions' }, notes: 'hand-made' } });
      const exported = inputFromExport(readActionExport(join(ROOT, 'data-actions/get-user-presence.custom.json')), { integrationId: integration.id, category: 'Update Genesys Cloud User Presence' });
      await client.request('POST', '/api/v2/integrations/actions', {
        body: { ...exported, contract: { ...exported.contract, input: { inputSchema: { type: 'object', properties: { email: { type: 'string' } }, additionalProperties: true } } } },
      });
      const adopt = ['trigger/GC Communicate Call User Start', 'data-table/Communicate Call Presence Memory', 'integration/Update Genesys Cloud User Presence', 'data-action/Get Genesys Cloud User Presence'].flatMap((a) => ['--adopt', a]);
      const before = await inventory(t);
      const r = await runCliIn(dir('a'), t, {}, 'plan', '--json', ...CC, ...adopt);
      expect(r.code).toBe(1);
      const e = (JSON.parse(r.stdout) as { error: { code: string; message: string; details: string[] } }).error;
      expect(e.code).toBe('blueprint.input');
      expect(e.message).toBe('3 adopted entities differ from ours in what Genesys cannot change in place — nothing was written:');
      expect(e.details).toEqual([
        expect.stringMatching(/^data action "Get Genesys Cloud User Presence" \(.+\) has another contract than ours: the workflows calling "Get Genesys Cloud User Presence" would not import — rename ours/),
        expect.stringMatching(/^data table "Communicate Call Presence Memory" \(.+\) has columns ours lacks or types differently \(Notes\): Genesys refuses that schema change — rename ours \(--set namePrefix=<another name>\) or change that data table by hand, then plan again$/),
        expect.stringMatching(/^trigger "GC Communicate Call User Start" \(.+\) listens to v2\.detail\.events\.conversation\.\{id\}\.user\.end, ours to v2\.detail\.events\.conversation\.\{id\}\.user\.start: Genesys cannot change a trigger's topic — rename ours/),
      ]);
      for (const l of e.details) expect(l.length).toBeLessThanOrEqual(300);
      // And apply, with the same adoption, writes nothing.
      expect((await runCliIn(dir('b'), t, {}, 'apply', '--yes', ...CC, ...adopt)).code).toBe(1);
      expect(await inventory(t)).toEqual(before);
    });
  });

  itSandbox('inventory', 'case 6: destroy takes the adoption mark off a workflow it cannot put back; another directory then sees it as foreign and changes nothing without --adopt', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const client = await t.client({ requestsPerMinute: 0 });
      const flow = (await importYaml(client, echoFlowYaml('Set GC User to Busy', '', 'Made by hand from the setup guide'))).flow!;
      const a = dir('a');
      expect((await runCliIn(a, t, {}, 'apply', '--yes', ...CC, '--adopt', 'workflow/Set GC User to Busy')).code).toBe(0);
      const adopted = await client.request<{ description: string }>('GET', `/api/v2/flows/${flow.id}`);
      expect(adopted.description).toMatch(/\[presence-kit deployment=default blueprints=communicate-call adopted\]$/);

      const d = await runCliIn(a, t, {}, 'destroy', '--yes', '--json');
      expect(d.code).toBe(0);
      const step = (JSON.parse(d.stdout) as { steps: Array<{ name: string; reason: string }> }).steps.find((s) => s.name === 'Set GC User to Busy')!;
      expect(step.reason).toMatch(/cannot be put back: .*; its adoption mark is removed$/);
      const after = await client.request<{ description?: string }>('GET', `/api/v2/flows/${flow.id}`);
      expect(after.description ?? '').not.toContain('presence-kit');

      // Another directory, no --adopt: the flow is someone else's again — apply stops, writes nothing.
      const before = await inventory(t);
      const b = await runCliIn(dir('b'), t, {}, 'apply', '--yes', ...CC);
      expect(b.code).toBe(1);
      expect(b.stderr).toMatch(/workflow "Set GC User to Busy" \(.+\) has no presence-kit mark/);
      expect(await inventory(t)).toEqual(before);
    });
  });
});
