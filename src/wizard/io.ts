import type { Prompter } from './prompter.js';

/**
 * How the wizard talks: a Prompter for questions (absent when it must not ask: no TTY, `--yes`)
 * and a line sink for everything it tells. Lines pass through redaction at the sink.
 */
export interface WizardIO {
  /** Undefined in non-interactive runs: every answer then comes from config, flags, env or defaults. */
  prompter?: Prompter;
  say(line: string): void;
  /** Rewrites the last line in place when the sink is a terminal (live progress); else prints it. */
  update?(line: string): void;
}
