import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PostActionInputSchema } from '../../src/model/data-action.js';
import { inputFromExport, readActionExport } from '../../src/resources/data-action.js';
import { checkImportable, stripExportedSuffix } from '../../src/engine/import/action-file.js';

const here = dirname(fileURLToPath(import.meta.url));
const FIXTURES = resolve(here, '../../../shared/fixtures/blueprints');
const OURS = resolve(here, '../../data-actions');
const isActionExport = (f: string) => f.endsWith('.json') && !f.includes('postman_collection');
const originals = readdirSync(FIXTURES).flatMap((d) => {
  try {
    return readdirSync(join(FIXTURES, d)).filter(isActionExport).map((f) => join(FIXTURES, d, f));
  } catch {
    return [];
  }
});
const ours = readdirSync(OURS).filter((f) => f.endsWith('.custom.json')).map((f) => join(OURS, f));
const data = { name: 'Data', type: 'purecloud-data-actions' };
const web = { name: 'Web', type: 'custom-rest-actions' };

describe('data action export files', () => {
  it('finds the originals', () => expect(originals.length).toBeGreaterThanOrEqual(9));

  it.each([...originals, ...ours].map((f) => [basename(f), f]))('%s reads as an export and becomes a valid POST /api/v2/integrations/actions body', (_, file) => {
    const action = readActionExport(file);
    const body = inputFromExport(action, { integrationId: 'i-1', category: 'My Integration' });
    expect(PostActionInputSchema.parse(body)).toEqual(body);
    expect(body).not.toHaveProperty('integrationType');
    expect(body).not.toHaveProperty('actionType');
  });

  it.each(ours.map((f) => [basename(f), f]))('our %s is a Genesys Cloud (or, for Microsoft Graph, a Web Services) data action with required inputs', (_, file) => {
    const action = readActionExport(file);
    const graph = action.config.request.requestUrlTemplate.startsWith('https://graph.microsoft.com/');
    expect(action.integrationType).toBe(graph ? 'custom-rest-actions' : 'purecloud-data-actions');
    expect(action.actionType).toBe('custom');
    expect(() => checkImportable(action, file, graph ? web : data)).not.toThrow();
    expect((action.contract.input.inputSchema as { required?: string[] }).required?.length).toBeGreaterThan(0);
    // Defaults are substituted into the success template as they are: they must be JSON.
    for (const v of Object.values(action.config.response.translationMapDefaults ?? {})) expect(() => JSON.parse(v)).not.toThrow();
  });

  it('the original get-presence action’s default is the defect we fixed: not JSON', () => {
    const original = readActionExport(join(FIXTURES, 'update-gc-presence-on-communicate-call-activity-blueprint/Get-Genesys-Cloud-User-Presence.custom.json'));
    expect(() => JSON.parse(original.config.response.translationMapDefaults!.systemPresence!)).toThrow();
  });

  it('strips the " - Exported <date> @ <time>" the admin UI appends, and nothing else', () => {
    expect(stripExportedSuffix('Get Genesys Cloud User Presence - Exported 2024-03-01 @ 14:05')).toBe('Get Genesys Cloud User Presence');
    expect(stripExportedSuffix('Find Teams User Id - Exported 2023-11-20 @ 9:41')).toBe('Find Teams User Id');
    expect(stripExportedSuffix('Disconnect - Interaction')).toBe('Disconnect - Interaction');
  });

  it('refuses what the actions API cannot import, saying what to do instead', () => {
    const auth = readActionExport(join(FIXTURES, 'update-ms-teams-presence-from-inbound-interaction-trigger-blueprint/Office-365-Auth.customAuth.json'));
    expect(() => checkImportable(auth, 'a.json', web)).toThrow(/^a\.json: "Office 365 \(Auth\)" is a custom authentication action \(actionType customAuth\) — Genesys creates it with a Web Services Data Actions integration/);
    const graph = readActionExport(join(FIXTURES, 'update-ms-teams-presence-from-inbound-interaction-trigger-blueprint/Update-Teams-User-Presence.custom.json'));
    expect(() => checkImportable(graph, 'g.json', web)).not.toThrow();
    expect(() => checkImportable(graph, 'g.json', data)).toThrow(
      'g.json: "Update Teams User Presence" is a Web Services Data Actions action (integrationType custom-rest-actions) but integration "Data" is Genesys Cloud Data Actions — pick a Web Services Data Actions integration with --integration',
    );
    expect(() => checkImportable(graph, 'g.json', { name: 'Teams', type: 'microsoft-teams' })).toThrow(/integration "Teams" is of type microsoft-teams, which has no data actions/);
  });

  it('explains a malformed file in one line naming the file and the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-action-'));
    const cases: Array<[string, RegExp]> = [
      ['{"name": ', /^.*bad\.json: not valid JSON/],
      [JSON.stringify({ config: { request: { requestUrlTemplate: '/x', requestType: 'GET' } }, contract: {} }), /bad\.json: name: /],
      [JSON.stringify({ name: 'x', config: { request: { requestUrlTemplate: '/x', requestType: 'FETCH' } }, contract: {} }), /bad\.json: config\.request\.requestType: /],
    ];
    for (const [text, expected] of cases) {
      const file = join(dir, 'bad.json');
      writeFileSync(file, text);
      let message = '';
      try {
        readActionExport(file);
      } catch (e) {
        message = (e as Error).message;
      }
      expect(message).toMatch(expected);
      expect(message).not.toContain('\n');
    }
  });
});
