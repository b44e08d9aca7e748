import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/engine/config-file.js';
import { resolveBlueprints, variablesOf, type BlueprintChoice, type VariableSpec } from '../../src/wizard/resolve.js';

const busy: VariableSpec = { name: 'busyPresenceId', blueprints: ['communicate-call'], type: 'string', description: 'which presence means "Busy on a call"' };
const lead: VariableSpec = { name: 'leadTimeMinutes', blueprints: ['pre-break'], type: 'number', default: 5 };
const mus: VariableSpec = { name: 'managementUnitIds', blueprints: ['pre-break'], type: 'list' };
const available: BlueprintChoice[] = [
  { name: 'communicate-call', description: 'c', variables: [busy] },
  { name: 'teams-presence', description: 't', variables: [{ ...busy, blueprints: ['teams-presence'] }] },
  { name: 'pre-break', description: 'p', variables: [lead, mus] },
];
const config = parseConfig(JSON.stringify({ version: 1, blueprints: ['pre-break'], variables: { leadTimeMinutes: 10, managementUnitIds: ['mu-1'] } }), 'presence-kit.config.json');

describe('which blueprints the wizard sets up', () => {
  it('chooses blueprints from flags, then env, then config, else all', () => {
    expect(resolveBlueprints(available, {}).names).toEqual(['communicate-call', 'teams-presence', 'pre-break']);
    expect(resolveBlueprints(available, { config })).toEqual({ names: ['pre-break'], source: 'config' });
    expect(resolveBlueprints(available, { config, env: { PRESENCE_KIT_BLUEPRINTS: 'teams-presence' } }).names).toEqual(['teams-presence']);
    expect(resolveBlueprints(available, { config, flags: { blueprints: ['pre-break,communicate-call'] } }).names).toEqual(['communicate-call', 'pre-break']);
    expect(() => resolveBlueprints(available, { flags: { blueprints: ['comunicate-call'] } })).toThrow('unknown blueprint "comunicate-call" (from --blueprint): choose from communicate-call, teams-presence, pre-break');
    expect(() => resolveBlueprints(available, { env: { PRESENCE_KIT_BLUEPRINTS: 'teams' } })).toThrow('unknown blueprint "teams" (from PRESENCE_KIT_BLUEPRINTS)');
  });

  it('merges a variable several blueprints share', () => {
    expect(variablesOf(available, ['communicate-call', 'teams-presence'])).toEqual([{ ...busy, blueprints: ['communicate-call', 'teams-presence'] }]);
  });
});
