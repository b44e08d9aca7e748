import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/wizard/config-file.js';
import { coerce, resolveAll, resolveBlueprints, variablesOf, type BlueprintChoice, type VariableSpec } from '../../src/wizard/resolve.js';

const busy: VariableSpec = { name: 'busyPresenceId', blueprints: ['communicate-call'], type: 'string', description: 'which presence means "Busy on a call"' };
const lead: VariableSpec = { name: 'leadTimeMinutes', blueprints: ['pre-break'], type: 'number', default: 5 };
const mus: VariableSpec = { name: 'managementUnitIds', blueprints: ['pre-break'], type: 'list' };
const available: BlueprintChoice[] = [
  { name: 'communicate-call', description: 'c', variables: [busy] },
  { name: 'teams-presence', description: 't', variables: [{ ...busy, blueprints: ['teams-presence'] }] },
  { name: 'pre-break', description: 'p', variables: [lead, mus] },
];
const config = parseConfig(JSON.stringify({ version: 1, blueprints: ['pre-break'], variables: { leadTimeMinutes: 10, managementUnitIds: ['mu-1'] } }));

describe('non-interactive answers', () => {
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

  it('takes each variable from flag > env > config > org > default', () => {
    const specs = variablesOf(available, ['pre-break']);
    expect(resolveAll(specs, { config }).values).toEqual({ leadTimeMinutes: 10, managementUnitIds: ['mu-1'] });
    const r = resolveAll(specs, {
      config,
      env: { PRESENCE_KIT_VAR_leadTimeMinutes: '15' },
      flags: { set: ['managementUnitIds=mu-2,mu-3'] },
    });
    expect(r.values).toEqual({ leadTimeMinutes: 15, managementUnitIds: ['mu-2', 'mu-3'] });
    expect(r.sources).toEqual({ leadTimeMinutes: 'env', managementUnitIds: 'flag' });
    expect(resolveAll(specs, { orgDefaults: { managementUnitIds: ['all'] } }).sources).toEqual({ leadTimeMinutes: 'default', managementUnitIds: 'org' });
  });

  it('fails with one line naming a missing answer and how to give it', () => {
    expect(() => resolveAll(variablesOf(available, ['communicate-call']), {})).toThrow(
      'missing answer: busyPresenceId (which presence means "Busy on a call") for communicate-call — pass --set busyPresenceId=…, set PRESENCE_KIT_VAR_busyPresenceId, or add it to presence-kit.config.json',
    );
    expect(() => resolveAll([lead], { flags: { set: ['leadTime=3'] } })).toThrow(/--set leadTime: no chosen blueprint has a variable of that name/);
    expect(() => resolveAll([lead], { flags: { set: ['leadTimeMinutes'] } })).toThrow(/is not KEY=VALUE/);
    expect(() => resolveAll([lead], { flags: { set: ['leadTimeMinutes=soon'] } })).toThrow('leadTimeMinutes (from --set leadTimeMinutes): "soon" is not a number');
  });

  it('types text values by the variable they set', () => {
    const map: VariableSpec = { name: 'm', blueprints: ['x'], type: 'map' };
    expect(coerce(map, 'Busy:id-1, Away:id-2', 'f')).toEqual({ Busy: 'id-1', Away: 'id-2' });
    expect(coerce(map, '{"Busy":"id-1"}', 'f')).toEqual({ Busy: 'id-1' });
    expect(coerce(mus, '["a","b"]', 'f')).toEqual(['a', 'b']);
    expect(() => coerce(map, 'Busy', 'f')).toThrow(/KEY:VALUE/);
  });
});
