import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerSecret } from '../../src/genesys/redact.js';
import { parseConfig, readConfig, writeConfig } from '../../src/wizard/config-file.js';

describe('presence-kit.config.json', () => {
  it('round-trips answers, owner-only, with stable key order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-config-'));
    const answers = { blueprints: ['communicate-call', 'pre-break'], variables: { zeta: 'z', alpha: 5, units: ['a', 'b'], table: { Busy: 'x' } } };
    const path = writeConfig('presence-kit.config.json', answers, dir);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text.indexOf('"alpha"')).toBeLessThan(text.indexOf('"zeta"'));
    const back = readConfig('presence-kit.config.json', dir);
    expect(back.blueprints).toEqual(answers.blueprints);
    expect(back.variables).toEqual(answers.variables);
  });

  it('refuses to write a known secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-config-'));
    registerSecret('s3cr3t-value-xyz');
    expect(() => writeConfig('c.json', { blueprints: ['pre-break'], variables: { note: 's3cr3t-value-xyz' } }, dir)).toThrow(/secret/);
    expect(() => writeConfig('c.json', { blueprints: ['pre-break'], variables: { clientSecret: 'abc' } }, dir)).toThrow(/secret/);
  });

  it('explains a bad file in one line naming the field', () => {
    expect(() => parseConfig('{', 'x.json')).toThrow(/^x\.json is not valid JSON/);
    expect(() => parseConfig('{"version":1,"blueprints":[]}', 'x.json')).toThrow('x.json: blueprints: pick at least one blueprint');
    expect(() => parseConfig('{"version":2,"blueprints":["a"]}', 'x.json')).toThrow('x.json: version: version must be 1');
    expect(() => parseConfig('{"version":1,"blueprints":["a"],"target":"x"}', 'x.json')).toThrow('x.json: (top level): unknown field "target"');
    expect(() => parseConfig('{"version":1,"blueprints":["a"],"variables":{"apiToken":"t"}}', 'x.json')).toThrow(/looks like a secret/);
    expect(() => readConfig('nope.json', tmpdir())).toThrow(/nope\.json not found: run presence-kit setup/);
    // The pre-break lead is checked as the job checks --lead, so a saved config never holds a failing command.
    const withLead = (lead: string) => JSON.stringify({ version: 1, blueprints: ['pre-break'], jobs: { preBreak: { lead, all: true } } });
    expect(parseConfig(withLead('1h30m')).jobs?.preBreak?.lead).toBe('1h30m');
    expect(() => parseConfig(withLead('soon'), 'x.json')).toThrow('x.json: jobs.preBreak.lead: lead "soon": a duration such as 10m, 90s or 1h30m');
    expect(() => parseConfig(withLead('30s'), 'x.json')).toThrow('x.json: jobs.preBreak.lead: lead "30s": at least 1m (the job runs once a minute)');
  });
});
