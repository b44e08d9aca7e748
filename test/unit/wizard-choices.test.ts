import { describe, expect, it } from 'vitest';
import { askVariable, mappingTable, orgDefaults, questionKind } from '../../src/wizard/choices.js';
import type { OrgData } from '../../src/wizard/org-data.js';
import { scriptedPrompter } from '../../src/wizard/prompter.js';
import type { VariableSpec } from '../../src/wizard/resolve.js';

const org: OrgData = {
  presences: [
    { id: 'avail', label: 'Available', systemPresence: 'Available', system: true },
    { id: 'busy', label: 'Busy', systemPresence: 'Busy', system: true },
    { id: 'away', label: 'Away', systemPresence: 'Away', system: true },
    { id: 'lunch', label: 'Long lunch', systemPresence: 'Meal', system: false },
    { id: 'oq', label: 'On Queue', systemPresence: 'OnQueue', system: true },
    { id: 'idle', label: 'Idle', systemPresence: 'Idle', system: true },
  ],
  managementUnits: [
    { id: 'mu1', name: 'Dublin', businessUnit: 'EMEA' },
    { id: 'mu2', name: 'Cork', businessUnit: 'EMEA' },
  ],
};
const spec = (name: string, type: VariableSpec['type'], extra: Partial<VariableSpec> = {}): VariableSpec => ({ name, type, blueprints: ['b'], ...extra });
const lines: string[] = [];
const io = (script: Record<string, unknown>) => ({ prompter: scriptedPrompter(script), say: (l: string) => lines.push(l) });

describe('the choices step', () => {
  it('gives each variable the question its content calls for', () => {
    expect(questionKind(spec('busyPresenceId', 'string'))).toBe('presence-id');
    expect(questionKind(spec('preBreakPresenceName', 'string'))).toBe('presence-name');
    expect(questionKind(spec('teamsMapping', 'map'))).toBe('presence-map');
    expect(questionKind(spec('managementUnitIds', 'list'))).toBe('management-units');
    expect(questionKind(spec('leadTimeMinutes', 'number'))).toBe('number');
    expect(questionKind(spec('roleDivisions', 'string'))).toBe('divisions');
  });

  it('offers the org divisions for the clients\' roles: all of them (*) by default, or the ones picked', async () => {
    const withDivisions: OrgData = { ...org, divisions: [{ id: 'h', name: 'Home', home: true }, { id: 'p', name: 'Partner', home: false }, { id: 'b', name: 'Back Office', home: false }] };
    const roleDivisions = spec('roleDivisions', 'string', { default: '*' });
    expect(await askVariable(roleDivisions, io({}), withDivisions)).toBe('*');
    expect(await askVariable(roleDivisions, io({ roleDivisions: ['Home', 'Partner'] }), withDivisions)).toBe('Home, Partner');
    // What was picked last time is what is checked now; "home" counts as the home division.
    const prompter = scriptedPrompter({ roleDivisions: (q: { choices: Array<{ value: string; checked?: boolean }> }) => q.choices.filter((c) => c.checked).map((c) => c.value) });
    expect(await askVariable(roleDivisions, { prompter, say: () => undefined }, withDivisions, 'home, Back Office')).toBe('Home, Back Office');
    // Without the org's list (it could not be read), the text as typed.
    expect(await askVariable(roleDivisions, io({ roleDivisions: 'Home' }), org)).toBe('Home');
  });

  it('offers the org presences for a presence id, keeping the prefilled default', async () => {
    const i = io({});
    expect(await askVariable(spec('busyPresenceId', 'string', { default: 'busy' }), i, org)).toBe('busy');
    expect(await askVariable(spec('busyPresenceId', 'string'), io({ busyPresenceId: 'lunch' }), org)).toBe('lunch');
    // A workflow never sets On Queue or Idle: they are not offered.
    await expect(askVariable(spec('busyPresenceId', 'string'), io({ busyPresenceId: 'oq' }), org)).rejects.toThrow(/not a choice/);
    expect(await askVariable(spec('busyPresenceId', 'string', { presence: true, default: 'Busy' }), io({}), org)).toBe('busy');
    // "Empty leaves the presence alone": offered, and kept when it was the saved answer.
    const fallback = spec('fallbackPresenceId', 'string', { presence: true, description: 'for unknown statuses; empty leaves the presence alone' });
    expect(await askVariable(fallback, io({}), org, '')).toBe('');
    expect(await askVariable(spec('busyPresenceId', 'string', { presence: true }), io({ busyPresenceId: '' }), org).catch((e: Error) => e.message)).toMatch(/not a choice/);
  });

  it('offers to create "Pre-Break" or adopt a custom presence', async () => {
    expect(await askVariable(spec('preBreakPresenceName', 'string', { default: 'Pre-Break' }), io({}), org)).toBe('Pre-Break');
    expect(await askVariable(spec('preBreakPresenceName', 'string', { default: 'Pre-Break' }), io({ preBreakPresenceName: 'Long lunch' }), org)).toBe('Long lunch');
  });

  it('shows the Teams mapping table and edits a row', async () => {
    lines.length = 0;
    const actions = ['change', 'keep'];
    const i = io({ 'teamsMapping.action': () => actions.shift(), 'teamsMapping.row': 'Away', 'teamsMapping.presence': 'lunch' });
    const out = await askVariable(spec('teamsMapping', 'map', { default: { Available: 'avail', Away: 'away' } }), i, org);
    expect(out).toEqual({ Available: 'avail', Away: 'lunch' });
    expect(lines.join('\n')).toMatch(/Away\s+Away/);
    expect(mappingTable(out as Record<string, string>, org).join('\n')).toMatch(/Away\s+Long lunch/);
  });

  it('defaults to every management unit, and takes a number', async () => {
    expect(orgDefaults([spec('managementUnitIds', 'list')], org)).toEqual({ managementUnitIds: ['mu1', 'mu2'] });
    expect(await askVariable(spec('managementUnitIds', 'list'), io({}), org)).toEqual(['mu1', 'mu2']);
    expect(await askVariable(spec('leadTimeMinutes', 'number', { default: 5 }), io({ leadTimeMinutes: '10' }), org)).toBe(10);
  });
});
