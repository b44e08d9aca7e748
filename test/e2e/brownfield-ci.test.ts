import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import { simulateCall, simulateTeamsStatus } from '../../src/simulate/drive.js';
import { runCli, runCliWithEnv } from '../helpers/cli.js';
import { orgSnapshot, setupOriginalTeamsOutbound, useBrownfield } from '../helpers/originals.js';
import { controlOf, executions, PRESENCE, setPresence, setupOriginalCommunicateCall, setupOriginalTeams, someUsers } from '../helpers/simulate.js';
import { LIVE, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';

/** The connection the CLI reads from the environment, as runCli sets it. */
const envOf = (t: TestTarget) => ({ GENESYSCLOUD_OAUTHCLIENT_ID: t.connection.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: t.connection.clientSecret, GENESYSCLOUD_API_URL: t.connection.gatewayUrl });

/**
 * The CI way into an org where an original blueprint runs (each of the three: Communicate call,
 * Teams → Genesys, Genesys → Teams): no terminal, `setup --yes` with the
 * answers in a committed presence-kit.config.json (ours beside the original under a name prefix,
 * its enabled triggers disabled). Each event is then handled exactly once — by the kit — and
 * `destroy` puts the org back as the guide left it, every entity's JSON compared (server-written
 * versions and times aside; the event's own traces aside).
 */

/** A queue id: the call is ACD (it carries a queueId), which teams-presence-outbound's triggers act on. */
const QUEUE = 'b1a3c3a2-5f4e-4c1e-9d7a-0c0ffee0a11a';
const GRAPH_SECRET = 'PRESENCE_KIT_GRAPH_CLIENT_SECRET';

interface Case {
  blueprint: string;
  setup: (c: GenesysClient) => Promise<unknown>;
  event: (ctl: SandboxControl, c: GenesysClient, userId: string) => Promise<unknown>;
  runs: string[];
  /** Variables only the org knows (the Entra app registration, in the sandbox's Graph), and its secret for the environment. */
  org?: (ctl: SandboxControl) => Promise<{ variables: Record<string, string>; secret: string }>;
}

const cases: Case[] = [
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
  {
    blueprint: 'teams-presence-outbound',
    setup: setupOriginalTeamsOutbound,
    event: (ctl, _c, userId) => simulateCall(ctl, { userId, queueId: QUEUE, answerAfterSeconds: 5, durationSeconds: 60, settleSeconds: 5 }),
    runs: ['PK Clear Teams Presence After Interaction', 'PK Set Teams Presence For Interaction'],
    org: async (ctl) => {
      const app = await ctl.get<{ tenantId: string; clientId: string; clientSecret: string }>('graph/app');
      return { variables: { graphTenantId: app.tenantId, graphClientId: app.clientId }, secret: app.clientSecret };
    },
  },
];

describe.skipIf(LIVE)(`brownfield in CI: setup --yes from a committed config file, beside the original (${SANDBOX_ONLY})`, () => {
  for (const c of cases) {
    describe(c.blueprint, () => {
      const b = useBrownfield('pk-ci-', { now: '2026-03-02T09:00:00.000Z', users: 4 }, c.setup);

      it('takes the org over without a question, handles each event once, and destroy restores the starting snapshot', async () => {
        const start = await orgSnapshot(b.t);
        const org = await c.org?.(controlOf(b.t));
        writeFileSync('presence-kit.config.json', JSON.stringify({ version: 1, blueprints: [c.blueprint], variables: { namePrefix: 'PK ', ...org?.variables }, overlapping: 'disable' }));
        const setup = await runCliWithEnv({ ...envOf(b.t), [GRAPH_SECRET]: org?.secret }, 'setup', '--yes');
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
