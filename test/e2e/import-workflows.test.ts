import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCli } from '../helpers/cli.js';
import type { GenesysClient } from '../../src/genesys/client.js';
import { ResourceContext } from '../../src/resources/context.js';
import { dataTable } from '../../src/resources/data-table.js';
import { integration } from '../../src/resources/integration.js';
import { encodeI3WorkFlow } from '../../src/engine/import/i3-codec.js';
import { importAction } from '../../src/engine/import/import-action.js';
import { importWorkflowFile } from '../../src/engine/import/import-workflow.js';
import { MissingReferencesError } from '../../src/engine/import/missing-references.js';
import { inventory, LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { createCallMemoryTable, importYaml, POLICY_ACTION_FILES } from '../helpers/simulate.js';

const FIXTURES = resolve(process.cwd(), '../shared/fixtures/blueprints');
const COMMUNICATE = join(FIXTURES, 'update-gc-presence-on-communicate-call-activity-blueprint');
const TEAMS = join(FIXTURES, 'gc-presence-update-from-ms-teams');
const BLACKLIST = join(FIXTURES, 'ani-blacklist');
const REVERSE = join(FIXTURES, 'update-ms-teams-presence-from-inbound-interaction-trigger-blueprint');
const OURS = resolve(process.cwd(), 'workflows');

/** Every integration (= action category) the original flows call, and its type. */
const INTEGRATIONS: Record<string, string> = {
  'Update Genesys Cloud User Presence': 'purecloud-data-actions',
  GetConversationDetailsPublicAPI: 'purecloud-data-actions',
  'Genesys Cloud Presence API': 'purecloud-data-actions',
  'Disconnect interaction': 'purecloud-data-actions',
  'Get MS Teams User ID': 'purecloud-data-actions',
  'MS Teams Graph Authentication (Presence Update)': 'custom-rest-actions',
};

const I3_FILES = [
  join(COMMUNICATE, 'Set GC User to Busy.i3WorkFlow'),
  join(COMMUNICATE, 'Set GC User to Available.i3WorkFlow'),
  join(TEAMS, 'Microsoft Teams Integration Presence Trigger.i3WorkFlow'),
  join(BLACKLIST, 'Blacklist.i3WorkFlow'),
  join(REVERSE, 'GC User Set MS Teams to Available_v4-0.i3WorkFlow'),
  join(REVERSE, 'GC User Set MS Teams to DoNotDisturb_v8-0.i3WorkFlow'),
];

describe('presence-kit import workflow', () => {
  let t: TestTarget;
  let c: GenesysClient;

  /** Requests that changed something since the last call (token requests aside). */
  const writes = async (): Promise<string[]> => {
    if (!t.sandbox) return [];
    const counts = (await (await fetch(`${t.sandbox.url}/sandbox/v1/requests`)).json()) as Record<string, number>;
    await fetch(`${t.sandbox.url}/sandbox/v1/requests`, { method: 'DELETE' });
    return Object.keys(counts).filter((k) => !k.startsWith('GET ') && !k.includes('/oauth/token'));
  };
  const flowsNamed = async (name: string) =>
    (await c.request<{ entities: Array<{ id: string; name: string; publishedVersion?: { id: string } }> }>('GET', '/api/v2/flows', { query: { type: 'workflow', name } })).entities.filter((f) => f.name === name);

  /** Follows the import's own hints: imports each missing action from the export it points at, under the name the flow calls. */
  const importFollowingHints = async (file: string, set: Record<string, string> = {}) => {
    try {
      return await importWorkflowFile(c, { file, set });
    } catch (e) {
      if (!(e instanceof MissingReferencesError)) throw e;
      for (const m of e.missing.actions) {
        expect(m.exportFile, `a hint for ${m.name}`).toBeDefined();
        await importAction(c, { file: m.exportFile!, integration: m.category, name: m.name });
      }
      return importWorkflowFile(c, { file, set });
    }
  };

  beforeAll(async () => {
    t = await openTestTarget();
    c = await t.client();
    const ctx = new ResourceContext(c);
    for (const [name, integrationType] of Object.entries(INTEGRATIONS)) await integration.create(ctx, name, integration.schema.parse({ integrationType, enabled: false }));
    for (const file of ['GC-User-Presence-Update.custom.json', 'Get-Genesys-Cloud-User-Presence.custom.json', 'GetInboundConversationCallsCheckForUserPickUp.custom.json', 'GetInboundConversationDetailsForPickUp-Includes-Group-Check.custom.json', 'GetOutboundConversationDetailsForPickUp.custom.json']) {
      const category = file.startsWith('Get') && file.includes('Conversation') ? 'GetConversationDetailsPublicAPI' : 'Update Genesys Cloud User Presence';
      await importAction(c, { file: join(COMMUNICATE, file), integration: category });
    }
    await dataTable.create(ctx, 'MsTeamsPresenceMappings', dataTable.schema.parse({ keyTitle: 'TeamsPresenceKey', columns: { GenesysCloudPresenceId: 'string' } }));
    await dataTable.create(ctx, 'Blacklist', dataTable.schema.parse({ keyTitle: 'ani', columns: {} }));
    await writes();
  });
  afterAll(() => t.close());

  it('reports the Busy flow’s (ConversationDirect) names the JSON exports lack, with the command that fixes each, before writing anything', async () => {
    const r = await runCli(t, 'import', 'workflow', join(COMMUNICATE, 'Set GC User to Busy.i3WorkFlow'));
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain(
      '"GetConversationDetailsPublicAPI" / "GetInboundConversationDetailsForPickUp (Includes Group Check) (ConversationDirect)" (the org has "GetInboundConversationDetailsForPickUp (Includes Group Check)" in "GetConversationDetailsPublicAPI")',
    );
    expect(r.stderr).toContain(
      `presence-kit import action "${join(COMMUNICATE, 'GetInboundConversationDetailsForPickUp-Includes-Group-Check.custom.json')}" --integration "GetConversationDetailsPublicAPI" --name "GetInboundConversationDetailsForPickUp (Includes Group Check) (ConversationDirect)"`,
    );
    expect(r.stderr).toContain('--name "GetOutboundConversationDetailsForPickUp (ConversationDirect)"');
    expect(await writes()).toEqual([]);
    expect(await flowsNamed('Set GC User to Busy')).toEqual([]);
  });

  it('imports the Busy .i3WorkFlow once its actions exist under the names it calls', async () => {
    // The two commands the previous test's message prints.
    for (const [file, name] of [
      ['GetInboundConversationDetailsForPickUp-Includes-Group-Check.custom.json', 'GetInboundConversationDetailsForPickUp (Includes Group Check) (ConversationDirect)'],
      ['GetOutboundConversationDetailsForPickUp.custom.json', 'GetOutboundConversationDetailsForPickUp (ConversationDirect)'],
    ]) {
      const r = await runCli(t, 'import', 'action', join(COMMUNICATE, file!), '--integration', 'GetConversationDetailsPublicAPI', '--name', name!);
      expect(r.code).toBe(0);
    }
    const r = await runCli(t, 'import', 'workflow', join(COMMUNICATE, 'Set GC User to Busy.i3WorkFlow'), '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { format: string; name: string; imported: boolean; flow: { id: string }; yaml?: string };
    expect(out).toMatchObject({ format: 'i3WorkFlow', name: 'Set GC User to Busy', imported: true });
    expect(out).not.toHaveProperty('yaml');
    const flows = await flowsNamed('Set GC User to Busy');
    expect(flows.map((f) => f.id)).toEqual([out.flow.id]);
    expect(flows[0]!.publishedVersion?.id).toBeTruthy();
  });

  it.each(I3_FILES.map((f) => [basename(f), f]))('every original .i3WorkFlow decodes, converts and imports: %s', async (_, file) => {
    const r = await importFollowingHints(file);
    expect(r).toMatchObject({ format: 'i3WorkFlow', imported: true, warnings: [] });
    expect((await flowsNamed(r.name)).map((f) => f.id)).toEqual([r.flow!.id]);
  });

  const teamsSet = {
    flow_name: 'Microsoft Teams Integration Presence Trigger',
    division: 'Home',
    default_language: 'en-us',
    data_action_category: 'Genesys Cloud Presence API',
    data_action_name_1: 'GC User Presence Update',
    data_action_name_2: 'Get Genesys Cloud User Presence',
    data_table: 'MsTeamsPresenceMappings',
  };
  const blacklistSet = {
    flow_name: 'Blacklist',
    division: 'Home',
    default_language: 'en-us',
    data_action_category: 'Disconnect interaction',
    data_action_name: 'Disconnect interaction',
    data_table: 'Blacklist',
  };

  it.each([
    ['Set GC User to Busy.yaml', join(COMMUNICATE, 'Set GC User to Busy.yaml'), {}],
    ['Set GC User to Available.yaml', join(COMMUNICATE, 'Set GC User to Available.yaml'), {}],
    ['ms-teams-integrations-presence-trigger.yaml', join(TEAMS, 'ms-teams-integrations-presence-trigger.yaml'), teamsSet],
    ['blacklist.yaml', join(BLACKLIST, 'blacklist.yaml'), blacklistSet],
  ] as Array<[string, string, Record<string, string>]>)('every original YAML imports (updating the flow of the same name): %s', async (_, file, set) => {
    const args = Object.entries(set).flatMap(([k, v]) => ['--set', `${k}=${v}`]);
    const r = await runCli(t, 'import', 'workflow', file, ...args, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { format: string; name: string; flow: { id: string } };
    expect(out.format).toBe('yaml');
    // Same name as the .i3WorkFlow imported above: Archy updates that flow, it does not add one.
    expect((await flowsNamed(out.name)).map((f) => f.id)).toEqual([out.flow.id]);
  });

  it('imports our own workflows with the values the engine substitutes', async () => {
    const set = {
      busyPresenceId: '31fe3bac-dea6-44b7-bed7-47f91660a1a0',
      ...(await createCallMemoryTable(c)),
      fallbackPresenceId: '',
      presenceIntegrationName: 'Update Genesys Cloud User Presence',
      conversationIntegrationName: 'GetConversationDetailsPublicAPI',
      mappingTableName: 'MsTeamsPresenceMappings',
    };
    // Our versions call actions with outputs the originals lack; bring ours in first.
    for (const [file, category] of [
      ['get-user-presence.custom.json', 'Update Genesys Cloud User Presence'],
      ['gc-user-presence-update.custom.json', 'Update Genesys Cloud User Presence'],
      ['get-inbound-conversation-calls.custom.json', 'GetConversationDetailsPublicAPI'],
      ['get-inbound-conversation-details.custom.json', 'GetConversationDetailsPublicAPI'],
      ['get-outbound-conversation-details.custom.json', 'GetConversationDetailsPublicAPI'],
      ['get-user-active-calls.custom.json', 'Update Genesys Cloud User Presence'],
      ...POLICY_ACTION_FILES.map((f) => [f, 'Update Genesys Cloud User Presence']),
    ]) {
      const r = await importAction(c, { file: resolve(process.cwd(), 'data-actions', file!), integration: category! });
      expect(['created', 'updated', 'replaced', 'unchanged']).toContain(r.outcome);
    }
    for (const file of ['set-gc-user-to-busy.yaml', 'set-gc-user-to-available.yaml', 'teams-presence-sync.yaml']) {
      const r = await importWorkflowFile(c, { file: join(OURS, file), set });
      expect(r.imported).toBe(true);
      expect((await flowsNamed(r.name))[0]?.publishedVersion?.id).toBeTruthy();
    }
  });

  it('--dry-run converts and checks, prints a summary (the YAML with --out -), and imports nothing', async () => {
    await writes();
    const summary = await runCli(t, 'import', 'workflow', join(COMMUNICATE, 'Set GC User to Available.i3WorkFlow'), '--dry-run');
    expect(summary.code).toBe(0);
    expect(summary.stdout.trim().split('\n')).toEqual([
      'dry run: checked workflow "Set GC User to Available" (converted from .i3WorkFlow): 2 data action(s), 0 data table(s) found, not imported (--out FILE writes the YAML it would import)',
    ]);
    const r = await runCli(t, 'import', 'workflow', join(COMMUNICATE, 'Set GC User to Available.i3WorkFlow'), '--dry-run', '--out', '-');
    expect(r.code).toBe(0);
    expect((parse(r.stdout) as { workflow: { name: string } }).workflow.name).toBe('Set GC User to Available');
    expect(r.stderr).toMatch(/dry run: workflow "Set GC User to Available" \(converted from \.i3WorkFlow\) checked \(2 data action\(s\), 0 data table\(s\) found\), not imported/);
    expect(await writes()).toEqual([]);
  });

  describe.skipIf(LIVE)('bad input: one line, non-zero exit, nothing written', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-wf-'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const tiny = (action: object) =>
      encodeI3WorkFlow({ name: 'Tiny', type: 'workflow', variables: [], flowSequenceItemList: [{ __type: 'State', id: 's', name: 'Initial State', trackingId: 1, startAction: 'a', actionList: [{ id: 'a', ...action }] }] });

    it.each([
      ['a placeholder without --set', () => [join(TEAMS, 'ms-teams-integrations-presence-trigger.yaml'), '--set', 'flow_name=X'], /no value for \{\{division\}\}, \{\{default_language\}\}, \{\{data_action_category\}\}, \{\{data_action_name_2\}\}, \{\{data_table\}\}, \{\{data_action_name_1\}\} — add --set division=… --set default_language=…/],
      ['a broken .i3WorkFlow', () => [write('broken.i3WorkFlow', 'this is not base64!')], /broken\.i3WorkFlow: not an Architect export/],
      ['a construct the converter cannot convert', () => [write('email.i3WorkFlow', tiny({ name: 'Send Email', __type: 'SendEmailAction', trackingId: 7 }))], /email\.i3WorkFlow: cannot convert "Send Email" \(SendEmailAction, tracking id 7\)/],
      ['malformed YAML', () => [write('bad.yaml', 'workflow:\n  name: [unclosed\n')], /bad\.yaml: not valid YAML/],
      ['a flow that is not a workflow', () => [write('call.yaml', 'inboundCall:\n  name: Main\n')], /call\.yaml: "Main" is a inboundCall flow — presence-kit imports workflows only/],
      ['a file of another kind', () => [write('flow.json', '{}')], /flow\.json: expected an Archy YAML file \(\.yaml\) or an Architect export \(\.i3WorkFlow\)/],
      ['a missing data table', () => [join(TEAMS, 'ms-teams-integrations-presence-trigger.yaml'), ...Object.entries({ ...teamsSet, data_table: 'NoSuchTable' }).flatMap(([k, v]) => ['--set', `${k}=${v}`])], /looks up data tables the org does not have: "NoSuchTable"/],
      ['a --set that is not KEY=VALUE', () => [join(COMMUNICATE, 'Set GC User to Available.yaml'), '--set', 'oops'], /--set "oops" is not KEY=VALUE/],
      // The Teams flow's second call pointed at the Update action: it has no output systemPresence,
      // and the call gives no PRESENCE_DEFINITION_ID. Architect refuses it; so does the import, first.
      ...([['--dry-run'], []] as string[][]).map((flags): [string, () => string[], RegExp] => [
        `a data-action call that does not fit the action's contract (${flags.length ? 'import --dry-run' : 'import'})`,
        () => [join(TEAMS, 'ms-teams-integrations-presence-trigger.yaml'), ...Object.entries({ ...teamsSet, data_action_name_2: 'GC User Presence Update' }).flatMap(([k, v]) => ['--set', `${k}=${v}`]), ...flags],
        /calls data actions against their contracts \(Architect would refuse to publish it\): data action 'GC User Presence Update' in category 'Genesys Cloud Presence API': input 'PRESENCE_DEFINITION_ID' is missing; data action 'GC User Presence Update' in category 'Genesys Cloud Presence API' has no success output 'systemPresence' \(its outputs: none\)/,
      ]),
    ] as Array<[string, () => string[], RegExp]>)('%s', async (_, args, expected) => {
      await writes();
      const flowsBefore = (await inventory(t)).flows?.length;
      const r = await runCli(t, 'import', 'workflow', ...args());
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(expected);
      expect(await writes()).toEqual([]);
      expect((await inventory(t)).flows?.length).toBe(flowsBefore);
    });

    it('the flows job itself refuses a call that does not fit its action’s contract (what Architect does on publish)', async () => {
      const text = readFileSync(join(TEAMS, 'ms-teams-integrations-presence-trigger.yaml'), 'utf8').replace(/\{\{\s*(\w+)\s*\}\}/g, (_m, k: string) =>
        ({ ...teamsSet, flow_name: 'Contract Probe', data_action_name_2: 'GC User Presence Update' })[k as keyof typeof teamsSet] ?? _m,
      );
      const out = await importYaml(await t.client(), text);
      expect(out.status).toBe('Failure');
      const messages = out.messages.map((m) => m.text).join('\n');
      expect(messages).toContain("data action 'GC User Presence Update' in category 'Genesys Cloud Presence API': input 'PRESENCE_DEFINITION_ID' is missing");
      expect(messages).toContain("has no success output 'systemPresence' (its outputs: none)");
      expect(await flowsNamed('Contract Probe')).toEqual([]);
    });

    it('a construct Archy refuses fails the job with Archy’s own message, and no flow is created', async () => {
      const original = readFileSync(join(COMMUNICATE, 'Set GC User to Available.yaml'), 'utf8');
      const file = write('transfer.yaml', original.replace('name: Set GC User to Available', 'name: Transfer Probe').replace('- endWorkflow:\n', '- transferToAcd:\n              name: Transfer\n          - endWorkflow:\n'));
      const r = await runCli(t, 'import', 'workflow', file);
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/Archy could not import workflow "Transfer Probe": Error: unsupported action 'transferToAcd'/);
      expect(await flowsNamed('Transfer Probe')).toEqual([]);
    });
  });
});
