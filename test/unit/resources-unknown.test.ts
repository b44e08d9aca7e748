import { describe, expect, it } from 'vitest';
import { isUnknown, UNKNOWN } from '../../src/resources/types.js';

describe('the "known after apply" marker', () => {
  it('is found wherever a spec holds it: a string, inside one, in a list, in a nested object', () => {
    expect(isUnknown(UNKNOWN)).toBe(true);
    expect(isUnknown(`/api/v2/integrations/${UNKNOWN}`)).toBe(true);
    expect(isUnknown({ roleDivisions: [{ roleId: UNKNOWN, divisionId: 'home' }] })).toBe(true);
    expect(isUnknown([{ a: { b: [UNKNOWN] } }])).toBe(true);
  });

  it('is not the same as text that reads "(known after apply)": apply must not refuse a description saying so', () => {
    expect(isUnknown('(known after apply)')).toBe(false);
    expect(isUnknown({ description: 'ids are (known after apply)', n: 1, ok: true, none: null })).toBe(false);
    expect(isUnknown(undefined)).toBe(false);
  });
});
