import yoctoSpinner, { type Spinner } from 'yocto-spinner';
import { onWaits, type Wait } from '../genesys/waits.js';

/**
 * The live progress line: whenever something has been waited on for over a second (a rate limit,
 * a retry after a 503, an Architect job — see `src/genesys/waits.ts`), a spinner on stderr says
 * what, and how long is left when that is known; it disappears when the wait is over. Only on a
 * terminal, and never with `--json` (stdout and stderr then carry only what scripts read).
 */
export const SHOW_AFTER_MS = 1000;

export function progressEnabled(argv: readonly string[], stream: { isTTY?: boolean } = process.stderr, env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(stream.isTTY) && !argv.includes('--json') && env.TERM !== 'dumb';
}

/** Describes the longest-running wait (and how many others there are), for the spinner's text. */
export function describeWaits(waits: readonly Wait[], now = Date.now()): string {
  const oldest = [...waits].sort((a, b) => a.since - b.since)[0];
  if (!oldest) return '';
  const left = oldest.until !== undefined ? Math.max(0, Math.ceil((oldest.until - now) / 1000)) : undefined;
  const waited = Math.floor((now - oldest.since) / 1000);
  const more = waits.length > 1 ? ` (+${waits.length - 1} more waiting)` : '';
  return `${oldest.what} · ${left !== undefined ? `${left} s left` : `${waited} s so far`}${more}`;
}

/** Starts listening; answers the function that stops (and clears) the line. */
export function startProgress(stream: NodeJS.WriteStream = process.stderr): () => void {
  let waits: readonly Wait[] = [];
  let spinner: Spinner | undefined;
  let timer: NodeJS.Timeout | undefined;
  const refresh = () => {
    const now = Date.now();
    const due = waits.filter((w) => now - w.since >= SHOW_AFTER_MS);
    if (due.length === 0) {
      spinner?.stop();
      spinner = undefined;
      return;
    }
    const text = describeWaits(due, now);
    if (spinner) spinner.text = text;
    else spinner = yoctoSpinner({ text, stream, handleSignals: false }).start();
  };
  const unsubscribe = onWaits((w) => {
    waits = w;
    refresh();
  });
  // Once a second: a wait crosses the threshold, and the seconds left count down.
  timer = setInterval(refresh, 250);
  timer.unref();
  return () => {
    unsubscribe();
    if (timer) clearInterval(timer);
    timer = undefined;
    spinner?.stop();
    spinner = undefined;
  };
}
