import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, plan, planDestroy } from '../../src/engine/index.js';
import { EngineError } from '../../src/engine/errors.js';
import { runCli } from '../helpers/cli.js';
import { describeSandbox, inventory, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * State is kept per folder and belongs to one org: ids recorded for org A mean nothing in org B.
 * A run that reaches another org than the folder's state was written for stops before it reads or
 * writes anything else, saying where to run instead.
 */
describeSandbox('two orgs', 'the state file of one org, used against another', () => {
  let a: TestTarget;
  let b: TestTarget;
  beforeAll(async () => {
    // Different seeds: two different orgs, as two Genesys orgs would be.
    [a, b] = await Promise.all([openTestTarget({ seed: 1 }), openTestTarget({ seed: 2 })]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it('records the org it applied to, and refuses a plan, apply or destroy against another org', async () => {
    const workDir = mkdtempSync(join(tmpdir(), 'pk-org-'));
    const clientA = await a.client();
    await apply(await plan({ client: clientA, workDir, blueprints: ['pre-break'] }));
    const me = await clientA.request<{ id: string; name: string }>('GET', '/api/v2/organizations/me');
    const state = JSON.parse(readFileSync(join(workDir, '.presence-kit', 'state.json'), 'utf8')) as { org?: { id: string; name: string } };
    expect(state.org).toEqual({ id: me.id, name: me.name });

    const clientB = await b.client();
    const before = await inventory(b);
    for (const attempt of [() => plan({ client: clientB, workDir, blueprints: ['pre-break'] }), () => planDestroy({ client: clientB, workDir })]) {
      const err = await attempt().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(EngineError);
      expect((err as Error).message).toMatch(new RegExp(`state\\.json belongs to org "${me.name}" \\(${me.id}\\), but this run reaches "presence-kit sandbox [0-9a-f]{8}" .* run presence-kit from the folder you used`));
      expect((err as Error).message.split('\n')).toHaveLength(1);
    }
    expect(await inventory(b)).toEqual(before);
    // The folder still works for its own org.
    expect((await apply(await plan({ client: clientA, workDir, blueprints: ['pre-break'] }))).writes).toBe(0);
  });
});

describeSandbox('org ids', 'two sandboxes are two orgs', () => {
  it('two sandboxes started alike (same seed) have different org ids, so the folder guard tells them apart', async () => {
    const [a, b] = await Promise.all([openTestTarget(), openTestTarget()]);
    try {
      const workDir = mkdtempSync(join(tmpdir(), 'pk-org-same-seed-'));
      await apply(await plan({ client: await a.client(), workDir, blueprints: ['pre-break'] }));
      await expect(plan({ client: await b.client(), workDir, blueprints: ['pre-break'] })).rejects.toThrow(/belongs to org .* but this run reaches/);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('apply against `presence-kit sandbox`, then the embedded sandbox in the same folder: plan and status refuse in one line instead of re-creating everything as "gone"', async () => {
    const served = await openTestTarget();
    const cwd = process.cwd();
    process.chdir(mkdtempSync(join(tmpdir(), 'pk-org-two-sandboxes-')));
    try {
      expect((await runCli(served, 'apply', '--yes', '--blueprint', 'pre-break')).code).toBe(0);
      for (const cmd of ['plan', 'status']) {
        const r = await runCli(undefined, cmd, '--sandbox', '--blueprint', 'pre-break');
        expect(r.code, cmd).toBe(1);
        expect(r.stdout + r.stderr).not.toMatch(/gone from the org/);
        expect(r.stderr.trim().split('\n'), cmd).toEqual([expect.stringMatching(/^error: .*state\.json belongs to org "presence-kit sandbox [0-9a-f]{8}" .* but this run reaches "presence-kit sandbox [0-9a-f]{8}"/)]);
      }
    } finally {
      process.chdir(cwd);
      await served.close();
    }
  });
});
