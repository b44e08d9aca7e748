import { describe, expect, it } from 'vitest';
import catalog from '../../src/sandbox/catalog/permissions.json' with { type: 'json' };
import { missingPermissions } from '../../src/preflight/permissions.js';
import { grants, permissionsOfRole } from '../../src/resources/permissions.js';
import { KIND_OPERATIONS, needsOf, OPERATIONS } from '../../src/preflight/requirements.js';

const table = catalog as Record<string, { type: string; permissions: string[] }>;

describe('what a blueprint needs, by permission string', () => {
  it('matches the endpoint catalog for every operation it lists', () => {
    for (const [op, req] of Object.entries(OPERATIONS)) {
      expect(table[op], `${op} is not in the endpoint catalog`).toBeDefined();
      expect({ op, type: req.type, permissions: [...req.permissions].sort() }).toEqual({ op, type: table[op]!.type, permissions: [...table[op]!.permissions].sort() });
    }
  });

  it('folds the resource kinds of several blueprints into distinct requirements', () => {
    const needs = needsOf([
      { name: 'communicate-call', kinds: ['role', 'trigger'] },
      { name: 'teams-presence', kinds: ['trigger'] },
    ]);
    const add = needs.find((n) => n.operation === 'POST /api/v2/processautomation/triggers')!;
    expect(add.neededBy).toEqual(['communicate-call (trigger)', 'teams-presence (trigger)']);
    expect(needs.filter((n) => n.operation === 'POST /api/v2/processautomation/triggers')).toHaveLength(1);
    expect(() => needsOf([{ name: 'x', kinds: ['spaceship'] }])).toThrow(/spaceship/);
    expect(Object.keys(KIND_OPERATIONS)).toContain('presence-definition');
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

  it('names exactly the missing permissions, ANY requirements as alternatives', () => {
    const needs = needsOf([{ name: 'communicate-call', kinds: ['oauth-client', 'trigger'] }]);
    const held = ['oauth:client:*', 'processautomation:trigger:view', 'processautomation:trigger:add', 'processautomation:trigger:delete', 'presence:presenceDefinition:view'];
    const missing = missingPermissions(held, needs);
    expect(missing.map((m) => m.permissions.join('|'))).toEqual(['processautomation:trigger:edit']);
    expect(missing[0]!.neededBy).toEqual(['communicate-call (trigger)']);
    const none = missingPermissions([], needsOf([{ name: 'b', kinds: ['data-action'] }], []));
    const view = none.find((m) => m.permissions.includes('integrations:action:view'))!;
    expect(view.anyOf).toBe(true);
    expect(view.permissions).toEqual(['integrations:action:view', 'bridge:actions:view']);
  });
});

describe('doctor and the engine agree', () => {
  it('asks, per resource kind, for at least every permission the engine declares it uses', async () => {
    const { RESOURCES } = await import('../../src/resources/index.js');
    const { holds } = await import('../../src/resources/permissions.js');
    for (const [kind, module] of Object.entries(RESOURCES)) {
      const asked = needsOf([{ name: 'b', kinds: [kind] }], []).flatMap((n) => n.requirement.permissions);
      const declared = Object.values(module.permissions).flat();
      expect({ kind, unasked: declared.filter((p) => !holds(asked, p)) }).toEqual({ kind, unasked: [] });
    }
    // A client holding only the catalog's operations for workflows is told about what the engine adds.
    const catalogOnly = KIND_OPERATIONS.workflow!.flatMap((op) => [...OPERATIONS[op].permissions]);
    expect(missingPermissions(catalogOnly, needsOf([{ name: 'b', kinds: ['workflow'] }], [])).map((m) => m.permissions[0])).toEqual(['architect:flow:add', 'architect:flow:edit']);
  });
});
