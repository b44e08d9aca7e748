/** `"a, b,,c"` → `["a", "b", "c"]`: how every comma-separated list a user types is read. */
export const splitCommaList = (s: string): string[] =>
  s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
