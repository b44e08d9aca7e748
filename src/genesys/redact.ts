/**
 * Secret redaction. Every secret the process learns (client secrets, bearer tokens, generated
 * OAuth client secrets) is registered here; anything printed, logged, thrown or serialised passes
 * through `redact` so the value can never reach a terminal, a log or `--json` output.
 */
const secrets = new Set<string>();

export function registerSecret(value: string | undefined | null): void {
  if (value && value.length >= 6) secrets.add(value);
}

export function forgetSecret(value: string): void {
  secrets.delete(value);
}

const PATTERNS: Array<[RegExp, string]> = [
  [/(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, '$1[REDACTED]'],
  [/(Basic\s+)[A-Za-z0-9+/]+=*/gi, '$1[REDACTED]'],
  [/("?(?:client_?secret|clientSecret|secret|access_token|accessToken|password)"?\s*[:=]\s*"?)[^"\s,}&]+/gi, '$1[REDACTED]'],
];

export function redact(text: string): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('[REDACTED]');
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}

/** Deep-redacts a JSON-able value (for `--json` output and error details). */
export function redactValue<T>(value: T): T {
  return JSON.parse(redact(JSON.stringify(value ?? null))) as T;
}
