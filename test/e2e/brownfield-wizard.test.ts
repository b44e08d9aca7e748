import { screen } from '@inquirer/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inquirerPrompter } from '../../src/wizard/prompter.js';
import { runSetup } from '../../src/wizard/setup.js';
import { simulateCall } from '../../src/simulate/drive.js';
import { runCli } from '../helpers/cli.js';
import { controlOf, executions, PRESENCE, setPresence, setupOriginalCommunicateCall, someUsers } from '../helpers/simulate.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { orgSnapshot } from '../helpers/originals.js';
import { waitFor } from '../helpers/screen.js';
import { recordedIO, sandboxOpener, tempDir } from './wizard-helpers.js';

/**
 * The wizard, driven through the real prompts, in an org set up the way the original
 * Communicate-call guide leaves it (original workflows imported from its exports, its triggers
 * enabled): the first screen names the install; one answer (its safe default: ours beside theirs,
 * under a prefix) and Enter at the plan's "disable their triggers?" take it over; a call then runs
 * one workflow per event, not two; destroy leaves the org equal to the starting snapshot.
 */

describe.skipIf(LIVE)('the wizard takes over an org where the Communicate-call guide ran', () => {
  let t: TestTarget;
  const cwd = process.cwd();
  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-03-02T09:00:00.000Z', users: 4 });
    await setupOriginalCommunicateCall(await t.client());
  });
  afterAll(async () => {
    process.chdir(cwd);
    await t?.close();
  });

  it('names the install first, answers it on one screen, one run per event, destroy restores the snapshot', async () => {
    const start = await orgSnapshot(t);
    const dir = tempDir('pk-wizard-brownfield-');
    const io = recordedIO(inquirerPrompter());
    const run = runSetup({ io, env: {}, cwd: dir, flags: { blueprints: ['communicate-call'] }, openSandbox: sandboxOpener(t) });

    await waitFor('Where should presence-kit set things up?');
    screen.keypress('enter');
    // Before any choice: which original, how much of it, which triggers run — and one question.
    expect(await waitFor('What should presence-kit do?')).toContain('❯ Make ours beside them, under a name prefix');
    expect(io.text()).toContain('the original "Update Genesys Cloud presence on Communicate call activity" blueprint');
    expect(io.text()).toContain('"Agent joins conversation" → Set GC User to Busy');
    screen.keypress('enter');
    await waitFor('The prefix for every name presence-kit gives');
    screen.keypress('enter');
    await waitFor('while on a Communicate call');
    screen.keypress('enter');
    await waitFor('Presence policy');
    screen.keypress('enter');
    await waitFor('Divisions the OAuth clients hold their roles in');
    screen.keypress('enter');
    await waitFor('Disable these 2 triggers');
    screen.keypress('enter');
    await waitFor('Apply these changes to the embedded sandbox?');
    screen.keypress('enter');
    const r = await run;
    expect(r.answers).toMatchObject({ variables: { namePrefix: 'PK ' }, overlapping: 'disable' });

    const ctl = controlOf(t);
    const admin = await t.client();
    const [u] = await someUsers(admin, 1);
    await setPresence(admin, u!.id, PRESENCE.Available);
    await simulateCall(ctl, { userId: u!.id, answerAfterSeconds: 5, durationSeconds: 60, settleSeconds: 10 });
    expect((await executions(ctl, { userId: u!.id })).map((x) => x.name).sort()).toEqual(['PK Set GC User to Available', 'PK Set GC User to Busy']);

    process.chdir(dir);
    const destroyed = await runCli(t, 'destroy', '--yes');
    process.chdir(cwd);
    expect(destroyed.code).toBe(0);
    expect(await orgSnapshot(t)).toEqual(start);
  });
});
