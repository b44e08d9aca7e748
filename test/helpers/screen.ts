import { screen } from '@inquirer/testing/vitest';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the prompt showing `text` is on the virtual terminal (the wizard may be talking to the org in between). */
export async function waitFor(text: string): Promise<string> {
  for (let i = 0; i < 400; i++) {
    const s = screen.getScreen();
    if (s.includes(text)) return s;
    await Promise.race([screen.next(), sleep(25)]);
  }
  throw new Error(`no prompt "${text}" on screen; last screen:\n${screen.getScreen()}`);
}
