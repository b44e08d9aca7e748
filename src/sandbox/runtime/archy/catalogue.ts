/**
 * Architect's expression functions, by the names Architect's expression help lists them (the
 * letter case matters for the reader; matching is case-insensitive because Architect itself
 * accepts `toString(…)` — the original "Set GC User to Busy" export, published in an org, calls it
 * so). A name outside this list fails the import, naming the function most likely meant; a name
 * in it that the sandbox does not run fails too, saying so — a flow never runs with a function
 * silently ignored. `Lower`/`Upper` are in: the ani-blacklist blueprint's Architect export
 * (Blacklist.i3WorkFlow) calls `Lower`, and its YAML must import.
 *
 * FIDELITY.md (architect): the list is compiled from Architect's expression help and the functions
 * the blueprints call; a name missing here that Architect has is a sandbox gap, not a flow error.
 */
export const ARCHITECT_FUNCTIONS = [
  // Logical and "is set" checks.
  'If', 'And', 'Or', 'Not', 'IsSet', 'IsNotSetOrEmpty', 'IsEmpty',
  // Conversions.
  'ToString', 'ToInt', 'ToDecimal', 'ToBool', 'ToDateTime', 'ToDate', 'ToTime', 'ToDuration', 'ToCurrency', 'ToPhoneNumber', 'ToJson', 'ToAudioTTS',
  // Strings.
  'Append', 'Contains', 'EndsWith', 'FindString', 'Left', 'Length', 'Replace', 'Right', 'Split', 'StartsWith', 'Substring', 'Lower', 'Upper', 'ToLower', 'ToUpper', 'Trim',
  // Collections.
  'AddItem', 'Average', 'Count', 'FindFirst', 'GetAt', 'MakeList', 'Max', 'Min', 'Sum',
  // Numbers.
  'Abs', 'Round',
  // Dates, times and durations.
  'AddDays', 'AddHours', 'AddMinutes', 'AddMonths', 'AddSeconds', 'AddYears', 'DateTimeDiff', 'GetCurrentDateTimeUtc', 'GetDayOfWeek', 'GetHour', 'GetMinute', 'GetMonth',
  'GetSecond', 'GetYear', 'MakeDateTime', 'MakeDuration',
  // JSON.
  'GetJsonObjectProperty',
] as const;

const byLower = new Map(ARCHITECT_FUNCTIONS.map((n) => [n.toLowerCase(), n]));

/** The documented spelling of an Architect function, whatever case it was written in; undefined when Architect has no such function. */
export const architectFunction = (name: string): string | undefined => byLower.get(name.toLowerCase());

/** `LowerCase` → `Lower`, `IsWeekday` → none: the documented function a wrong name most likely meant. */
export function likelyMeant(name: string): string | undefined {
  const n = name.toLowerCase();
  return ARCHITECT_FUNCTIONS.find((f) => f.toLowerCase() === `to${n}`) ?? ARCHITECT_FUNCTIONS.find((f) => f.toLowerCase().includes(n) || n.includes(f.toLowerCase()));
}
