import chalk from 'chalk';
import { errorLine, GenesysError } from '../genesys/errors.js';
import { isDebug } from '../genesys/log.js';
import { redact, redactValue } from '../genesys/redact.js';
import { EngineError } from '../engine/errors.js';

/** A failure the user can fix: printed as one line, exit code 1 (2 for usage errors). */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * Prints a failure: one line on stderr; with `--json` also `{"error": {...}}` on stdout, so a
 * script reading stdout always gets one JSON document. The stack trace only with --debug.
 * Returns the exit code (never 0).
 */
export function reportError(err: unknown, json: boolean, streams = { out: process.stdout, err: process.stderr }): number {
  const line = errorLine(err);
  // A refusal that lists several things (e.g. one line per same-named entity that is not ours) keeps its list.
  const more = err instanceof EngineError ? err.message.split('\n').slice(1) : [];
  if (json) {
    const data = err instanceof GenesysError ? err.toJSON() : { message: line, ...(more.length ? { details: more.map((l) => l.trim()) } : {}) };
    streams.out.write(JSON.stringify(redactValue({ error: data }), null, 2) + '\n');
  }
  streams.err.write(`${chalk.red('error:')} ${line}\n`);
  for (const l of more) streams.err.write(`${redact(l)}\n`);
  if ((isDebug() || process.env.PRESENCE_KIT_DEBUG === '1') && err instanceof Error && err.stack) streams.err.write(redact(err.stack) + '\n');
  return err instanceof UserError ? err.exitCode : 1;
}
