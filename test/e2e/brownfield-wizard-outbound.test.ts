import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SandboxControl } from '../../src/simulate/control.js';
import { simulateCall } from '../../src/simulate/drive.js';
import { runCli } from '../helpers/cli.js';
import { orgState, setupOriginalTeamsOutbound, type GraphApp } from '../helpers/originals.js';
import { controlOf, dataActionCalls, executions, PRESENCE, setPresence, someUsers } from '../helpers/simulate.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { answerExistingInstall, answerPrompts, startWizard } from '../helpers/wizard-existing.js';
import { tempDir } from './wizard-helpers.js';

/**
 * The wizard, driven through the real prompts, in an org where the original "Update MS Teams
 * presence from an inbound interaction" guide ran — its two integrations (the Graph one with its
 * "User Defined (OAuth)" credential and the "Office 365 (Auth)" action), its two actions and two
 * flows imported from the exports, the two triggers its Postman collection makes (every user.start
 * and user.end runs its flows), working against the sandbox's Microsoft Graph. The wizard asks for the Entra app (tenant, app id; the secret from
 * PRESENCE_KIT_GRAPH_CLIENT_SECRET), makes ours beside the original or takes its integrations over,
 * and disables its triggers: one ACD interaction is then one run per event and one Teams presence
 * change, not two; destroy leaves the org equal to the starting snapshot — the sandbox's inventory
 * and every entity's JSON through the API, less what Genesys writes itself (versions, modification
 * times) and what it never shows (credentials' fields, OAuth client secrets): test/helpers/originals.ts.
 */
const QUEUE = 'b1a3c3a2-5f4e-4c1e-9d7a-0c0ffee0a11a';
const SECRET_ENV = 'PRESENCE_KIT_GRAPH_CLIENT_SECRET';
const ORIGINAL_FLOWS = ['GC User Set MS Teams to Available', 'GC User Set MS Teams to DoNotDisturb'];

/** An answer to the existing-install screen for the whole install, and what the kit's names then are. */
interface Case {
  answer: 'beside' | 'adopt';
  title: string;
  /** The saved answers it leads to. */
  answers: Record<string, unknown>;
  /** The kit's flows and its Graph integration, as named after that answer. */
  flows: string[];
  graph: string;
}

const GRAPH = 'MS Teams Graph Authentication (Presence Update)';
const CASES: Case[] = [
  {
    answer: 'beside',
    title: 'installs beside the original (a prefix)',
    answers: { variables: { namePrefix: 'PK ' } },
    flows: ['PK Clear Teams Presence After Interaction', 'PK Set Teams Presence For Interaction'],
    graph: `PK ${GRAPH}`,
  },
  {
    answer: 'adopt',
    title: 'takes the original\'s integrations over',
    answers: { adopt: expect.arrayContaining(['integration/Get MS Teams User ID', `integration/${GRAPH}`]) },
    flows: ['Clear Teams Presence After Interaction', 'Set Teams Presence For Interaction'],
    graph: GRAPH,
  },
];

/** What Teams showed the user (the Teams integration's presence messages), in order. */
const teamsChanges = async (ctl: SandboxControl, userId: string, since: string) =>
  (await ctl.get<{ entities: Array<{ body: { message: string } }> }>('events', { topic: `v2.users.${userId}.integrationpresence`, since })).entities.map((e) => e.body.message);

/** Every Graph write the user's runs made, by data action name. */
const graphWrites = async (ctl: SandboxControl, userId: string) =>
  (await executions(ctl, { userId })).flatMap(dataActionCalls).filter((c) => !/Teams User Id/i.test(c.dataAction));

describe.skipIf(LIVE)('the wizard takes over an org where the original Teams-from-interaction guide ran', () => {
  for (const c of CASES)
    describe(c.answer, () => {
      let t: TestTarget;
      let ctl: SandboxControl;
      let app: GraphApp;
      const cwd = process.cwd();
      beforeAll(async () => {
        t = await openTestTarget({ now: '2026-03-02T09:00:00.000Z', users: 4 });
        ctl = controlOf(t);
        app = await ctl.get<GraphApp>('graph/app');
        await setupOriginalTeamsOutbound(await t.client(), app);
      });
      afterAll(async () => {
        delete process.env[SECRET_ENV];
        process.chdir(cwd);
        await t?.close();
      });

      it(`asks for the Entra app, ${c.title} and disables its triggers: one run and one Teams change per event; destroy restores the snapshot`, async () => {
        const admin = await t.client();
        const [before, u] = await someUsers(admin, 2);
        const call = (userId: string) => simulateCall(ctl, { userId, queueId: QUEUE, answerAfterSeconds: 5, durationSeconds: 60, settleSeconds: 5 });

        // The original acts here as in an org: every interaction start and end runs its flows (its
        // triggers match every user.start / user.end), which set Teams DoNotDisturb, then Available —
        // what would run beside the kit's.
        await setPresence(admin, before!.id, PRESENCE.Available);
        const since0 = (await ctl.get<{ now: string }>('clock')).now;
        await call(before!.id);
        expect((await executions(ctl, { userId: before!.id })).map((x) => x.name).sort()).toEqual(ORIGINAL_FLOWS);
        expect((await graphWrites(ctl, before!.id)).map((w) => `${w.dataAction}: ${w.outcome}`)).toEqual([
          `${GRAPH} / Update Teams User Presence: success`,
          `${GRAPH} / Update Teams User Presence: success`,
        ]);
        expect(await teamsChanges(ctl, before!.id, since0)).toEqual(['DoNotDisturb', 'Available']);

        const start = await orgState(t);
        // Beside: the admin has no PRESENCE_KIT_GRAPH_CLIENT_SECRET set, and the wizard asks for it (masked).
        // Take over: it is in the environment (as in CI), and not asked.
        const asked = c.answer === 'beside';
        if (asked) delete process.env[SECRET_ENV];
        else process.env[SECRET_ENV] = app.clientSecret;
        const dir = tempDir('pk-wizard-outbound-');
        const { io, run, ended } = await startWizard(t, ['teams-presence-outbound'], dir);
        const shown = await answerExistingInstall(c.answer, ended);
        expect(shown).toContain('❯ Make ours beside them');
        expect(io.text()).toContain('the original "Update Microsoft Teams presence from an inbound interaction" blueprint');
        expect(io.text()).toContain('"Agent joins conversation" → GC User Set MS Teams to DoNotDisturb');
        await answerPrompts(
          [
            { prompt: 'The Microsoft Entra tenant', type: app.tenantId },
            { prompt: 'The application (client) id of the Entra app registration', type: app.clientId },
            'What Teams shows during an interaction',
            'Also show Communicate (non-ACD) calls in Teams',
            'How long the Teams session lasts',
            'Divisions the OAuth clients hold their roles in',
            ...(asked ? [{ prompt: `${SECRET_ENV} — the client secret of your Microsoft Entra app`, type: app.clientSecret }] : []),
            'Disable these 2 triggers',
            'Apply these changes to the embedded sandbox?',
          ],
          ended,
        );
        const r = await run;
        expect(r.answers).toMatchObject({ ...c.answers, overlapping: 'disable' });
        expect(r.answers.variables).toMatchObject({ graphTenantId: app.tenantId, graphClientId: app.clientId });
        // The secret came from the environment and stays there: never in the saved answers.
        expect(JSON.stringify(r.answers)).not.toContain(app.clientSecret);
        expect(readFileSync(join(dir, 'presence-kit.config.json'), 'utf8')).not.toContain(app.clientSecret);
        // Typed at the prompt, it was shown masked, and went no further than this run's apply.
        if (asked) {
          expect(io.text()).not.toContain(app.clientSecret);
          expect(process.env[SECRET_ENV]).toBeUndefined();
        }

        await setPresence(admin, u!.id, PRESENCE.Available);
        const since = (await ctl.get<{ now: string }>('clock')).now;
        await call(u!.id);
        // One run per event (the kit's), none of the original's; one Graph write each; Teams changed once and came back.
        expect((await executions(ctl, { userId: u!.id })).map((x) => x.name).sort()).toEqual(c.flows);
        expect((await graphWrites(ctl, u!.id)).map((w) => `${w.dataAction}: ${w.outcome}`).sort()).toEqual([
          `${c.graph} / Clear Microsoft Teams Presence Session: success`,
          `${c.graph} / Set Microsoft Teams Presence Session: success`,
        ]);
        expect(await teamsChanges(ctl, u!.id, since)).toEqual(['Presenting', 'Available']);

        process.chdir(dir);
        const destroyed = await runCli(t, 'destroy', '--yes');
        process.chdir(cwd);
        expect(destroyed.code).toBe(0);
        expect(await orgState(t)).toEqual(start);
      });
    });
});
