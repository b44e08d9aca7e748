import { readFileSync } from 'node:fs';
import { Command, CommanderError, Help, type Option } from 'commander';
import { applyColour } from './colour.js';
import { reportError } from './errors.js';
import { DETAILED_EXITCODE } from './options.js';
import { progressEnabled, startProgress } from './progress.js';
import { setDebug } from '../genesys/log.js';
import { commands } from './commands/index.js';

/**
 * The version in package.json. src/cli/ and dist/cli/ are both two folders below it, so one path
 * serves the sources (tests, tsx) and the compiled package.
 */
export const VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * The `presence-kit` program: one file per command under ./commands, each thin. A command file
 * loads what its action needs when it runs (`await import(…)`), so `--help` and `--version` never
 * load the SDK, the engine or the sandbox: start-up stays fast (`npm run bench -- startup`).
 */
export function buildProgram(): Command {
  const program = new Command('presence-kit')
    .description('Genesys Cloud presence automation: Communicate-call presence, Teams presence sync, pre-break')
    .version(VERSION, '-V, --version', 'print the version of presence-kit')
    .option('--debug', 'log retries and re-logins to stderr (redacted)')
    .option('--no-color', 'no colours (also NO_COLOR=1; FORCE_COLOR=1 forces them; none when not a terminal)')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    // Repeatable options start from an empty list; "(default: [])" after a description that
    // already says what an omitted option means is noise.
    .configureHelp({
      optionDescription(this: Help, option: Option) {
        if (Array.isArray(option.defaultValue) && option.defaultValue.length === 0) return option.description;
        return Help.prototype.optionDescription.call(this, option);
      },
    });
  program.hook('preAction', (cmd) => {
    if (cmd.opts().debug) setDebug(true);
  });
  for (const register of commands) register(program);
  return program;
}

/** A usage error as `--json` prints every failure: `{"error": {"code": "usage", …}}`. */
const usageDocument = (err: CommanderError) => ({
  error: { code: 'usage', message: err.message.replace(/^error: /, ''), fix: 'run with --help for usage' },
});

/** Runs the CLI; resolves to the exit code (never throws, never prints a stack trace or a secret). */
export async function main(argv: string[]): Promise<number> {
  applyColour(argv);
  const program = buildProgram();
  const stopProgress = progressEnabled(argv) ? startProgress() : () => undefined;
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    // With --detailed-exitcode, 2 means "changes": every error, a usage error too, is 1.
    const usage = argv.includes(DETAILED_EXITCODE) ? 1 : 2;
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
      // Commander has printed its line on stderr; a script reading stdout still gets its one document.
      if (argv.includes('--json')) process.stdout.write(JSON.stringify(usageDocument(err), null, 2) + '\n');
      return usage;
    }
    stopProgress();
    const code = reportError(err, argv.includes('--json'));
    return code === 2 ? usage : code;
  } finally {
    stopProgress();
  }
}
