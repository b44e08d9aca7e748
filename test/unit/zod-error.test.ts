import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { errorCode, fixFor } from '../../src/cli/error-codes.js';
import { errorLine } from '../../src/genesys/errors.js';

/**
 * The error reporter recognises a failed zod parse without importing zod (start-up): what a user
 * reads for one — the `input.schema` code, the field and zod's message, the fix — must stay.
 */
describe('a failed zod parse, as the CLI reports it', () => {
  const failed = (() => {
    try {
      z.object({ region: z.object({ name: z.string() }) }).parse({ region: { name: 7 } });
    } catch (err) {
      return err;
    }
    throw new Error('the parse should have failed');
  })();

  it('has the code input.schema, names the field and says what to do', () => {
    expect(errorCode(failed)).toBe('input.schema');
    expect(errorLine(failed)).toMatch(/^region\.name: .*string/i);
    expect(fixFor(failed)).toBe('correct the value named above');
  });

  it('an ordinary error is not taken for one', () => {
    const plain = Object.assign(new Error('boom'), { issues: 'not a list' });
    expect(errorCode(plain)).not.toBe('input.schema');
    expect(errorLine(plain)).toBe('boom');
  });
});
