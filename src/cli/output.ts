import { chalkStderr } from 'chalk';
import { redact, redactValue } from '../genesys/redact.js';

/**
 * How commands speak. Human output goes to stderr when `--json` is on, so stdout carries exactly
 * one JSON document; everything passes through redaction first.
 */
export interface Output {
  json: boolean;
  /** Progress and human-readable results. */
  info(message: string): void;
  warn(message: string): void;
  /** The command's result: JSON on stdout with --json, else the human text on stdout. */
  result(data: unknown, human?: string): void;
  /** Fields every later JSON result (an object) carries first, e.g. the command's `target`. */
  carry(fields: Record<string, unknown>): void;
}

export function makeOutput(json: boolean, streams = { out: process.stdout, err: process.stderr }): Output {
  let carried: Record<string, unknown> = {};
  const withCarried = (data: unknown) => (data && typeof data === 'object' && !Array.isArray(data) ? { ...carried, ...data } : data);
  return {
    json,
    info(message) {
      (json ? streams.err : streams.out).write(redact(message) + '\n');
    },
    warn(message) {
      streams.err.write(chalkStderr.yellow(redact(message)) + '\n');
    },
    result(data, human) {
      if (json) streams.out.write(JSON.stringify(redactValue(withCarried(data)), null, 2) + '\n');
      else if (human !== undefined) streams.out.write(redact(human) + '\n');
    },
    carry(fields) {
      carried = { ...carried, ...fields };
    },
  };
}
