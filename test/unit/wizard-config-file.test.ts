import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { registerSecret } from '../../src/genesys/redact.js';
import { parseConfig, readConfigFile } from '../../src/engine/config-file.js';
import { writeConfig } from '../../src/wizard/config-file.js';

describe('presence-kit.config.json', () => {
  it('round-trips answers, owner-only, with stable key order', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-config-'));
    const answers = { blueprints: ['communicate-call', 'pre-break'], variables: { zeta: 'z', alpha: 5, units: ['a', 'b'], table: { Busy: 'x' } } };
    const path = writeConfig('presence-kit.config.json', answers, dir);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    const text = readFileSync(path, 'utf8');
    expect(text.indexOf('"alpha"')).toBeLessThan(text.indexOf('"zeta"'));
    // Read back by the one reader setup and apply --config share.
    const back = readConfigFile('presence-kit.config.json', dir);
    expect(back).toEqual({ file: 'presence-kit.config.json', blueprints: answers.blueprints, variables: answers.variables });
  });

  it('refuses to write a known secret', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-config-'));
    registerSecret('s3cr3t-value-xyz');
    expect(() => writeConfig('c.json', { blueprints: ['pre-break'], variables: { note: 's3cr3t-value-xyz' } }, dir)).toThrow(/secret/);
    expect(() => writeConfig('c.json', { blueprints: ['pre-break'], variables: { clientSecret: 'abc' } }, dir)).toThrow(/secret/);
  });

  it('explains a bad file in one line naming the field', () => {
    expect(() => parseConfig('{', 'x.json')).toThrow(/^x\.json: not valid JSON \(.*\) — fix it, or write it again with presence-kit setup$/);
    expect(() => parseConfig('[]', 'x.json')).toThrow(/^x\.json: expected a JSON object — presence-kit setup's file/);
    expect(() => parseConfig('{"version":1,"blueprints":[]}', 'x.json')).toThrow('x.json: blueprints: pick at least one blueprint');
    expect(() => parseConfig('{"version":2,"blueprints":["a"]}', 'x.json')).toThrow('x.json: version: version must be 1');
    expect(() => parseConfig('{"version":1,"blueprints":["a"],"varables":{}}', 'x.json')).toThrow(
      'x.json: unknown field "varables" (did you mean "variables"?) — allowed: $comment, version, blueprints, variables, jobs',
    );
    // A file with setup's fields is held to setup's form in full: no version is a missing field, not a variable named "blueprints".
    expect(() => parseConfig('{"blueprints":["a"],"variables":{}}', 'x.json')).toThrow('x.json: version: version must be 1');
    expect(() => parseConfig('{"version":1,"blueprints":["a"],"variables":{"apiToken":"t"}}', 'x.json')).toThrow('x.json: variables.apiToken looks like a secret; secrets never go in the config file — use the environment');
    expect(() => parseConfig('{"version":1,"blueprints":["a"],"variables":{"x":null}}', 'x.json')).toThrow('x.json: variables.x: a value is text, a number, true or false, a list of text, or an object of text');
    expect(() => readConfigFile('nope.json', tmpdir())).toThrow('nope.json not found — run presence-kit setup to write it, or pass the right --config path');
    // The pre-break lead is checked as the job checks --lead, so a saved config never holds a failing command.
    const withLead = (lead: string) => JSON.stringify({ version: 1, blueprints: ['pre-break'], jobs: { preBreak: { lead, all: true } } });
    expect(parseConfig(withLead('1h30m'), 'x.json').jobs?.preBreak?.lead).toBe('1h30m');
    expect(() => parseConfig(withLead('soon'), 'x.json')).toThrow('x.json: jobs.preBreak.lead: lead "soon": a duration such as 10m, 90s or 1h30m');
    expect(() => parseConfig(withLead('30s'), 'x.json')).toThrow('x.json: jobs.preBreak.lead: lead "30s": at least 1m (the job runs once a minute)');
  });

  it('for --config, is also a plain object of variable values, held to the same value types and the same no-secrets rule', () => {
    expect(parseConfig('{"busyPresenceId":"Busy","units":["a"]}', 'v.json')).toEqual({ file: 'v.json', variables: { busyPresenceId: 'Busy', units: ['a'] } });
    expect(() => parseConfig('{"busyPresenceId":{"a":1}}', 'v.json')).toThrow('v.json: busyPresenceId: a value is text, a number, true or false, a list of text, or an object of text');
    expect(() => parseConfig('{"clientSecret":"abc"}', 'v.json')).toThrow('v.json: clientSecret looks like a secret');
  });
});
