import { screen } from '@inquirer/testing/vitest';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the prompt showing `text` is on the virtual terminal (the wizard may be talking to
 * the org in between, for as long as a loaded machine takes), or fails at once when `ended` says
 * the wizard's run is over without showing it. No time limit of its own: the suite's test timeout
 * is the safety net.
 */
export async function waitFor(text: string, ended: () => boolean = () => false): Promise<string> {
  for (;;) {
    const s = screen.getScreen();
    if (s.includes(text)) return s;
    if (ended()) throw new Error(`no prompt "${text}" on screen and the wizard has ended; last screen:\n${s}`);
    await Promise.race([screen.next(), sleep(25)]);
  }
}
