import { screen } from '@inquirer/testing/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inquirerPrompter } from '../../src/wizard/prompter.js';
import { runSetup } from '../../src/wizard/setup.js';
import { demoCall } from '../../src/wizard/demo.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { inventoryOf, recordedIO, sandboxOpener, tempDir } from './wizard-helpers.js';
import { waitFor as waitForPrompt } from '../helpers/screen.js';
import { SHIPPED_RESOURCES } from '../helpers/shipped.js';

/**
 * The same conversation through the real @inquirer prompts (keypresses on a virtual terminal),
 * so the adapter, the defaults and the descriptions users see are exercised as they run.
 */
/** Set once the wizard's run has ended: a prompt still awaited then will never come. */
let wizardEnded = false;
const waitFor = (text: string) => waitForPrompt(text, () => wizardEnded);

describe.skipIf(LIVE)('setup wizard through the real prompts', () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await openTestTarget();
  });
  afterAll(() => t?.close());

  it('takes the defaults with Enter, changes one choice with the arrow keys, and sets up all three blueprints', async () => {
    const io = recordedIO(inquirerPrompter());
    const run = runSetup({ io, env: {}, cwd: tempDir('pk-wizard-tty-'), openSandbox: sandboxOpener(t), demo: demoCall });
    void run.finally(() => (wizardEnded = true)).catch(() => undefined);

    expect(await waitFor('Where should presence-kit set things up?')).toContain('❯ The embedded sandbox');
    screen.keypress('enter');

    const pick = await waitFor('What should presence-kit set up?');
    expect(pick).toMatch(/◉ communicate-call/);
    expect(pick).toMatch(/◉ teams-presence/);
    expect(pick).toContain('Sets a user Busy when they answer a Communicate (non-ACD) call');
    screen.keypress('enter');

    // Busy on a call: the org's presences, the default already on Busy.
    expect(await waitFor('while on a Communicate call')).toMatch(/❯ Busy/);
    screen.keypress('enter');
    // The presence policy: a checklist, the protected defaults checked (Pre-Break too, though not made yet).
    const policy = await waitFor('Presence policy');
    expect(policy).toMatch(/◉ On Queue/);
    expect(policy).toMatch(/◯ Available/);
    screen.keypress('enter');
    // The clients' roles: the org's divisions offered, all of them (*) checked.
    const divisions = await waitFor('Divisions the OAuth clients hold their roles in');
    expect(divisions).toMatch(/◉ All divisions/);
    expect(divisions).toContain('Outsourced Partner');
    screen.keypress('enter');
    expect(await waitFor('before a scheduled break')).toContain('Create a new presence "Pre-Break"');
    screen.keypress('enter');
    // Pre-Break under Away instead of Break.
    expect(await waitFor('belongs under')).toMatch(/❯ Break/);
    screen.keypress('down');
    screen.keypress('enter');
    // Who ends Pre-Break: the agent by default, at the break's start and after it.
    expect(await waitFor("who moves an agent still in Pre-Break into the break's own presence")).toMatch(/❯ agent/);
    screen.keypress('enter');
    expect(await waitFor('Release an agent still in Pre-Break')).toMatch(/❯ never/);
    screen.keypress('enter');
    await waitFor('Use this mapping?');
    expect(io.text()).toMatch(/DoNotDisturb\s+Busy/);
    screen.keypress('enter');
    await waitFor('does not list');
    screen.keypress('enter');
    await waitFor('how long before a scheduled break');
    screen.keypress('enter');
    await waitFor('which management units?');
    screen.keypress('enter');
    await waitFor('Apply these changes to the embedded sandbox?');
    expect(io.text()).toContain(`Plan: ${SHIPPED_RESOURCES} to create`);
    screen.keypress('enter');
    await waitFor('Simulate a Communicate call now');
    screen.keypress('enter');

    const r = await run;
    expect(r.result.writes).toBeGreaterThan(0);
    expect(r.answers.variables.preBreakParent).toBe('Away');
    expect(r.answers.variables).toMatchObject({ preBreakAtBreakStart: 'agent', preBreakReleaseAfter: 'never' });
    const presences = (await inventoryOf(t)).presenceDefinitions as Array<{ name?: string; systemPresence?: string }> | undefined;
    // The arrow-key choice reached the org: Pre-Break was created under Away, not the default Break.
    expect(presences?.filter((p) => p.name === 'Pre-Break').map((p) => p.systemPresence)).toEqual(['Away']);
    expect(io.text()).toContain(`✓ Done: ${SHIPPED_RESOURCES} resources changed`);
    expect(r.answers.variables.protectedPresences).toEqual(expect.arrayContaining(['On Queue', 'Break', 'Meal', 'Training', 'Pre-Break', 'Offline']));
    expect(io.text()).toMatch(/presence Busy → Available/);
  });
});
