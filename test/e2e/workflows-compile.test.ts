import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compileWorkflow } from '../../src/sandbox/runtime/archy/compile.js';
import { readActionExport } from '../../src/resources/data-action.js';
import { placeholdersIn, substituteForImport } from '../../src/engine/import/placeholders.js';
import { workflowRefs } from '../../src/engine/import/workflow-refs.js';

/**
 * Our assets hang together before any org is involved: every workflow compiles with the sandbox's
 * Archy, calls only actions `data-actions/` defines (under the category the manifest gives them),
 * and binds only outputs those actions declare.
 */
const ROOT = resolve(process.cwd());
const VALUES = {
  presenceIntegrationName: 'Presence Integration',
  conversationIntegrationName: 'Conversation Integration',
  busyPresenceId: '31fe3bac-dea6-44b7-bed7-47f91660a1a0',
  mappingTableName: 'MsTeamsPresenceMappings',
  callMemoryTableName: 'Communicate Call Presence Memory',
  callMemoryTableId: '0f7b3c0e-1d2a-4c5b-9e8f-7a6b5c4d3e2f',
  protectedPresences: ',On Queue,Break,Meal,Training,Pre-Break,Offline,',
  // teams-presence-outbound (the Graph side).
  graphIntegrationName: 'Microsoft Graph Integration',
  teamsUserIdIntegrationName: 'Teams User Id Integration',
  graphClientId: '1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9',
  teamsStatus: 'Busy',
  sessionDuration: 'PT1H',
  fallbackPresenceId: '5e5c5c66-ea97-4e7f-ac41-6424784829f2',
};
const CATEGORY_OF: Record<string, string> = {
  'gc-user-presence-update.custom.json': VALUES.presenceIntegrationName,
  'get-user-presence.custom.json': VALUES.presenceIntegrationName,
  'get-inbound-conversation-calls.custom.json': VALUES.conversationIntegrationName,
  'get-inbound-conversation-details.custom.json': VALUES.conversationIntegrationName,
  'get-outbound-conversation-details.custom.json': VALUES.conversationIntegrationName,
  'get-presence-definition.custom.json': VALUES.presenceIntegrationName,
  'add-presence-memory-row.custom.json': VALUES.presenceIntegrationName,
  'update-presence-memory-row.custom.json': VALUES.presenceIntegrationName,
  'delete-presence-memory-row.custom.json': VALUES.presenceIntegrationName,
  'get-teams-user-id.custom.json': VALUES.teamsUserIdIntegrationName,
  'get-user-active-calls.custom.json': VALUES.presenceIntegrationName,
  'set-teams-presence-session.custom.json': VALUES.graphIntegrationName,
  'clear-teams-presence-session.custom.json': VALUES.graphIntegrationName,
};
const actions = readdirSync(join(ROOT, 'data-actions'))
  .filter((f) => f.endsWith('.custom.json'))
  .map((f) => {
    const a = readActionExport(join(ROOT, 'data-actions', f));
    return {
      file: f,
      category: CATEGORY_OF[f]!,
      name: a.name,
      outputs: Object.keys((a.contract.output.successSchema as { properties?: object }).properties ?? {}),
      contract: { inputSchema: a.contract.input.inputSchema, successSchema: a.contract.output.successSchema },
    };
  });
const workflows = readdirSync(join(ROOT, 'workflows')).filter((f) => f.endsWith('.yaml'));

/** Every `successOutputs` key bound in a callData, by category + action. */
function boundOutputs(doc: unknown): Array<{ category: string; name: string; output: string }> {
  const out: Array<{ category: string; name: string; output: string }> = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!v || typeof v !== 'object') return;
    const call = (v as { callData?: { category?: Record<string, { dataAction: Record<string, { successOutputs?: object }> }> } }).callData;
    for (const [category, body] of Object.entries(call?.category ?? {}))
      for (const [name, spec] of Object.entries(body.dataAction)) for (const output of Object.keys(spec.successOutputs ?? {})) out.push({ category, name, output });
    Object.values(v).forEach(walk);
  };
  walk(doc);
  return out;
}

describe('our workflows and data actions', () => {
  it('every data action file has the category the manifests give it', () => {
    expect(actions.map((a) => a.file).sort()).toEqual(Object.keys(CATEGORY_OF).sort());
  });

  it.each(workflows)('%s compiles with the sandbox’s Archy against exactly our data actions', (file) => {
    const text = readFileSync(join(ROOT, 'workflows', file), 'utf8');
    const yaml = substituteForImport(text, Object.fromEntries(placeholdersIn(text).map((p) => [p, VALUES[p as keyof typeof VALUES]]))).text;
    const result = compileWorkflow(yaml, {
      findAction: (category, name) => {
        const a = actions.find((x) => x.category === category && x.name === name);
        return a ? { id: `${category}/${name}`, contract: a.contract } : undefined;
      },
      findDataTable: (name) => ([VALUES.mappingTableName, VALUES.callMemoryTableName].includes(name) ? { id: `table ${name}` } : undefined),
    });
    expect(result.messages).toEqual([]);
    expect(result.ok).toBe(true);
    const doc = parse(yaml);
    expect(workflowRefs(doc).actions.length).toBeGreaterThan(0);
    for (const b of boundOutputs(doc)) {
      const action = actions.find((a) => a.category === b.category && a.name === b.name)!;
      expect(action.outputs, `${file}: ${b.name}.${b.output}`).toContain(b.output);
    }
  });

  it.each(workflows)('%s keeps the original flow name, so Archy updates the original rather than adding a flow', (file) => {
    const name = (parse(readFileSync(join(ROOT, 'workflows', file), 'utf8')) as { workflow: { name: string } }).workflow.name;
    // (The two teams-presence-outbound flows have no original: their names are new.)
    expect(['Set GC User to Busy', 'Set GC User to Available', 'Microsoft Teams Integration Presence Trigger', 'Set Teams Presence For Interaction', 'Clear Teams Presence After Interaction']).toContain(name);
  });
});
