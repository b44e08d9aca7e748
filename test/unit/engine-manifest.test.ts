import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadBlueprints } from '../../src/engine/blueprints.js';
import { findCycle } from '../../src/engine/manifest.js';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';

/** Manifests and variables: checked, typed and merged before anything talks to Genesys. */
const dir = mkdtempSync(join(tmpdir(), 'pk-manifest-'));
const file = (name: string, body: string) => {
  const f = join(dir, name);
  writeFileSync(f, body);
  return f;
};

describe('shipped blueprints', () => {
  it('load, merge what communicate-call and teams-presence share, and order dependencies first', () => {
    const d = loadBlueprints({});
    expect(d.blueprints).toEqual(['communicate-call', 'pre-break', 'teams-presence']);
    expect(d.nodes).toHaveLength(30);
    const shared = d.nodes.filter((n) => n.blueprints.length > 1).map((n) => n.key);
    expect(shared).toEqual([
      'role:Presence API Admin',
      'oauth-client:Presence Public API',
      'credential:Presence Public API Credentials',
      'integration:Update Genesys Cloud User Presence',
      'data-action:GC User Presence Update',
      'data-action:Get Genesys Cloud User Presence',
      // The presence policy's label read and call memory: both workflows' rules use them.
      'data-action:Get Genesys Cloud Presence Definition',
      'data-action:Add Presence Memory Row',
      'data-action:Delete Presence Memory Row',
      // The calls still going (and the presence) in one read: how the call workflows know a session is over, and the sync's no-echo check.
      'data-action:Get Genesys Cloud User Active Calls',
      'data-table:Communicate Call Presence Memory',
    ]);
    const pos = new Map(d.nodes.map((n, i) => [n.key, i]));
    for (const n of d.nodes) for (const dep of n.deps) expect(pos.get(dep)!).toBeLessThan(pos.get(n.key)!);
  });

  it('turn presence names into ids and keep the original Teams mapping as the default', () => {
    const d = loadBlueprints({ blueprints: ['communicate-call', 'teams-presence'] });
    expect(d.variables.busyPresenceId).toBe(SYSTEM_PRESENCE_IDS.Busy);
    const mapping = d.variables.teamsPresenceMapping as Record<string, string>;
    expect(Object.keys(mapping)).toHaveLength(11);
    expect(mapping.BeRightBack).toBe(SYSTEM_PRESENCE_IDS.Away);
    expect(mapping.OffWork).toBe(SYSTEM_PRESENCE_IDS.Offline);
  });

  it('take --set for one map entry, an id, an empty fallback, and the setup wizard config file', () => {
    const cfg = file('wizard.json', JSON.stringify({ version: 1, blueprints: ['teams-presence'], variables: { fallbackPresenceId: '' } }));
    const d = loadBlueprints({ config: cfg, set: ['teamsPresenceMapping.OutOfOffice=Away', 'teamsPresenceMapping.Busy=227b37e2-f1d0-4dd0-8f50-badd7cf6d158'] });
    expect(d.blueprints).toEqual(['teams-presence']);
    expect(d.variables.fallbackPresenceId).toBe('');
    const mapping = d.variables.teamsPresenceMapping as Record<string, string>;
    expect(mapping).toMatchObject({ OutOfOffice: SYSTEM_PRESENCE_IDS.Away, Busy: SYSTEM_PRESENCE_IDS.Break, Available: SYSTEM_PRESENCE_IDS.Available });
    const table = d.nodes.find((n) => n.kind === 'data-table' && n.name === 'MsTeamsPresenceMappings')!;
    expect((table.spec.rows as Record<string, string>).OutOfOffice).toBe(SYSTEM_PRESENCE_IDS.Away);
  });

  it('take a config file written for every blueprint with --blueprint naming one; a key no blueprint declares is a typo', () => {
    const all = file('all.json', JSON.stringify({ version: 1, blueprints: ['communicate-call', 'pre-break'], variables: { busyPresenceId: 'Away', preBreakParent: 'Away' } }));
    expect(loadBlueprints({ config: all, blueprints: ['pre-break'] }).variables).toEqual({ namePrefix: '', preBreakPresenceName: 'Pre-Break', preBreakParent: 'Away', preBreakAtBreakStart: 'agent', preBreakReleaseAfter: 'never', roleDivisions: '*' });
    const typo = file('typo.json', JSON.stringify({ preBreakParnt: 'Away' }));
    expect(() => loadBlueprints({ config: typo, blueprints: ['pre-break'] })).toThrow(/typo\.json: unknown variable "preBreakParnt" \(did you mean "preBreakParent"\?\)/);
  });

  it('refuse a value outside an enum, naming the choices', () => {
    expect(() => loadBlueprints({ blueprints: ['pre-break'], set: ['preBreakParent=Brake'] })).toThrow('variable preBreakParent (--set): "Brake" is not allowed — use one of Break, Away (did you mean "Break"?)');
  });
});

describe('manifest checks', () => {
  const role = (name: string, perms: string) => `    kind: role\n    name: ${name}\n    spec: { permissions: [${perms}] }\n`;

  it('the same Genesys entity declared differently by two blueprints is refused, naming both', () => {
    const a = file('a.yaml', `name: a\ndescription: a\nresources:\n  r:\n${role('Shared Role', '"presence:userPresence:edit"')}`);
    const b = file('b.yaml', `name: b\ndescription: b\nresources:\n  r2:\n${role('Shared Role', '"presence:userPresence:view"')}`);
    expect(() => loadBlueprints({ blueprints: [a, b] })).toThrow(/b\.yaml: resources\.r2 \(role "Shared Role"\) differs from a\.r in .*a\.yaml — the same Genesys role must be declared identically/);
  });

  it('a spec field of the wrong type names its path', () => {
    const f = file('c.yaml', `name: c\ndescription: c\nresources:\n  t:\n    kind: trigger\n    name: T\n    spec: { topicName: x, workflowId: y, enabled: "yes" }\n`);
    expect(() => loadBlueprints({ blueprints: [f] })).toThrow(/c\.yaml: resources\.t\.spec\.enabled: Invalid input: expected boolean/);
  });

  it('a secret reference to something that has none is refused', () => {
    const f = file('d.yaml', `name: d\ndescription: d\nresources:\n  r:\n${role('R', '"a:b:c"')}  f:\n    kind: credential\n    name: F\n    spec: { fields: { clientSecret: "\${r.secret}" } }\n`);
    expect(() => loadBlueprints({ blueprints: [f] })).toThrow('d.yaml: resources.f.spec.fields.clientSecret: "${r.secret}": only an oauth-client has a secret');
  });

  it('YAML that does not parse names the line', () => {
    const f = file('e.yaml', 'name: e\ndescription: [unclosed\n');
    expect(() => loadBlueprints({ blueprints: [f] })).toThrow(/e\.yaml:\d+: not valid YAML/);
  });

  it('a manifest edited between two loads is read as it now is; what one caller changes, the next does not see', () => {
    // Manifests are kept parsed by their text (one plan reads each several times): the cache must never answer stale.
    const f = file('g.yaml', `name: g\ndescription: g\nresources:\n  r:\n${role('First Role', '"a:b:c"')}`);
    const first = loadBlueprints({ blueprints: [f] });
    expect(first.nodes.map((n) => n.name)).toEqual(['First Role']);
    first.manifests[0]!.resources.r!.name = 'Changed by a caller';
    expect(loadBlueprints({ blueprints: [f] }).nodes.map((n) => n.name)).toEqual(['First Role']);
    writeFileSync(f, `name: g\ndescription: g\nresources:\n  r:\n${role('Second Role', '"a:b:c"')}`);
    expect(loadBlueprints({ blueprints: [f] }).nodes.map((n) => n.name)).toEqual(['Second Role']);
  });

  it('findCycle returns the loop, or nothing', () => {
    expect(findCycle(new Map([['a', ['b']], ['b', ['c']], ['c', ['a']]]))).toEqual(['a', 'b', 'c', 'a']);
    expect(findCycle(new Map([['a', ['b']], ['b', []]]))).toBeUndefined();
  });
});
