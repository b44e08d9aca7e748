import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import { simulateCall, simulateTeamsStatus } from '../../src/simulate/drive.js';
import { runCli } from '../helpers/cli.js';
import { orgSnapshot, useBrownfield } from '../helpers/originals.js';
import { controlOf, executions, PRESENCE, setPresence, setupOriginalCommunicateCall, setupOriginalTeams, someUsers } from '../helpers/simulate.js';
import { LIVE, SANDBOX_ONLY } from '../helpers/target.js';

/**
 * The CI way into an org where an original blueprint runs: no terminal, `setup --yes` with the
 * answers in a committed presence-kit.config.json (ours beside the original under a name prefix,
 * its enabled triggers disabled). Each event is then handled exactly once — by the kit — and
 * `destroy` puts the org back as the guide left it, every entity's JSON compared (server-written
 * versions and times aside; the event's own traces aside).
 */

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
      const b = useBrownfield('pk-ci-', { now: '2026-03-02T09:00:00.000Z', users: 4 }, c.setup);

      it('takes the org over without a question, handles each event once, and destroy restores the starting snapshot', async () => {
        const start = await orgSnapshot(b.t);
        writeFileSync('presence-kit.config.json', JSON.stringify({ version: 1, blueprints: [c.blueprint], variables: { namePrefix: 'PK ' }, overlapping: 'disable' }));
        const setup = await runCli(b.t, 'setup', '--yes');
        expect(setup.stderr).toBe('');
        expect(setup.code).toBe(0);
        expect(setup.stdout).toContain('disabled trigger');

        const [u] = await someUsers(b.admin, 1);
        await setPresence(b.admin, u!.id, PRESENCE.Available);
        await c.event(controlOf(b.t), b.admin, u!.id);
        expect((await executions(controlOf(b.t), { userId: u!.id })).map((r) => r.name).sort()).toEqual(c.runs);

        const destroyed = await runCli(b.t, 'destroy', '--yes');
        expect(destroyed.code).toBe(0);
        expect(await orgSnapshot(b.t)).toEqual(start);
      });
    });
  }
});
