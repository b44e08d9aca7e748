import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { readJsonFile } from '../../src/util/json-file.js';

describe('readJsonFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pk-json-'));
  const schema = z.object({ id: z.string(), n: z.number() });
  const file = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };

  it('tells a missing file, a file that is not JSON and one that breaks the schema apart, so each caller can name its own fix', () => {
    expect(readJsonFile(join(dir, 'nope.json'), schema)).toMatchObject({ ok: false, problem: 'missing' });
    expect(readJsonFile(file('cut.json', '{"id": "a", "n'), schema)).toMatchObject({ ok: false, problem: 'not-json' });
    expect(readJsonFile(file('bad.json', '{"id": "a", "n": "2"}'), schema)).toMatchObject({ ok: false, problem: 'invalid', path: 'n' });
    expect(readJsonFile(file('good.json', '{"id": "a", "n": 2, "extra": true}'), schema)).toEqual({ ok: true, data: { id: 'a', n: 2 } });
  });
});
