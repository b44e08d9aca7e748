import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { apply, plan, planDestroy, STATE_FILE, type ApplyHooks, type PlanStep } from '../../src/engine/index.js';
import { duplicates, live } from '../helpers/duplicates.js';
import { inventory, itSandbox, withTestTarget } from '../helpers/target.js';

/**
 * A crash (the engine's hooks throw, as kill -9 would stop it: nothing after that point runs) at
 * every write boundary of a full apply — after each step's write, and after the first call of a
 * create that takes several — then a re-run: it converges with no duplicate, and destroy leaves
 * no orphan. The state file is kept, deleted or truncated before the re-run, in turn. With the
 * state lost, an entity Genesys gives no field to mark, made just before the crash and not yet
 * named by a marked one, cannot be told from someone else's: the re-run stops before any write,
 * naming it (README: delete it, it is unused) — checked here to be the only such case.
 */
class Crash extends Error {}

type Boundary = { hook: keyof ApplyHooks; index: number; what: string };
const STATE_AFTER = ['kept', 'deleted', 'truncated'] as const;

describe('engine: crash at every write boundary', () => {
  itSandbox('inventory', 'a crash after any write, re-run with the state kept, deleted or truncated: converges, no duplicates, no orphans', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const client = await t.client({ requestsPerMinute: 0 });
      const before = live(await inventory(t));

      // Where the boundaries are: a full apply, recording them.
      const boundaries: Boundary[] = [];
      const record = (hook: keyof ApplyHooks) => (step: PlanStep, index: number) => void boundaries.push({ hook, index, what: `${step.kind}:${step.name}` });
      const probe = mkdtempSync(join(tmpdir(), 'pk-crash-probe-'));
      const full = await plan({ client, workDir: probe });
      await apply(full, { hooks: { afterWrite: record('afterWrite'), afterFirstCall: record('afterFirstCall') } });
      await apply(await planDestroy({ client, workDir: probe }));
      // Every step of a fresh apply writes.
      expect(boundaries.filter((b) => b.hook === 'afterWrite')).toHaveLength(full.steps.length);
      expect(boundaries.filter((b) => b.hook === 'afterFirstCall').length).toBeGreaterThan(0);

      const outcomes: string[] = [];
      const stopped: string[] = [];
      for (const [i, b] of boundaries.entries()) {
        const workDir = mkdtempSync(join(tmpdir(), 'pk-crash-'));
        const crash = (step: PlanStep, index: number) => {
          if (index === b.index) throw new Crash(`killed at ${b.hook} of ${step.kind}:${step.name}`);
        };
        await expect(apply(await plan({ client, workDir }), { hooks: { [b.hook]: crash } })).rejects.toBeInstanceOf(Crash);

        const stateAfter = STATE_AFTER[i % STATE_AFTER.length]!;
        if (stateAfter === 'deleted') rmSync(join(workDir, STATE_FILE));
        if (stateAfter === 'truncated') writeFileSync(join(workDir, STATE_FILE), '{"version": 1, "resou');

        const label = `${b.hook} ${b.what}, state ${stateAfter}`;
        let resumed = await plan({ client, workDir }).catch((e: Error) => e);
        if (resumed instanceof Error) {
          // The one window the org cannot settle: a credential (or presence) was made, the process
          // died before the marked integration (or client) that names it, and the state went too.
          // Nothing then says it is ours: the plan stops, writing nothing, naming each such entity.
          expect(stateAfter, label).not.toBe('kept');
          for (const line of resumed.message.split('\n').slice(1)) {
            const m = /^ {2}(integration credential|presence) "(.+)" \(([^)]+)\) cannot carry a mark/.exec(line);
            expect(m, `${label}: ${resumed.message}`).not.toBeNull();
            // What the README tells the admin to do: it is unused, delete it.
            await client.request('DELETE', m![1] === 'presence' ? `/api/v2/presence/definitions/${m![3]}` : `/api/v2/integrations/credentials/${m![3]}`);
          }
          stopped.push(label);
          resumed = await plan({ client, workDir });
        }
        await apply(resumed);
        expect(duplicates(await inventory(t)), label).toEqual([]);
        const again = await plan({ client, workDir });
        expect(again.steps.filter((s) => s.action !== 'noop').map((s) => `${s.action} ${s.kind}:${s.name}`), label).toEqual([]);
        await apply(await planDestroy({ client, workDir }));
        expect(live(await inventory(t)), label).toEqual(before);
        outcomes.push(label);
      }
      expect(outcomes).toHaveLength(boundaries.length);
      // Only there, and only with the state lost.
      expect(stopped.length).toBeLessThan(boundaries.length / 6);
    });
  // A safety net for a hang, not a margin: ~60 boundaries of apply + destroy took 394 s of a
  // 400 s limit at load 24; sized at about ten times that.
  }, 3_600_000);
});
