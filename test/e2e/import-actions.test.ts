import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import type { GenesysClient } from '../../src/genesys/client.js';
import { integration } from '../../src/resources/integration.js';
import { ResourceContext } from '../../src/resources/context.js';
import { importAction } from '../../src/engine/import/import-action.js';
import { inventory, LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';

const FIXTURES = resolve(process.cwd(), '../shared/fixtures/blueprints');
const COMMUNICATE = join(FIXTURES, 'update-gc-presence-on-communicate-call-activity-blueprint');
const REVERSE = join(FIXTURES, 'update-ms-teams-presence-from-inbound-interaction-trigger-blueprint');
const PRESENCE = 'Update Genesys Cloud User Presence';
const CONVERSATIONS = 'GetConversationDetailsPublicAPI';
const WEB = 'MS Teams Graph Authentication (Presence Update)';

/** The original exports, each with the integration its setup guide puts it in. */
const ORIGINALS: Array<[string, string]> = [
  [join(COMMUNICATE, 'GC-User-Presence-Update.custom.json'), PRESENCE],
  [join(COMMUNICATE, 'Get-Genesys-Cloud-User-Presence.custom.json'), PRESENCE],
  [join(COMMUNICATE, 'GetInboundConversationCallsCheckForUserPickUp.custom.json'), CONVERSATIONS],
  [join(COMMUNICATE, 'GetInboundConversationDetailsForPickUp-Includes-Group-Check.custom.json'), CONVERSATIONS],
  [join(COMMUNICATE, 'GetOutboundConversationDetailsForPickUp.custom.json'), CONVERSATIONS],
  [join(FIXTURES, 'gc-presence-update-from-ms-teams/GC-User-Presence-Update.custom.json'), 'Genesys Cloud Presence API'],
  [join(FIXTURES, 'gc-presence-update-from-ms-teams/Get-Genesys-Cloud-User-Presence.custom.json'), 'Genesys Cloud Presence API'],
  [join(FIXTURES, 'ani-blacklist/Disconnect-Interaction.json'), 'Disconnect Interaction'],
  [join(REVERSE, 'Find-Teams-User-Id.custom.json'), 'Get MS Teams User ID'],
  [join(REVERSE, 'Update-Teams-User-Presence.custom.json'), WEB],
];

describe('presence-kit import action', () => {
  let t: TestTarget;
  let c: GenesysClient;

  beforeAll(async () => {
    t = await openTestTarget();
    c = await t.client();
    const ctx = new ResourceContext(c);
    const names = [...new Set(ORIGINALS.map(([, i]) => i))];
    for (const name of names) {
      const integrationType = name === WEB ? 'custom-rest-actions' : 'purecloud-data-actions';
      await integration.create(ctx, name, integration.schema.parse({ integrationType, enabled: false }));
    }
    await integration.create(ctx, 'Microsoft Teams', integration.schema.parse({ integrationType: 'microsoft-teams', enabled: false }));
  });
  afterAll(() => t.close());

  it('finds every original data action export', () => {
    const dirs = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    const onDisk = dirs.flatMap((d) => readdirSync(join(FIXTURES, d)).filter((f) => f.endsWith('.json') && !f.includes('postman')).map((f) => join(FIXTURES, d, f)));
    // Everything but the custom-auth action (tested below) is in ORIGINALS.
    expect(onDisk.filter((f) => !f.endsWith('.customAuth.json')).sort()).toEqual(ORIGINALS.map(([f]) => f).sort());
  });

  it.each(ORIGINALS.map(([f, i]) => [basename(f), f, i]))('imports %s as it is, then finds it up to date', async (_, file, integrationName) => {
    const first = await runCli(t, 'import', 'action', file, '--integration', integrationName, '--json');
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const created = JSON.parse(first.stdout) as { outcome: string; id: string; name: string; category: string };
    expect(created.outcome).toBe('created');
    expect(created.category).toBe(integrationName);

    const action = await c.request<{ name: string; category: string; config: unknown; contract: unknown }>('GET', `/api/v2/integrations/actions/${created.id}`, { query: { expand: 'contract', includeConfig: true } });
    expect(action.category).toBe(integrationName);
    expect(action).not.toHaveProperty('integrationType');

    const again = await runCli(t, 'import', 'action', file, '--integration', integrationName, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ outcome: 'unchanged', id: created.id });
  });

  it('imports under another name (the one a workflow calls), and strips the admin UI’s " - Exported …" suffix', async () => {
    const r = await runCli(t, 'import', 'action', join(COMMUNICATE, 'GetOutboundConversationDetailsForPickUp.custom.json'), '--integration', CONVERSATIONS, '--name', 'GetOutboundConversationDetailsForPickUp (ConversationDirect)');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^created data action "GetOutboundConversationDetailsForPickUp \(ConversationDirect\)" in "GetConversationDetailsPublicAPI"/);

    const dir = mkdtempSync(join(tmpdir(), 'pk-import-'));
    const file = join(dir, 'exported.json');
    writeFileSync(file, JSON.stringify({ ...(await import(join(COMMUNICATE, 'Get-Genesys-Cloud-User-Presence.custom.json'), { with: { type: 'json' } })).default, name: 'Presence Probe - Exported 2024-03-01 @ 14:05' }));
    const probe = await importAction(c, { file, integration: PRESENCE });
    expect(probe).toMatchObject({ outcome: 'created', name: 'Presence Probe' });
  });

  it('updates an action whose configuration changed, in place, with no duplicate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-import-'));
    const file = join(dir, 'a.json');
    const base = (await import(join(COMMUNICATE, 'GC-User-Presence-Update.custom.json'), { with: { type: 'json' } })).default as { config: { request: { headers: Record<string, string> } } };
    writeFileSync(file, JSON.stringify({ ...base, name: 'Probe Update', config: { ...base.config, request: { ...base.config.request, headers: { 'Content-Type': 'application/json' } } } }));
    const created = await importAction(c, { file, integration: PRESENCE });
    writeFileSync(file, JSON.stringify({ ...base, name: 'Probe Update' }));
    const updated = await importAction(c, { file, integration: PRESENCE });
    expect(updated).toMatchObject({ outcome: 'updated', id: created.id, changes: ['config'] });
    const now = await c.request<{ config: { request: { headers: Record<string, string> } } }>('GET', `/api/v2/integrations/actions/${created.id}`, { query: { includeConfig: true } });
    expect(now.config.request.headers.UserAgent).toBe('PureCloudIntegrations/1.0');
    const listed = await c.request<{ entities: Array<{ id: string }> }>('GET', '/api/v2/integrations/actions', { query: { name: 'Probe Update' } });
    expect(listed.entities.map((a) => a.id)).toEqual([created.id]);
    expect(await importAction(c, { file, integration: PRESENCE })).toMatchObject({ outcome: 'unchanged', id: created.id });
  });

  describe.skipIf(LIVE)('bad input: one line, non-zero exit, nothing written', () => {
    const countWrites = async () => {
      const inv = await inventory(t);
      return { actions: inv.actions?.length ?? 0, drafts: inv.actionDrafts?.length ?? 0 };
    };
    const dir = mkdtempSync(join(tmpdir(), 'pk-bad-'));
    const write = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };

    it.each([
      ['malformed JSON', () => [write('broken.json', '{"name": "x", '), PRESENCE], /broken\.json: not valid JSON/],
      ['a missing field', () => [write('nocontract.json', JSON.stringify({ name: 'x', config: { request: { requestUrlTemplate: '/x', requestType: 'GET' } } })), PRESENCE], /nocontract\.json: contract: /],
      ['a file that does not exist', () => [join(dir, 'nope.json'), PRESENCE], /nope\.json: file not found/],
      ['an integration that does not exist', () => [join(COMMUNICATE, 'GC-User-Presence-Update.custom.json'), 'Update Genesys Cloud User Presense'], /no integration named "Update Genesys Cloud User Presense" \(did you mean "Update Genesys Cloud User Presence"\?\)/],
      ['a custom auth action', () => [join(REVERSE, 'Office-365-Auth.customAuth.json'), WEB], /is a custom authentication action \(actionType customAuth\)/],
      ['a Web Services action into a Genesys Cloud Data Actions integration', () => [join(REVERSE, 'Update-Teams-User-Presence.custom.json'), PRESENCE], /pick a Web Services Data Actions integration with --integration/],
      ['an integration without data actions', () => [join(COMMUNICATE, 'GC-User-Presence-Update.custom.json'), 'Microsoft Teams'], /which has no data actions/],
    ] as Array<[string, () => string[], RegExp]>)('%s', async (_, args, expected) => {
      const before = await countWrites();
      const [file, integrationName] = args();
      const r = await runCli(t, 'import', 'action', file!, '--integration', integrationName!);
      expect(r.code).not.toBe(0);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(expected);
      expect(await countWrites()).toEqual(before);
    });

    it('without --integration, says so', async () => {
      const r = await runCli(t, 'import', 'action', join(COMMUNICATE, 'GC-User-Presence-Update.custom.json'));
      expect(r.code).not.toBe(0);
      expect(r.stderr).toMatch(/required option '--integration <name>' not specified/);
    });
  });
});
