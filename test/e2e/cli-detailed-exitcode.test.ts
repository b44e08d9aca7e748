import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * `plan` and `status` with --detailed-exitcode, as CI pipelines use Terraform's: 0 nothing to do,
 * 2 changes or drift, 1 an error (a usage error too). Without the flag both exit 0 either way.
 */
describe('--detailed-exitcode', () => {
  let target: TestTarget;
  const cwd = process.cwd();
  beforeAll(async () => {
    target = await openTestTarget();
    process.chdir(mkdtempSync(join(tmpdir(), 'pk-exitcode-')));
  });
  afterAll(async () => {
    process.chdir(cwd);
    await target?.close();
  });

  it('plan: 2 before apply, 0 after; status: 0 in sync, 2 after drift; 1 on errors', async () => {
    const bp = ['--blueprint', 'communicate-call'];
    expect((await runCli(target, 'plan', ...bp)).code).toBe(0);
    expect((await runCli(target, 'plan', ...bp, '--detailed-exitcode')).code).toBe(2);
    expect((await runCli(target, 'apply', ...bp, '--yes')).code).toBe(0);
    expect((await runCli(target, 'plan', ...bp, '--detailed-exitcode')).code).toBe(0);
    expect((await runCli(target, 'status', '--detailed-exitcode')).code).toBe(0);

    // Someone edits a role presence-kit made: drift.
    const client = await target.client();
    const roles = await client.request<{ entities: Array<{ id: string; name: string; description?: string }> }>('GET', '/api/v2/authorization/roles', { query: { pageSize: 100 } });
    const ours = roles.entities.find((r) => r.name === 'Presence API Admin');
    expect(ours).toBeDefined();
    const full = await client.request<Record<string, unknown>>('GET', `/api/v2/authorization/roles/${ours!.id}`);
    await client.request('PUT', `/api/v2/authorization/roles/${ours!.id}`, { body: { ...full, description: 'edited by hand' } });
    const drift = await runCli(target, 'status', '--detailed-exitcode', '--json');
    expect(drift.code).toBe(2);
    expect(JSON.parse(drift.stdout)).toMatchObject({ inSync: false });
    expect((await runCli(target, 'status')).code).toBe(0);

    expect((await runCli(target, 'plan', '--blueprint', 'nope', '--detailed-exitcode')).code).toBe(1);
    expect((await runCli(target, 'status', '--detailed-exitcode', '--no-such-flag')).code).toBe(1);
  });
});
