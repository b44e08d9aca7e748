import chalk, { chalkStderr, type ColorSupportLevel } from 'chalk';

/**
 * Whether presence-kit prints colours, by the conventions other CLIs follow, strongest first:
 * `--no-color`; `FORCE_COLOR` (0/false off; 1/true/empty basic, 2 = 256, 3 = truecolor);
 * `NO_COLOR` set to anything non-empty (no-color.org); otherwise colours only on a terminal, as
 * deep as the terminal says (TERM=dumb gives none). chalk 5 reads FORCE_COLOR and the flag but not
 * NO_COLOR, and decides once at import: this sets its level from all of them, per stream.
 */
export interface ColourInputs {
  env: NodeJS.ProcessEnv;
  argv: readonly string[];
  stream: { isTTY?: boolean; getColorDepth?: (env?: NodeJS.ProcessEnv) => number };
}

export function colourLevel({ env, argv, stream }: ColourInputs): ColorSupportLevel {
  if (argv.includes('--no-color')) return 0;
  const force = env.FORCE_COLOR;
  if (force !== undefined) {
    if (force === '0' || force.toLowerCase() === 'false') return 0;
    const n = Number(force);
    if (n === 2 || n === 3) return n;
    return 1;
  }
  if (env.NO_COLOR) return 0;
  if (!stream.isTTY) return 0;
  // A terminal that cannot say how deep it is still shows the 16 basic colours.
  const depth = stream.getColorDepth?.(env) ?? 4;
  return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}

/** Sets chalk (stdout) and chalkStderr from the conventions above; call before printing anything. */
export function applyColour(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): void {
  chalk.level = colourLevel({ env, argv, stream: process.stdout });
  chalkStderr.level = colourLevel({ env, argv, stream: process.stderr });
  // The wizard's prompts and the spinner colour themselves from the environment: the flag reaches them so.
  if (argv.includes('--no-color')) {
    env.NO_COLOR = '1';
    delete env.FORCE_COLOR;
  }
}
