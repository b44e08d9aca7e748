import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeJsonAtomic } from '../../src/util/atomic-file.js';
import { runCli } from '../helpers/cli.js';

/**
 * The pre-break credentials file written by an apply against a sandbox names that sandbox's
 * address. Once it is stopped, the job says what the address is and how to fix it — not
 * "check GENESYSCLOUD_API_URL", which nobody set.
 */
describe('pre-break with a credentials file whose sandbox is gone', () => {
  const cwd = process.cwd();
  let deadUrl: string;
  beforeAll(async () => {
    // A port that was free a moment ago: nothing listens there now.
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    deadUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    await new Promise<void>((r) => server.close(() => r()));
    const dir = mkdtempSync(join(tmpdir(), 'pk-deadsb-'));
    mkdirSync(join(dir, '.presence-kit'));
    writeJsonAtomic(join(dir, '.presence-kit', 'pre-break.credentials.json'), {
      clientId: 'job-client',
      clientSecret: 'job-secret-0123456789',
      apiUrl: deadUrl,
      presenceDefinitionId: 'pb-presence',
      presenceDefinitionName: 'Pre-Break',
    });
    process.chdir(dir);
  });
  afterAll(() => process.chdir(cwd));

  it('names the file, the address and the fix; never GENESYSCLOUD_API_URL', async () => {
    const r = await runCli(undefined, 'pre-break', '--all', '--dry-run');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`pre-break.credentials.json was written by \`presence-kit apply --blueprint pre-break\` against the sandbox at ${deadUrl}, which no longer answers`);
    expect(r.stderr).not.toContain('GENESYSCLOUD_API_URL');
  });
});
