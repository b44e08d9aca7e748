import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, expectedChanges, MATRIX_PRESENCES, matrixEvents } from '../../src/model/presence-policy.js';
import { parseMatrix, withGeneratedTables } from '../../src/policy/table.js';

const DOC = new URL('../../docs/presence-policy.md', import.meta.url);

describe('docs/presence-policy.md', () => {
  const doc = readFileSync(DOC, 'utf8');

  it('holds the tables generated from src/model/presence-policy.ts (regenerate: npx tsx src/policy/write-doc.ts)', () => {
    expect(doc).toBe(withGeneratedTables(doc));
  });

  it('parses back to the policy, cell by cell (what the matrix test reads)', () => {
    const m = parseMatrix(doc);
    for (const e of matrixEvents()) for (const p of MATRIX_PRESENCES) expect(m.get(e.label)?.get(p.name)).toEqual(expectedChanges(p, e).changes);
  });

  it('the protected list decides: without Training and Offline protected, a call and Teams move them', () => {
    const settings = { ...DEFAULT_SETTINGS, protectedPresences: ['On Queue', 'Break', 'Meal', 'Pre-Break'] };
    const training = MATRIX_PRESENCES.find((p) => p.name === 'Training')!;
    expect(expectedChanges(training, { kind: 'call', label: '' }, settings).changes).toEqual(['Busy', 'Training']);
    expect(expectedChanges(training, { kind: 'teams', label: '', status: 'OffWork' }, settings).changes).toEqual(['Offline']);
    expect(expectedChanges(training, { kind: 'call', label: '' }).changes).toEqual([]);
  });
});
