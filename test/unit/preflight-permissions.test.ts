import { describe, expect, it } from 'vitest';
import catalog from '../../src/sandbox/catalog/permissions.json' with { type: 'json' };
import { missingPermissions } from '../../src/preflight/permissions.js';
import { needsOf } from '../../src/preflight/requirements.js';
import { RESOURCES } from '../../src/resources/index.js';
import { grants, permissionsOfRole } from '../../src/resources/permissions.js';

const known = new Set(Object.values(catalog as Record<string, { permissions?: string[] }>).flatMap((r) => r.permissions ?? []));

describe('what a blueprint needs, by permission string', () => {
  it('is what each resource kind declares, and every declared permission is one Genesys knows (the endpoint catalog names it)', () => {
    for (const [kind, module] of Object.entries(RESOURCES)) {
      const declared = [...new Set(Object.values(module.permissions).flat())].sort();
      expect({ kind, unknown: declared.filter((p) => !known.has(p)) }).toEqual({ kind, unknown: [] });
      expect(needsOf([{ name: 'b', kinds: [kind] }], []).map((n) => n.permission).sort()).toEqual(declared);
    }
  });

  it('folds the resource kinds of several blueprints into distinct permissions, naming every blueprint that needs one', () => {
    const needs = needsOf([
      { name: 'communicate-call', kinds: ['role', 'trigger'] },
      { name: 'teams-presence', kinds: ['trigger'], roles: [{ name: 'Presence API Admin', permissions: ['presence:userPresence:edit', 'processautomation:trigger:add'] }] },
    ]);
    const add = needs.filter((n) => n.permission === 'processautomation:trigger:add');
    expect(add).toEqual([
      { permission: 'processautomation:trigger:add', operation: 'create trigger', neededBy: ['communicate-call (trigger)', 'teams-presence (trigger)', 'teams-presence (role "Presence API Admin")'] },
    ]);
    // What setup reads itself (the presences, the trigger topics).
    expect(needs.find((n) => n.permission === 'presence:presenceDefinition:view')!.neededBy).toEqual(['setup']);
    expect(() => needsOf([{ name: 'x', kinds: ['spaceship'] }])).toThrow('blueprint x: unknown resource kind "spaceship"');
  });
});

describe('permission matching', () => {
  it('honours wildcards in held permissions, as "All Permissions" policies grant them', () => {
    expect(grants('presence:*:*', 'presence:presenceDefinition:add')).toBe(true);
    expect(grants('*:*:*', 'oauth:client:add')).toBe(true);
    expect(grants('oauth:client:view', 'oauth:client:add')).toBe(false);
    expect(permissionsOfRole({ permissionPolicies: [{ domain: 'oauth', entityName: 'client', actionSet: ['add', 'view'] }], permissions: ['a:b:c'] })).toEqual([
      'a:b:c',
      'oauth:client:add',
      'oauth:client:view',
    ]);
  });

  it('names exactly the missing permissions, and what needs each', () => {
    const needs = needsOf([{ name: 'communicate-call', kinds: ['oauth-client', 'trigger'] }]);
    const held = ['oauth:client:*', 'processautomation:trigger:view', 'processautomation:trigger:add', 'processautomation:trigger:delete', 'presence:presenceDefinition:view'];
    expect(missingPermissions(held, needs)).toEqual([{ permission: 'processautomation:trigger:edit', operation: 'update trigger', neededBy: ['communicate-call (trigger)'] }]);
    // What the engine insists on beyond the catalog's calls (a flows-jobs import creates the flow) is asked for too.
    const jobsOnly = ['architect:flow:view', 'architect:job:create', 'architect:job:view', 'architect:flow:publish', 'architect:flow:delete'];
    expect(missingPermissions(jobsOnly, needsOf([{ name: 'b', kinds: ['workflow'] }], [])).map((m) => m.permission)).toEqual(['architect:flow:add', 'architect:flow:edit']);
  });
});
