import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The target is always explicit. A CI job whose GENESYSCLOUD_* secret was not injected must fail,
 * not deploy to an embedded sandbox and pass; and every run names where it went first.
 */
describeSandbox('embedded sandbox', 'where a command runs', () => {
  const cwd = process.cwd();
  const saved = { ...process.env };
  beforeEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('GENESYSCLOUD_')) delete process.env[k];
    process.chdir(mkdtempSync(join(tmpdir(), 'pk-target-')));
  });
  afterEach(() => {
    process.chdir(cwd);
    process.env = saved;
  });

  it('apply with no credentials and no --sandbox (no terminal): one line naming both ways on, exit 1, nothing written', async () => {
    const r = await runCli(undefined, 'apply', '--yes', '--blueprint', 'pre-break');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: no Genesys Cloud org to work on: .*set GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET and GENESYSCLOUD_REGION .* or pass --sandbox/)]);
    expect(existsSync('.presence-kit')).toBe(false);
    const json = await runCli(undefined, 'destroy', '--yes', '--json');
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({ error: { code: 'target.none' } });
    // Read-only commands with no sandbox kept here stop too: they never start (and write) one.
    for (const cmd of ['plan', 'status']) expect((await runCli(undefined, cmd)).code, cmd).toBe(1);
    expect(existsSync('.presence-kit')).toBe(false);
  });

  it('apply --sandbox names the sandbox first; a later read-only status uses the sandbox kept here and says so', async () => {
    const r = await runCli(undefined, 'apply', '--yes', '--sandbox', '--blueprint', 'pre-break');
    expect(r.code, r.stderr).toBe(0);
    expect(r.target).toMatch(/^target: sandbox at http:\/\/127\.0\.0\.1:\d+ \(the embedded sandbox, kept in \.presence-kit\/sandbox\/\), org "presence-kit sandbox [0-9a-f]{8}" \([0-9a-f-]{36}\)$/);
    const st = await runCli(undefined, 'status');
    expect(st.code, st.stderr).toBe(0);
    expect(st.target).toMatch(/^target: sandbox at /);
    // A writing command still needs the choice each time.
    expect((await runCli(undefined, 'apply', '--yes')).code).toBe(1);
  });

  it('plan --json carries a target object (the embedded sandbox: url and org)', async () => {
    const r = await runCli(undefined, 'plan', '--sandbox', '--blueprint', 'pre-break', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout) as { target: unknown; steps: unknown[] };
    expect(doc.target).toEqual({ kind: 'embedded-sandbox', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), org: { id: expect.any(String), name: expect.stringMatching(/^presence-kit sandbox /) }, clientId: expect.any(String) });
    expect(doc.steps.length).toBeGreaterThan(0);
    // Human output goes to stderr under --json: the target line is its first line.
    expect(r.target).toMatch(/^target: sandbox at /);
  });
});

describe('an org from GENESYSCLOUD_*', () => {
  let org: TestTarget;
  beforeAll(async () => {
    org = await openTestTarget();
  });
  afterAll(() => org?.close());

  it('plan prints the org, where and the client first; --json carries them as target', async () => {
    const cwd = process.cwd();
    process.chdir(mkdtempSync(join(tmpdir(), 'pk-target-org-')));
    try {
      const human = await runCli(org, 'plan', '--blueprint', 'pre-break');
      expect(human.code, human.stderr).toBe(0);
      const me = await (await org.client()).request<{ id: string; name: string }>('GET', '/api/v2/organizations/me');
      expect(human.target).toBe(`target: org "${me.name}" (${me.id}) at gateway ${org.connection.gatewayUrl}, client ${org.connection.clientId}`);
      const json = JSON.parse((await runCli(org, 'plan', '--blueprint', 'pre-break', '--json')).stdout) as { target: unknown };
      expect(json.target).toEqual({ kind: 'gateway', url: org.connection.gatewayUrl, org: { id: me.id, name: me.name }, clientId: org.connection.clientId });
      // The pre-break job names where it runs and as which client too (read from the connection:
      // its least-privilege client makes no extra call for it), on stderr under --json.
      const tick = await runCli(org, 'pre-break', '--all', '--dry-run', '--json', '--presence-name', 'Break');
      expect(tick.code, tick.stderr).toBe(0);
      expect(tick.target).toBe(`target: ${org.connection.gatewayUrl}, client ${org.connection.clientId}`);
      expect(() => JSON.parse(tick.stdout) as unknown).not.toThrow();
    } finally {
      process.chdir(cwd);
    }
  });
});
