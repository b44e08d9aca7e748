import { chalkStderr as chalk } from 'chalk';
import { errorLine, GenesysError } from '../genesys/errors.js';
import { isDebug } from '../genesys/log.js';
import { redact, redactValue } from '../genesys/redact.js';
import { EngineError } from '../engine/errors.js';
import { errorCode, fixFor } from './error-codes.js';
import { exitCodeOf, Interrupted } from '../util/interrupted.js';
import { isZodError } from '../util/zod-error.js';

/**
 * A failure the user can fix: printed as one line, exit code 1 (2 for usage errors). `code` is the
 * stable name scripts match on (`--json` prints it); by default `usage` for exit 2, else `input`.
 */
export class UserError extends Error {
  readonly code: string;
  constructor(
    message: string,
    readonly exitCode = 1,
    code?: string,
  ) {
    super(message);
    this.code = code ?? (exitCode === 2 ? 'usage' : 'input');
  }
}

/** Exit code of a run interrupted by Ctrl-C (128 + SIGINT), as shells report it. */
export const EXIT_INTERRUPTED = 130;

/** What `--json` prints under `error` for any failure: always a `code` and a message; the fix when it is not already in the message. */
export function errorDocument(err: unknown): Record<string, unknown> {
  const code = errorCode(err);
  const fix = fixFor(err);
  if (err instanceof GenesysError) return { ...err.toJSON(), code, ...(err.hint ? {} : { fix }) };
  const details = isZodError(err) ? { issues: err.issues.map((i) => ({ path: i.path.join('.'), message: i.message })) } : {};
  const list = listed(err);
  return { code, message: errorLine(err), ...(fix ? { fix } : {}), ...details, ...(list.length ? { details: list.map((l) => l.trim()) } : {}) };
}

/** The lines after the first of an engine refusal that lists several things. */
const listed = (err: unknown): string[] => (err instanceof EngineError ? err.message.split('\n').slice(1) : []);

/**
 * Prints a failure: one line on stderr, ending on a terminal with its code (`[setup.answer]`);
 * with `--json` also `{"error": {"code", "message", …}}` on stdout, so a script reading stdout
 * always gets one JSON document and matches on `code`, not on wording. The stack trace only with
 * --debug. Returns the exit code (never 0): 130 for Ctrl-C (143 for SIGTERM), 2 for usage, else 1.
 */
export function reportError(err: unknown, json: boolean, streams: { out: NodeJS.WritableStream; err: NodeJS.WritableStream & { isTTY?: boolean } } = { out: process.stdout, err: process.stderr }): number {
  const code = errorCode(err);
  const fix = fixFor(err);
  const line = `${errorLine(err)}${fix ? ` — ${fix}` : ''}`;
  if (json) streams.out.write(JSON.stringify(redactValue({ error: errorDocument(err) }), null, 2) + '\n');
  if (code === 'interrupted') streams.err.write(`${redact(line)}\n`);
  else streams.err.write(`${chalk.red('error:')} ${redact(line)}${streams.err.isTTY ? ` ${chalk.dim(`[${code}]`)}` : ''}\n`);
  // A refusal that lists several things (one line per same-named entity that is not ours) keeps its list.
  for (const l of listed(err)) streams.err.write(`${redact(l)}\n`);
  if ((isDebug() || process.env.PRESENCE_KIT_DEBUG === '1') && err instanceof Error && err.stack) streams.err.write(redact(err.stack) + '\n');
  if (code === 'interrupted') return err instanceof Interrupted ? exitCodeOf(err.signal) : EXIT_INTERRUPTED;
  return err instanceof UserError ? err.exitCode : 1;
}
