import { Command, CommanderError, Help, type Option } from 'commander';
import { reportError } from './errors.js';
import { setDebug } from '../genesys/log.js';
import { commands } from './commands/index.js';

/** The `presence-kit` program: one file per command under ./commands, each thin. */
export function buildProgram(): Command {
  const program = new Command('presence-kit')
    .description('Genesys Cloud presence automation: Communicate-call presence, Teams presence sync, pre-break')
    .option('--debug', 'log retries and re-logins to stderr (redacted)')
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

/** Runs the CLI; resolves to the exit code (never throws, never prints a stack trace or a secret). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    return reportError(err, argv.includes('--json'));
  }
}
