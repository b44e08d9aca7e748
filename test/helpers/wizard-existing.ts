import { screen } from '@inquirer/testing/vitest';
import { onTestFailed } from 'vitest';
import { inquirerPrompter } from '../../src/wizard/prompter.js';
import { runSetup } from '../../src/wizard/setup.js';
import { recordedIO, sandboxOpener } from '../e2e/wizard-helpers.js';
import { waitFor } from './screen.js';
import type { TestTarget } from './target.js';

/**
 * Driving the wizard's prompts on the virtual terminal. Every screen a brownfield test answers goes
 * through here, so a change of the existing-install screen's shape is a change in one function.
 */
export type ExistingAnswer = 'beside' | 'adopt' | 'use';

/** Rows below the safe default ("Make ours beside them") on a blueprint's existing-install screen. */
const ROWS: Record<ExistingAnswer, number> = { beside: 0, adopt: 1, use: 2 };

/**
 * Answers the existing-install screen for a whole blueprint's install at once and returns what it
 * showed. `beside` also answers the prefix question with its default ("PK ").
 */
export async function answerExistingInstall(answer: ExistingAnswer, ended?: () => boolean): Promise<string> {
  const shown = await waitFor('What should presence-kit do with the', ended);
  for (let i = 0; i < ROWS[answer]; i++) screen.keypress('down');
  screen.keypress('enter');
  if (answer === 'beside') {
    await waitFor('The prefix for the names presence-kit makes beside theirs', ended);
    screen.keypress('enter');
  }
  return shown;
}

/** One prompt's answer: Enter on its default, or text typed first. */
export type PromptAnswer = string | { prompt: string; type: string };

/** Answers `prompts` in order, each once it is on screen. */
export async function answerPrompts(prompts: readonly PromptAnswer[], ended?: () => boolean): Promise<void> {
  for (const p of prompts) {
    const [text, typed] = typeof p === 'string' ? [p, undefined] : [p.prompt, p.type];
    await waitFor(text, ended);
    if (typed !== undefined) screen.type(typed);
    screen.keypress('enter');
  }
}

/** A run of the wizard and whether it is over (so a wait for a prompt it will never show fails at once, with the screen). */
export function watched<T>(run: Promise<T>): { run: Promise<T>; ended: () => boolean } {
  let over = false;
  const settled = run.finally(() => {
    over = true;
  });
  settled.catch(() => undefined);
  return { run: settled, ended: () => over };
}

/**
 * The wizard started on the virtual terminal against the test's sandbox (as the embedded one), for
 * `blueprints`, past "Where" (Enter): what it said, its run, and whether it ended. A failing test
 * prints the last screen and everything said.
 */
export async function startWizard(t: TestTarget, blueprints: string[], cwd: string) {
  const io = recordedIO(inquirerPrompter());
  onTestFailed(() => console.log(`screen:\n${screen.getScreen()}\n--- said:\n${io.text()}`));
  const { run, ended } = watched(runSetup({ io, env: {}, cwd, flags: { blueprints }, openSandbox: sandboxOpener(t) }));
  await waitFor('Where should presence-kit set things up?', ended);
  screen.keypress('enter');
  return { io, run, ended };
}
