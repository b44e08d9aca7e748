import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import lockfile from 'proper-lockfile';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { apply, plan } from '../../src/engine/index.js';
import { LockError, withLock } from '../../src/engine/lock.js';
import { errorCode } from '../../src/cli/error-codes.js';
import { runCliIn } from '../helpers/cli.js';
import { echoFlowYaml, importYaml } from '../helpers/simulate.js';
import { inventory, itSandbox, withTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * What the user typed is checked against the org before the first write (issue 20, cases 7 and
 * 8): a presence or division name the org does not have, a name Genesys holds in another case, an
 * empty blueprint list, a malformed number in the environment — each one line naming the fix,
 * a non-zero exit, its own code under --json, and nothing written.
 */
const dir = () => mkdtempSync(join(tmpdir(), 'pk-inputs-'));
const errorOf = (out: string) => (JSON.parse(out) as { error: { code: string; message: string; details?: string[] } }).error;

async function refused(t: TestTarget, env: Record<string, string>, ...args: string[]) {
  const before = await inventory(t);
  const r = await runCliIn(dir(), t, env, ...args, '--json');
  expect(await inventory(t)).toEqual(before);
  expect(r.code).not.toBe(0);
  const e = errorOf(r.stdout);
  expect(e.code).not.toBe('internal');
  expect(e.message.split('\n')).toHaveLength(1);
  expect(e.message.length).toBeLessThanOrEqual(300);
  return e;
}

describe('engine: inputs checked against the org before the first write', () => {
  itSandbox('inventory', 'case 8: a typo in protectedPresences, an unknown presence id, an unknown division, an empty --blueprint: refused, nothing written', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const cc = ['--blueprint', 'communicate-call'];
      const typo = await refused(t, {}, 'apply', '--yes', ...cc, '--set', 'protectedPresences=On Queue,Brake,Meal');
      expect(typo).toMatchObject({ code: 'blueprint.input', message: expect.stringMatching(/^protectedPresences: "Brake" is no presence in this org \(did you mean "Break"\?\)/) });
      // Any case, spaces or _ — as the workflows compare them — is fine.
      expect((await runCliIn(dir(), t, {}, 'plan', ...cc, '--set', 'protectedPresences=on_queue,BREAK,meal'))).toMatchObject({ code: 0 });

      const id = 'a0a0a0a0-1111-4222-8333-444455556666';
      expect(await refused(t, {}, 'apply', '--yes', ...cc, '--set', `busyPresenceId=${id}`)).toMatchObject({ message: expect.stringContaining(`busyPresenceId: no presence definition ${id} in this org`) });

      const division = await refused(t, {}, 'apply', '--yes', ...cc, '--set', 'roleDivisions=NoSuchDivision');
      expect(division).toMatchObject({ code: 'blueprint.input', message: expect.stringContaining('no division named "NoSuchDivision" in this org') });

      // An unset shell variable (--blueprint "$BLUEPRINTS") must not mean every blueprint: a usage error (exit 2).
      const before = await inventory(t);
      const empty = await runCliIn(dir(), t, {}, 'apply', '--yes', '--blueprint', '');
      expect(empty).toMatchObject({ code: 2, stderr: expect.stringContaining("option '--blueprint <names>' argument '' is invalid. empty — name at least one") });
      expect(await inventory(t)).toEqual(before);
    });
  });

  itSandbox('inventory', 'case 8: malformed numbers in PRESENCE_KIT_* are refused, naming the variable', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      expect(await refused(t, { PRESENCE_KIT_TIMEOUT_MS: '30s' }, 'plan')).toMatchObject({ code: 'config', message: expect.stringContaining('PRESENCE_KIT_TIMEOUT_MS "30s" is not a whole number') });
      expect(await refused(t, { PRESENCE_KIT_LOCK_WAIT_SECONDS: 'two minutes' }, 'apply', '--yes')).toMatchObject({ code: 'config', message: expect.stringContaining('PRESENCE_KIT_LOCK_WAIT_SECONDS') });
    });
  });

  itSandbox('inventory', 'case 7: a role, a workflow or a presence named in another case is the same name to Genesys: the plan stops on it, saying so, instead of apply failing with a 400', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const client = await t.client({ requestsPerMinute: 0 });
      await client.request('POST', '/api/v2/authorization/roles', { body: { name: 'presence api admin', permissionPolicies: [] } });
      await importYaml(client, echoFlowYaml('set gc user to busy', '', 'made by hand'));
      const e = await refused(t, {}, 'plan', '--blueprint', 'communicate-call');
      expect(e.details).toEqual([
        expect.stringMatching(/^role "Presence API Admin" \(named "presence api admin": the same name to Genesys, which ignores case in role names\) .* or adopt it \(--adopt role\/Presence API Admin\)$/),
        expect.stringMatching(/^workflow "Set GC User to Busy" \(named "set gc user to busy": the same name to Genesys, which ignores case in workflow names\) .* or adopt it \(--adopt workflow\/Set GC User to Busy\)$/),
      ]);
      await client.request('POST', '/api/v2/presence/definitions', { body: { languageLabels: { en_US: 'pre-break' }, systemPresence: 'Break' } });
      const presence = await refused(t, {}, 'plan', '--blueprint', 'pre-break');
      expect(presence.details).toEqual([expect.stringMatching(/^presence "Pre-Break" \(named "pre-break": the same name to Genesys, which ignores case in presence names\)/)]);
    });
  });

  itSandbox('inventory', 'case 9: a held lock has its own error code', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const d = dir();
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      let entered!: () => void;
      const inside = new Promise<void>((r) => (entered = r));
      const holder = withLock(d, 'apply', async () => {
        entered();
        await held;
      });
      await inside;
      const r = await runCliIn(d, t, { PRESENCE_KIT_LOCK_WAIT_SECONDS: '0' }, 'apply', '--yes', '--json');
      release();
      await holder;
      expect(r.code).toBe(1);
      expect(errorOf(r.stdout)).toMatchObject({ code: 'lock', message: expect.stringContaining('is locked by presence-kit apply') });
    });
  });

  itSandbox('inventory', 'case 9: a live lock is never removed, even when a stale holder file names a process that is gone', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const d = dir();
      const state = join(d, '.presence-kit');
      mkdirSync(state, { recursive: true });
      // Another run holds the lock right now (refreshed, live) — but the holder file beside it is
      // still the one of a run killed before: what a waiting run reads in the instant between
      // a takeover and the new holder writing its file.
      const release = await lockfile.lock(join(state, 'state.lock'), { realpath: false, stale: 10_000, lockfilePath: join(state, 'state.lock.lock') });
      const gone = spawn(process.execPath, ['-e', '']);
      const deadPid = await new Promise<number>((r) => gone.on('exit', () => r(gone.pid!)));
      writeFileSync(join(state, 'lock-holder.json'), JSON.stringify({ pid: deadPid, host: hostname(), command: 'apply', since: new Date().toISOString() }));
      const r = await runCliIn(d, t, { PRESENCE_KIT_LOCK_WAIT_SECONDS: '0' }, 'apply', '--yes', '--blueprint', 'pre-break', '--json');
      expect(errorOf(r.stdout)).toMatchObject({ code: 'lock' });
      // The live lock is still there, still ours: releasing it finds it intact.
      expect(existsSync(join(state, 'state.lock.lock'))).toBe(true);
      await release();
    });
  });

  itSandbox('inventory', 'case 9: a run whose lock is taken from it stops before its next write, with the lock code', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const client = await t.client({ requestsPerMinute: 0 });
      const d = dir();
      const lockDir = join(d, '.presence-kit', 'state.lock.lock');
      let writesAtLoss = -1;
      const failed = await withLock(d, 'apply', async () =>
        apply(await plan({ client, workDir: d, blueprints: ['pre-break'] }), {
          hooks: {
            // Another process removes this run's lock and takes its own, after the first step.
            afterStep: (_s, i) => {
              if (i !== 0) return;
              mkdirSync(`${lockDir}.theirs`);
              rmSync(lockDir, { recursive: true, force: true });
              renameSync(`${lockDir}.theirs`, lockDir);
              writesAtLoss = client.stats.writes;
            },
          },
        }),
      ).catch((e: unknown) => e);
      expect(failed).toBeInstanceOf(LockError);
      expect(errorCode(failed)).toBe('lock');
      expect((failed as Error).message).toMatch(/lock was lost while this run held it .* nothing more was written/);
      expect(writesAtLoss).toBeGreaterThan(0);
      expect(client.stats.writes).toBe(writesAtLoss);
    });
  });
});
