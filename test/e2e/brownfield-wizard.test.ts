import { screen } from '@inquirer/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import { simulateCall, simulateTeamsStatus } from '../../src/simulate/drive.js';
import { inquirerPrompter } from '../../src/wizard/prompter.js';
import { runSetup } from '../../src/wizard/setup.js';
import { runCli } from '../helpers/cli.js';
import { orgState } from '../helpers/originals.js';
import { waitFor } from '../helpers/screen.js';
import { controlOf, executions, PRESENCE, setPresence, setupOriginalCommunicateCall, setupOriginalTeams, someUsers } from '../helpers/simulate.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { recordedIO, sandboxOpener, tempDir } from './wizard-helpers.js';

/**
 * The wizard, driven through the real prompts, in an org set up the way an original guide (or
 * its Terraform) leaves it — original workflows imported from its exports, its triggers enabled:
 * the first screen names the install; one answer (its safe default: ours beside theirs, renamed
 * by the taken names' own variables, else a prefix) and Enter at the plan's "disable their triggers?" take it over; an event then runs one
 * workflow per event, not two; destroy leaves the org equal to the starting snapshot (the sandbox's
 * inventory and every entity's full JSON through the API).
 */
interface Case {
  blueprint: string;
  setup: (c: GenesysClient) => Promise<unknown>;
  /** What the first screen says of the install. */
  shown: string[];
  /** The choices' prompts, in the order the blueprint's variables ask them (each taken with Enter). */
  choices: string[];
  disable: string;
  /** How beside renamed ours: the taken names' own variables when each has one, else namePrefix. */
  renamed: Record<string, string>;
  event: (ctl: SandboxControl, userId: string) => Promise<unknown>;
  runs: string[];
}

const CASES: Case[] = [
  {
    blueprint: 'communicate-call',
    setup: setupOriginalCommunicateCall,
    shown: ['the original "Update Genesys Cloud presence on Communicate call activity" blueprint', '"Agent joins conversation" → Set GC User to Busy'],
    choices: ['while on a Communicate call', 'Presence policy', 'Divisions the OAuth clients hold their roles in'],
    disable: 'Disable these 2 triggers',
    // Every taken name has a variable of its own (its data actions follow their integration): nothing else is renamed.
    renamed: {
      presenceIntegrationName: 'PK Update Genesys Cloud User Presence',
      conversationIntegrationName: 'PK GetConversationDetailsPublicAPI',
      busyWorkflowName: 'PK Set GC User to Busy',
      availableWorkflowName: 'PK Set GC User to Available',
    },
    event: (ctl, userId) => simulateCall(ctl, { userId, answerAfterSeconds: 5, durationSeconds: 60, settleSeconds: 10 }),
    runs: ['PK Set GC User to Available', 'PK Set GC User to Busy'],
  },
  {
    blueprint: 'teams-presence',
    setup: setupOriginalTeams,
    shown: ['the original "Update Genesys Cloud presence from Microsoft Teams presence" blueprint', '"MS Teams presence" → Microsoft Teams Integration Presence Trigger'],
    choices: ['Presence policy', 'while on a Communicate call', 'Use this mapping?', 'does not list', 'Divisions the OAuth clients hold their roles in'],
    disable: 'Disable this trigger',
    // The workflow has no name variable of its own: the prefix goes on every name.
    renamed: { namePrefix: 'PK ' },
    event: (ctl, userId) => simulateTeamsStatus(ctl, userId, 'DoNotDisturb'),
    runs: ['PK Microsoft Teams Integration Presence Trigger'],
  },
];

describe.skipIf(LIVE)('the wizard takes over an org where an original guide ran', () => {
  for (const c of CASES) {
    describe(c.blueprint, () => {
      let t: TestTarget;
      const cwd = process.cwd();
      beforeAll(async () => {
        t = await openTestTarget({ now: '2026-03-02T09:00:00.000Z', users: 4 });
        await c.setup(await t.client());
      });
      afterAll(async () => {
        process.chdir(cwd);
        await t?.close();
      });

      it('names the install first, answers it on one screen, one run per event, destroy restores the snapshot', async () => {
        const start = await orgState(t);
        const dir = tempDir('pk-wizard-brownfield-');
        const io = recordedIO(inquirerPrompter());
        const run = runSetup({ io, env: {}, cwd: dir, flags: { blueprints: [c.blueprint] }, openSandbox: sandboxOpener(t) });

        await waitFor('Where should presence-kit set things up?');
        screen.keypress('enter');
        // Before any choice: which original, how much of it, which triggers run — and one question.
        expect(await waitFor('What should presence-kit do with the')).toContain('❯ Make ours beside them');
        for (const s of c.shown) expect(io.text()).toContain(s);
        screen.keypress('enter');
        for (const prompt of ['The prefix for the names presence-kit makes beside theirs', ...c.choices, c.disable, 'Apply these changes to the embedded sandbox?']) {
          await waitFor(prompt);
          screen.keypress('enter');
        }
        const r = await run;
        expect(r.answers).toMatchObject({ variables: c.renamed, overlapping: 'disable' });

        const ctl = controlOf(t);
        const admin = await t.client();
        const [u] = await someUsers(admin, 1);
        await setPresence(admin, u!.id, PRESENCE.Available);
        await c.event(ctl, u!.id);
        expect((await executions(ctl, { userId: u!.id })).map((x) => x.name).sort()).toEqual(c.runs);

        process.chdir(dir);
        const destroyed = await runCli(t, 'destroy', '--yes');
        process.chdir(cwd);
        expect(destroyed.code).toBe(0);
        expect(await orgState(t)).toEqual(start);
      });
    });
  }
});
