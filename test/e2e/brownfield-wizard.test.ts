import { screen } from '@inquirer/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inquirerPrompter } from '../../src/wizard/prompter.js';
import { runSetup } from '../../src/wizard/setup.js';
import { simulateCall } from '../../src/simulate/drive.js';
import { runCli } from '../helpers/cli.js';
import { live } from '../helpers/duplicates.js';
import { controlOf, executions, PRESENCE, setPresence, setupOriginalCommunicateCall, someUsers } from '../helpers/simulate.js';
import { inventory, LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { recordedIO, sandboxOpener, tempDir } from './wizard-helpers.js';

/**
 * The wizard, driven through the real prompts, in an org set up the way the original
 * Communicate-call guide leaves it (original workflows imported from its exports, its triggers
 * enabled): the first screen names the install; one answer (its safe default: ours beside theirs,
 * under a prefix) and Enter at the plan's "disable their triggers?" take it over; a call then runs
 * one workflow per event, not two; destroy leaves the org equal to the starting snapshot.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(text: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const s = screen.getScreen();
    if (s.includes(text)) return s;
    await Promise.race([screen.next(), sleep(25)]);
  }
  throw new Error(`no prompt "${text}" on screen; last screen:\n${screen.getScreen()}`);
}

const SERVER_WRITTEN = /^(version|dateModified|modifiedDate|dateUpdated)$/;
const TRACES = ['conversations', 'users', 'executions', 'presenceHistory', 'routingHistory'];
const comparable = (v: unknown): unknown =>
  Array.isArray(v) ? v.map(comparable) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).filter(([k]) => !SERVER_WRITTEN.test(k)).map(([k, x]) => [k, comparable(x)])) : v;
const snapshot = async (t: TestTarget) => Object.fromEntries(Object.entries(comparable(live(await inventory(t))) as Record<string, unknown>).filter(([k]) => !TRACES.includes(k)));

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
    const start = await snapshot(t);
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
    expect(await snapshot(t)).toEqual(start);
  });
});
