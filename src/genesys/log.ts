import { redact } from './redact.js';

/**
 * Debug logging for the client layer (retries, re-logins), on with `PRESENCE_KIT_DEBUG=1` or
 * `--debug`. Always redacted, always stderr.
 */
let enabled = process.env.PRESENCE_KIT_DEBUG === '1';

export function setDebug(on: boolean): void {
  enabled = on;
}

export function isDebug(): boolean {
  return enabled;
}

export function debug(message: string): void {
  if (enabled) process.stderr.write(`[debug] ${redact(message).replace(/\s*\n\s*/g, ' ')}\n`);
}
