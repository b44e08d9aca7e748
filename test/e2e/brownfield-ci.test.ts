import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import { simulateCall, simulateTeamsStatus } from '../../src/simulate/drive.js';
import { runCli } from '../helpers/cli.js';
import { live } from '../helpers/duplicates.js';
import { controlOf, executions, PRESENCE, setPresence, setupOriginalCommunicateCall, setupOriginalTeams, someUsers } from '../helpers/simulate.js';
import { inventory, LIVE, openTestTarget, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';

/**
 * The CI way into an org where an original blueprint runs: no terminal, `setup --yes` with the
 * answers in a committed presence-kit.config.json (ours beside the original under a name prefix,
 * its enabled triggers disabled). Each event is then handled exactly once — by the kit — and
 * `destroy` puts the org back as the guide left it, every entity's JSON compared (server-written
 * versions and times aside; the event's own traces aside).
 */
const SERVER_WRITTEN = /^(version|dateModified|modifiedDate|dateUpdated)$/;
const TRACES = ['conversations', 'users', 'executions', 'presenceHistory', 'routingHistory'];
const comparable = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(comparable) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => !SERVER_WRITTEN.test(k)).map(([k, x]) => [k, comparable(x)])) : v;
const snapshot = async (t: TestTarget) => Object.fromEntries(Object.entries(comparable(live(await inventory(t))) as Record<string, unknown>).filter(([k]) => !TRACES.includes(k)));

const cases: Array<{ blueprint: string; setup: (c: GenesysClient) => Promise<unknown>; event: (ctl: SandboxControl, c: GenesysClient, userId: string) => Promise<unknown>; runs: string[] }> = [
  {
    blueprint: 'communicate-call',
    setup: setupOriginalCommunicateCall,
    event: (ctl, _c, userId) => simulateCall(ctl, { userId, answerAfterSeconds: 5, durationSeconds: 60, settleSeconds: 10 }),
    runs: ['PK Set GC User to Available', 'PK Set GC User to Busy'],
  },
  {
    blueprint: 'teams-presence',
    setup: setupOriginalTeams,
    event: (ctl, _c, userId) => simulateTeamsStatus(ctl, userId, 'DoNotDisturb'),
    runs: ['PK Microsoft Teams Integration Presence Trigger'],
  },
];

describe.skipIf(LIVE)(`brownfield in CI: setup --yes from a committed config file, beside the original (${SANDBOX_ONLY})`, () => {
  for (const c of cases) {
    describe(c.blueprint, () => {
      let t: TestTarget;
      let admin: GenesysClient;
      const cwd = process.cwd();
      beforeAll(async () => {
        t = await openTestTarget({ now: '2026-03-02T09:00:00.000Z', users: 4 });
        admin = await t.client();
        await c.setup(admin);
        process.chdir(mkdtempSync(join(tmpdir(), 'pk-ci-')));
      });
      afterAll(async () => {
        process.chdir(cwd);
        await t?.close();
      });

      it('takes the org over without a question, handles each event once, and destroy restores the starting snapshot', async () => {
        const start = await snapshot(t);
        writeFileSync('presence-kit.config.json', JSON.stringify({ version: 1, blueprints: [c.blueprint], variables: { namePrefix: 'PK ' }, overlapping: 'disable' }));
        const setup = await runCli(t, 'setup', '--yes');
        expect(setup.stderr).toBe('');
        expect(setup.code).toBe(0);
        expect(setup.stdout).toContain('disabled trigger');

        const [u] = await someUsers(admin, 1);
        await setPresence(admin, u!.id, PRESENCE.Available);
        await c.event(controlOf(t), admin, u!.id);
        expect((await executions(controlOf(t), { userId: u!.id })).map((r) => r.name).sort()).toEqual(c.runs);

        const destroyed = await runCli(t, 'destroy', '--yes');
        expect(destroyed.code).toBe(0);
        expect(await snapshot(t)).toEqual(start);
      });
    });
  }
});
