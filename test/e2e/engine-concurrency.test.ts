import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect } from 'vitest';
import { apply, plan, planDestroy, withLock } from '../../src/engine/index.js';
import { duplicates, live } from '../helpers/duplicates.js';
import { inventory, itSandbox, withTestTarget } from '../helpers/target.js';

/**
 * One writer at a time. Two applies and a destroy started together in one directory run one
 * after the other (each plans under the lock, so none acts on a state another is rewriting):
 * whatever order they take, every run that succeeds leaves the state and the org agreeing, and a
 * final destroy leaves nothing presence-kit made. A run that cannot get the lock in time stops with
 * one line naming the holder.
 */
const ROOT = resolve(import.meta.dirname, '../..');

describe('engine: one writer at a time', () => {
  // Which run gets the lock first is what varies; left to the race, the first started nearly
  // always won (ten rounds were ten times the same order). So each round names the first: it is
  // started alone, and the other two start the moment it holds the lock.
  const FIRSTS = [0, 1, 2] as const;
  itSandbox('inventory', 'two applies and a destroy started together, each of them first once: serialised, never overwritten, nothing left after a final destroy', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const client = await t.client({ requestsPerMinute: 0 });
      const before = live(await inventory(t));
      for (const first of FIRSTS) {
        const workDir = mkdtempSync(join(tmpdir(), `pk-race-${first}-`));
        const order: string[] = [];
        let holding: () => void = () => undefined;
        const firstHolds = new Promise<void>((r) => (holding = r));
        const run = (what: 'apply' | 'destroy', i: number) =>
          withLock(workDir, what, async () => {
            order.push(`${what}${i}`);
            holding();
            const r = await apply(what === 'apply' ? await plan({ client, workDir }) : await planDestroy({ client, workDir }));
            // Under the lock, what this run did is what the org and the state now say: the next
            // plan (by whoever comes next) starts from it. Checked before the lock is released.
            const next = await plan({ client, workDir });
            if (what === 'apply') expect(next.steps.filter((s) => s.action !== 'noop').map((s) => `${s.action} ${s.kind}:${s.name}`)).toEqual([]);
            else expect(next.summary.create).toBe(next.steps.length);
            return r;
          });
        const runs = [() => run('apply', 1), () => run('destroy', 1), () => run('apply', 2)];
        const started = [runs[first]!()];
        await firstHolds;
        for (const [i, start] of runs.entries()) if (i !== first) started.push(start());
        const results = await Promise.allSettled(started);
        expect(results.map((r) => (r.status === 'rejected' ? String(r.reason) : 'ok'))).toEqual(['ok', 'ok', 'ok']);
        expect(order).toHaveLength(3);
        expect(order[0]).toBe(['apply1', 'destroy1', 'apply2'][first]);
        expect(duplicates(await inventory(t))).toEqual([]);
        await apply(await planDestroy({ client, workDir }));
        expect(live(await inventory(t))).toEqual(before);
      }
    });
  });

  itSandbox('inventory', 'CLI processes: a second apply waits for the first; one that cannot wait stops with one line naming the holder', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const workDir = mkdtempSync(join(tmpdir(), 'pk-cli-race-'));
      const before = live(await inventory(t));
      const env = { ...process.env, GENESYSCLOUD_OAUTHCLIENT_ID: t.connection.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: t.connection.clientSecret, GENESYSCLOUD_API_URL: t.sandbox!.url, NO_COLOR: '1' };
      const cli = (args: string[], extra: Record<string, string> = {}) =>
        new Promise<{ code: number | null; stderr: string }>((done) => {
          const child = spawn(process.execPath, [join(ROOT, 'bin/presence-kit.mjs'), ...args], { cwd: workDir, env: { ...env, ...extra }, stdio: ['ignore', 'ignore', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
          child.on('exit', (code) => done({ code, stderr }));
        });

      // While this process holds the lock, a CLI apply that may not wait stops at once, naming it.
      await withLock(workDir, 'apply', async () => {
        const r = await cli(['apply', '--yes'], { PRESENCE_KIT_LOCK_WAIT_SECONDS: '0' });
        expect(r.code).not.toBe(0);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain(`is locked by presence-kit apply (pid ${process.pid} on ${hostname()}, since `);
      });
      expect(live(await inventory(t))).toEqual(before);

      // Two applies and a destroy as separate processes: all succeed, one after the other.
      const runs = await Promise.all([cli(['apply', '--yes']), cli(['destroy', '--yes']), cli(['apply', '--yes'])]);
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0]);
      expect(duplicates(await inventory(t))).toEqual([]);
      expect((await cli(['destroy', '--yes'])).code).toBe(0);
      expect(live(await inventory(t))).toEqual(before);
    });
  });
});
