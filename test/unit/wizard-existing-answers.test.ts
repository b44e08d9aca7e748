import { describe, expect, it } from 'vitest';
import type { TakenName } from '../../src/preflight/existing-install.js';
import { settle, type EntityAnswer, type TakenEntity } from '../../src/wizard/existing-answers.js';

/**
 * The existing-install screen's answers turned into what the engine reads: beside renames ours by
 * the entity's own name variable when every entity answered beside has one (nothing else moves),
 * else by namePrefix — and then the take-over and use answers that prefix renames away are said
 * and dropped, never left to fail at the plan.
 */
const taken = (kind: TakenName['kind'], name: string): TakenName => ({ kind, name, id: `${kind}-id`, ref: `${kind}/${name}`, blueprints: ['teams-presence'], changes: [] });
const TABLE: TakenEntity = { taken: taken('data-table', 'MsTeamsPresenceMappings'), nameVariable: 'mappingTableName', prefixed: true, refused: {} };
const FLOW: TakenEntity = { taken: taken('workflow', 'Microsoft Teams Integration Presence Trigger'), prefixed: true, refused: {} };
const ROLE: TakenEntity = { taken: taken('role', 'Presence API Admin'), prefixed: true, refused: {} };
const INTEGRATION: TakenEntity = { taken: taken('integration', 'Update Genesys Cloud User Presence'), prefixed: true, refused: {} };
const ACTION: TakenEntity = { taken: taken('data-action', 'GC User Presence Update'), follows: INTEGRATION.taken.ref, prefixed: true, refused: {} };
const VALUES = { namePrefix: '', mappingTableName: 'MsTeamsPresenceMappings' };
const answers = (a: Array<[TakenEntity, EntityAnswer]>) => new Map(a.map(([e, x]) => [e.taken.ref, x]));

describe('settling the existing-install answers', () => {
  it('beside only for entities with a name variable of their own: that variable, nothing else renamed, the rest kept', () => {
    const r = settle(answers([[ROLE, 'adopt'], [TABLE, 'beside'], [FLOW, 'use']]), [ROLE, TABLE, FLOW], 'PK ', VALUES);
    expect(r).toMatchObject({ set: ['mappingTableName=PK MsTeamsPresenceMappings'], adopt: ['role/Presence API Admin'], use: ['workflow/Microsoft Teams Integration Presence Trigger'] });
  });

  it('beside for an entity without one: namePrefix, and the take-over it renames away is said and dropped', () => {
    const r = settle(answers([[ROLE, 'adopt'], [TABLE, 'use'], [FLOW, 'beside']]), [ROLE, TABLE, FLOW], 'PK ', VALUES);
    expect(r.set).toEqual(['namePrefix=PK ']);
    expect(r.adopt).toEqual([]);
    expect(r.use).toEqual([]);
    expect(r.lines.join('\n')).toContain('workflow "Microsoft Teams Integration Presence Trigger" has no name variable of its own');
    expect(r.lines.join('\n')).toContain('role "Presence API Admin" (answered take over), data table "MsTeamsPresenceMappings" (answered use) are made beside theirs too');
  });

  it('a data action takes the answer of the taken integration it sits in', () => {
    expect(settle(answers([[INTEGRATION, 'adopt']]), [INTEGRATION, ACTION], 'PK ', VALUES)).toMatchObject({ set: [], adopt: [INTEGRATION.taken.ref, ACTION.taken.ref] });
    expect(settle(answers([[INTEGRATION, 'beside']]), [INTEGRATION, ACTION], 'PK ', VALUES)).toMatchObject({ set: ['namePrefix=PK '], adopt: [], use: [] });
  });

  it('the whole install beside: one prefix, as before the per-entity answers', () => {
    expect(settle(answers([[ROLE, 'beside'], [TABLE, 'beside'], [FLOW, 'beside']]), [ROLE, TABLE, FLOW], 'PK ', VALUES)).toMatchObject({ set: ['namePrefix=PK '], adopt: [], use: [] });
  });
});
