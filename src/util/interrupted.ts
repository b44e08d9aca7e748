/**
 * Ctrl-C (SIGINT) and SIGTERM during a command that writes: it stops at a safe point (the write in
 * flight finished and recorded), says so in one line with the code `interrupted`, and exits as an
 * interrupted program does — 130 (128 + SIGINT) or 143 (128 + SIGTERM).
 */
export type StopSignal = 'SIGINT' | 'SIGTERM';

export class Interrupted extends Error {
  constructor(
    message: string,
    readonly signal: StopSignal = 'SIGINT',
  ) {
    super(message);
    this.name = 'Interrupted';
  }
}

export const exitCodeOf = (s: StopSignal): number => (s === 'SIGTERM' ? 143 : 130);

/** How the user sent it: "Ctrl-C" or "SIGTERM". */
export const signalName = (s: StopSignal): string => (s === 'SIGINT' ? 'Ctrl-C' : 'SIGTERM');

/** The signal an aborted run was stopped by (the AbortSignal's reason), SIGINT when not said. */
export const stopSignalOf = (signal: AbortSignal): StopSignal => (signal.reason === 'SIGTERM' ? 'SIGTERM' : 'SIGINT');
