/**
 * Commander option parsers shared by the commands: `--blueprint a,b --blueprint c` and repeatable
 * flags such as `--set K=V` or `--management-unit ID` accumulate into one list.
 */

/** Comma-separated and/or repeated: `--blueprint a,b --blueprint c` → [a, b, c]. */
export const commaList = (value: string, previous: string[]): string[] => [
  ...previous,
  ...value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

/** Repeated, each value whole (it may contain commas): `--set K=a,b --set L=c` → [K=a,b, L=c]. */
export const repeatable = (value: string, previous: string[]): string[] => [...previous, value];
