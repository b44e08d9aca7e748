/**
 * Durations as users write them on the command line, in the wizard and in Lambda settings: `15m`,
 * `90s`, `1h`, `1h30m`, `500ms`, `7d` (any case). A bare number is read in the unit the flag is about —
 * minutes for the pre-break lead and tick, seconds for a simulated call — so the caller says which.
 */
const UNITS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNITS;

export interface DurationOptions {
  /** The unit of a bare number ("15"). */
  bare?: Unit;
  /** Examples the error names, in the flag's own terms. */
  examples?: string;
}

/** `text` in milliseconds; an Error naming the flag when it is not a duration. */
/** A duration flag or setting that does not read as one; the message names the flag and examples. */
export class DurationError extends Error {
  override name = 'DurationError';
}

export function parseDuration(text: string, flag: string, { bare = 'm', examples = '15m, 90s, 1h or 1h30m' }: DurationOptions = {}): number {
  const s = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(s)) return Math.round(Number(s) * UNITS[bare]);
  const parts = [...s.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== s) throw new DurationError(`${flag}: "${text}" is not a duration; use e.g. ${examples}`);
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * UNITS[p[2] as Unit], 0));
}

/** The shortest exact spelling: 900000 → "15m". */
export function formatDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}
