/**
 * `--allow-overlap` / `--disable-overlapping` (apply and setup): what to do about enabled triggers
 * presence-kit does not own that act on the same events as its own (engine/overlap.ts). Kept apart
 * from run-plan so that registering a command loads no engine code.
 */
export interface OverlapFlags {
  allowOverlap?: boolean;
  disableOverlapping?: boolean;
}

export const OVERLAP_HELP = {
  allow: 'apply even though triggers presence-kit does not own act on the same events as its own (each event then runs both); with --disable-overlapping: run beside another deployment\'s triggers, disable the others',
  disable: 'disable the enabled triggers presence-kit does not own that act on the same events as its own (recorded on each trigger in the org; destroy from any checkout enables them again)',
} as const;
