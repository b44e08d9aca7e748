import { unzipSync } from 'fflate';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageLambda } from '../../deploy/package-lambda.js';

/**
 * `npm run package:lambda` twice gives the same bytes: Terraform's `source_code_hash` and
 * CloudFormation's package step then see no change when nothing changed, and a reviewer can
 * rebuild the zip and compare it with what was deployed.
 */
describe('the Lambda package', () => {
  it('is byte-identical across two builds, one file lambda.js readable by others (0644)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pk-pkg-'));
    const a = await packageLambda(join(dir, 'a.zip'));
    const b = await packageLambda(join(dir, 'b.zip'));
    const [x, y] = [readFileSync(a.file), readFileSync(b.file)];
    expect(x.length).toBeGreaterThan(0);
    expect(x.equals(y)).toBe(true);
    expect(Object.keys(unzipSync(x))).toEqual(['lambda.js']);
    // Central directory entry: made by Unix (3), external attributes = regular file 0644.
    const at = x.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
    expect(x.readUInt8(at + 5)).toBe(3);
    expect((x.readUInt32LE(at + 38) >>> 16) & 0o777).toBe(0o644);
  });
});
