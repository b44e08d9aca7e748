import { describe, expect, it } from 'vitest';
import { ManifestSchema, type Manifest } from '../../src/engine/manifest.js';
import { resolveEach, resolveVariables, type VariableInputs } from '../../src/engine/variables.js';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';

/**
 * Variable values: one reader for every source. What `setup` takes from PRESENCE_KIT_VAR_x, `apply`
 * takes from `--set x=…` and from a config file, typed and checked the same way, and each bad value
 * is one line naming the variable and where it came from.
 */
const manifest: Manifest = {
  ...ManifestSchema.parse({
    name: 'demo',
    description: 'd',
    variables: {
      on: { description: 'a switch', type: 'boolean', default: false },
      lead: { description: 'minutes', type: 'number', default: 5 },
      units: { description: 'ids', type: 'list' },
      mapping: { description: 'Teams → presence', type: 'map', format: 'presence', default: { Busy: 'Busy' } },
      busy: { description: 'a presence', format: 'presence', default: 'Busy' },
      parent: { description: 'under', enum: ['Break', 'Away'], default: 'Break' },
      code: { description: 'a code', pattern: '^[A-Z]{3}$' },
      why: { description: 'why', required: true },
    },
    resources: {},
  }),
  file: 'demo.yaml',
};
const base: VariableInputs = { set: ['why=x'] };
const value = (name: string, inputs: VariableInputs) => resolveVariables([manifest], { ...base, ...inputs, set: [...(base.set ?? []), ...(inputs.set ?? [])] })[name];

/** The same text through each source a user can write it in. */
const throughEverySource = (name: string, text: string) => [
  value(name, { set: [`${name}=${text}`] }),
  value(name, { env: { [`PRESENCE_KIT_VAR_${name}`]: text } }),
  value(name, { config: { file: 'presence-kit.config.json', variables: { [name]: text } } }),
  value(name, { answers: { [name]: text } }),
];

describe('variable values', () => {
  it.each([
    ['on', 'yes', true],
    ['on', 'FALSE', false],
    ['on', '1', true],
    ['lead', '15', 15],
    ['units', 'mu-1, mu-2', ['mu-1', 'mu-2']],
    ['units', '["mu-1","mu-2"]', ['mu-1', 'mu-2']],
    ['mapping', 'Busy:Away, DoNotDisturb:Busy', { Busy: SYSTEM_PRESENCE_IDS.Away, DoNotDisturb: SYSTEM_PRESENCE_IDS.Busy }],
    ['mapping', '{"Busy":"Away"}', { Busy: SYSTEM_PRESENCE_IDS.Away }],
    ['busy', 'on queue', SYSTEM_PRESENCE_IDS['On Queue']],
    ['parent', 'Away', 'Away'],
  ])('read %s=%s the same from --set, the environment, a config file and an answer', (name, text, want) => {
    expect(throughEverySource(name, text)).toEqual([want, want, want, want]);
  });

  it('take typed JSON from a file as it is, and keep what the user wrote beside what the manifests get', () => {
    expect(value('units', { config: { variables: { units: ['a'] } } })).toEqual(['a']);
    expect(value('on', { config: { variables: { on: true } } })).toBe(true);
    const busy = resolveEach([manifest], { ...base, set: ['busy=Meeting'] }).find((r) => r.name === 'busy')!;
    expect(busy).toMatchObject({ given: 'Meeting', value: SYSTEM_PRESENCE_IDS.Meeting, source: 'set' });
  });

  it('come from --set, then the environment, answers, the config file, the last apply, the org, the default', () => {
    const all: VariableInputs = {
      set: ['lead=1'],
      env: { PRESENCE_KIT_VAR_lead: '2' },
      answers: { lead: 3 },
      config: { variables: { lead: 4 } },
      recorded: { lead: 5 },
      suggested: { lead: 6 },
    };
    const order: Array<[keyof VariableInputs, number, string]> = [
      ['set', 1, 'set'],
      ['env', 2, 'env'],
      ['answers', 3, 'answer'],
      ['config', 4, 'config'],
      ['recorded', 5, 'recorded'],
      ['suggested', 6, 'suggested'],
    ];
    const inputs = { ...all };
    for (const [key, want, source] of order) {
      expect(resolveEach([manifest], { ...inputs, set: [...(inputs.set ?? []), 'why=x'] }).find((r) => r.name === 'lead')).toMatchObject({ value: want, source });
      delete inputs[key];
    }
    expect(resolveEach([manifest], { set: ['why=x'] }).find((r) => r.name === 'lead')).toMatchObject({ value: 5, source: 'default' });
    // An empty environment variable counts as unset.
    expect(value('lead', { env: { PRESENCE_KIT_VAR_lead: '' } })).toBe(5);
  });

  it('let --set MAP.KEY=VALUE change one entry of whatever the map is otherwise', () => {
    const m = value('mapping', { env: { PRESENCE_KIT_VAR_mapping: 'Busy:Busy,Away:Away' }, set: ['mapping.Away=Meeting'] });
    expect(m).toEqual({ Busy: SYSTEM_PRESENCE_IDS.Busy, Away: SYSTEM_PRESENCE_IDS.Meeting });
  });

  it('refuse a bad value in one line naming the variable and its source', () => {
    expect(() => value('lead', { set: ['lead=soon'] })).toThrow('variable lead (--set): expected a number, got "soon"');
    expect(() => value('on', { env: { PRESENCE_KIT_VAR_on: 'maybe' } })).toThrow('variable on (PRESENCE_KIT_VAR_on): expected true or false (or yes/no), got "maybe"');
    expect(() => value('busy', { config: { file: 'presence-kit.config.json', variables: { busy: 'Bsy' } } })).toThrow(
      /^variable busy \(presence-kit\.config\.json\): "Bsy" is not a presence — use a system presence \(Available, Busy/,
    );
    expect(() => value('mapping', { recorded: { mapping: 'Busy' } })).toThrow('variable mapping (last apply): expected KEY:VALUE pairs separated by commas, a JSON object, or one entry with --set mapping.KEY=VALUE');
    expect(() => value('mapping', { set: ['mapping.Busy=Bsy'] })).toThrow(/^variable mapping \(--set\): mapping\.Busy: "Bsy" is not a presence/);
    expect(() => value('parent', { answers: { parent: 'Brake' } })).toThrow('variable parent (setup answer): "Brake" is not allowed — use one of Break, Away (did you mean "Break"?)');
    expect(() => value('code', { set: ['code=ab'] })).toThrow('variable code (--set): "ab" does not match ^[A-Z]{3}$');
  });

  it('refuse a required variable without a value, naming every way to give it', () => {
    expect(() => resolveVariables([manifest], {})).toThrow('variable why is required (why) — pass --set why=VALUE, set PRESENCE_KIT_VAR_why, or give it in --config FILE');
    // Not required and no default: simply no value.
    expect('units' in resolveVariables([manifest], base)).toBe(false);
  });

  it('refuse a name no blueprint declares, in --set or in a config file; another blueprint’s variable in the file is left alone', () => {
    expect(() => value('lead', { set: ['leed=3'] })).toThrow(/^--set leed=3: unknown variable "leed" \(did you mean "lead"\?\)/);
    expect(() => value('lead', { set: ['lead.x=3'] })).toThrow('--set lead.x=3: lead is not a map; use --set lead=VALUE');
    expect(() => value('lead', { config: { file: 'c.json', variables: { leed: 3 } } })).toThrow(/^c\.json: unknown variable "leed" \(did you mean "lead"\?\)/);
    const elsewhere = { declaredElsewhere: (n: string) => n === 'busyPresenceId' };
    expect(resolveVariables([manifest], { ...base, config: { variables: { busyPresenceId: 'Busy' } } }, elsewhere).busyPresenceId).toBeUndefined();
    // The environment is ambient: a variable nobody declares there is not an error.
    expect(() => value('lead', { env: { PRESENCE_KIT_VAR_other: 'x' } })).not.toThrow();
  });
});
