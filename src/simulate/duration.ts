/** "40s", "2m", "1m30s", "1h", or plain seconds ("90") → seconds. */
export function parseDuration(text: string, flag: string): number {
  const s = text.trim().toLowerCase();
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/.exec(s);
  if (!m || s === '' || (!m[1] && !m[2] && !m[3])) throw new Error(`${flag}: "${text}" is not a duration; write e.g. 40s, 2m, 1m30s`);
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}
