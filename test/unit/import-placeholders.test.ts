import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { placeholdersIn, substituteForImport } from '../../src/engine/import/placeholders.js';
import { workflowRefs } from '../../src/engine/import/workflow-refs.js';

const here = dirname(fileURLToPath(import.meta.url));
const TEAMS = resolve(here, '../../../shared/fixtures/blueprints/gc-presence-update-from-ms-teams/ms-teams-integrations-presence-trigger.yaml');
const WORKFLOWS = resolve(here, '../../workflows');

describe('{{placeholder}} substitution', () => {
  it('lists placeholders once each, in order', () => {
    expect(placeholdersIn('a {{x}} b {{ y }} c {{x}}')).toEqual(['x', 'y']);
  });

  it('substitutes everywhere, even where a YAML key stands (as Terraform’s genesyscloud_flow does)', () => {
    const text = readFileSync(TEAMS, 'utf8');
    expect(placeholdersIn(text)).toEqual(['flow_name', 'division', 'default_language', 'data_action_category', 'data_action_name_2', 'data_table', 'data_action_name_1']);
    const values = {
      flow_name: 'Teams Sync',
      division: 'Home',
      default_language: 'en-us',
      data_action_category: 'Genesys Cloud Presence API',
      data_action_name_1: 'GC User Presence Update',
      data_action_name_2: 'Get Genesys Cloud User Presence',
      data_table: 'MsTeamsPresenceMappings',
      extra: 'x',
    };
    const out = substituteForImport(text, values);
    expect(out.unused).toEqual(['extra']);
    const refs = workflowRefs(parse(out.text));
    expect(refs.actions).toEqual([
      { category: 'Genesys Cloud Presence API', name: 'Get Genesys Cloud User Presence' },
      { category: 'Genesys Cloud Presence API', name: 'GC User Presence Update' },
    ]);
    expect(refs.dataTables).toEqual(['MsTeamsPresenceMappings']);
  });

  it('names every missing value in one line, with the --set to add', () => {
    expect(() => substituteForImport('{{a}} {{b}} {{c}}', { b: '1' }, 'w.yaml')).toThrow('w.yaml: no value for {{a}}, {{c}} — add --set a=… --set c=…');
  });

  it('our workflows use exactly the placeholders the engine manifests fill in', () => {
    const known = ['busyPresenceId', 'protectedPresences', 'callMemoryTableName', 'callMemoryTableId', 'presenceIntegrationName', 'conversationIntegrationName', 'mappingTableName', 'fallbackPresenceId', 'graphIntegrationName', 'teamsUserIdIntegrationName', 'graphClientId', 'teamsStatus', 'sessionDuration'];
    for (const f of readdirSync(WORKFLOWS).filter((f) => f.endsWith('.yaml'))) {
      for (const p of placeholdersIn(readFileSync(join(WORKFLOWS, f), 'utf8'))) expect(known, `${f} uses {{${p}}}`).toContain(p);
    }
  });
});
