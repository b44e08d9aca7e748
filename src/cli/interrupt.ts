import { redactValue } from '../genesys/redact.js';
import { exitCodeOf, signalName, type StopSignal } from '../util/interrupted.js';

/**
 * A writing command's Ctrl-C / SIGTERM: the first one aborts `signal` (no new write starts; the
 * one in flight finishes and is recorded, then the command ends with `interrupted`); a second one
 * exits at once, naming what may be half-done.
 */
export interface Stopper {
  signal: AbortSignal;
  /** What is being written now ("role \"Pre-Break Presence Job\""), for the second signal's line. */
  inFlight?: string;
}

export async function interruptible<T>(command: string, json: boolean, fn: (stopper: Stopper) => Promise<T>): Promise<T> {
  const ac = new AbortController();
  const stopper: Stopper = { signal: ac.signal };
  const handler = (sig: StopSignal) => () => {
    if (!ac.signal.aborted) {
      ac.abort(sig);
      // A person at a terminal sees at once that it was heard; a log gets only the final line.
      if (process.stderr.isTTY) process.stderr.write(`${signalName(sig)}: stopping once the write in flight is done and recorded — ${signalName(sig)} again exits at once\n`);
      return;
    }
    const message = `interrupted again (${signalName(sig)}): exited at once — ${stopper.inFlight ? `${stopper.inFlight} may be half-done` : 'no write was in flight'}; run presence-kit ${command} again to converge`;
    if (json) process.stdout.write(JSON.stringify(redactValue({ error: { code: 'interrupted', message } }), null, 2) + '\n');
    process.stderr.write(message + '\n');
    process.exit(exitCodeOf(sig));
  };
  const onInt = handler('SIGINT');
  const onTerm = handler('SIGTERM');
  process.on('SIGINT', onInt);
  process.on('SIGTERM', onTerm);
  try {
    return await fn(stopper);
  } finally {
    process.off('SIGINT', onInt);
    process.off('SIGTERM', onTerm);
  }
}
