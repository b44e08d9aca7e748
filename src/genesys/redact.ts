/**
 * Secret redaction. Every secret the process learns (client secrets, bearer tokens, generated
 * OAuth client secrets) is registered here; anything printed, logged, thrown or serialised passes
 * through `redact` so the value can never reach a terminal, a log or `--json` output. Patterns
 * catch what was never registered: `Bearer …`/`Basic …` header values and secret-named fields.
 */
const secrets = new Set<string>();

/** Shorter values are not redacted by value: they would garble ordinary text. */
const MIN_SECRET_LENGTH = 6;

export function registerSecret(value: string | undefined | null): void {
  if (!value || value.length < MIN_SECRET_LENGTH) return;
  secrets.add(value);
  // The same value as it travels in a form body or a query string.
  const encoded = encodeURIComponent(value);
  if (encoded !== value) secrets.add(encoded);
}

/** Registers the Basic credentials a client id/secret pair becomes on the wire. */
export function registerBasicCredentials(clientId: string, clientSecret: string): void {
  registerSecret(clientSecret);
  registerSecret(Buffer.from(`${clientId}:${clientSecret}`).toString('base64'));
}

const PATTERNS: Array<[RegExp, string]> = [
  [/(Bearer\s+)[A-Za-z0-9\-._~+/]+=*/gi, '$1[REDACTED]'],
  [/(Basic\s+)[A-Za-z0-9+/]+=*/gi, '$1[REDACTED]'],
  [/("?(?:client_?secret|clientSecret|secret|access_token|accessToken|refresh_token|password)"?\s*[:=]\s*"?)[^"\s,}&]+/gi, '$1[REDACTED]'],
];

export function redact(text: string): string {
  let out = text;
  for (const s of [...secrets].sort((a, b) => b.length - a.length)) out = out.split(s).join('[REDACTED]');
  for (const [re, rep] of PATTERNS) out = out.replace(re, rep);
  return out;
}

const SECRET_KEY = /^(client_?secret|secret|access_?token|refresh_?token|password|authorization)$/i;

/**
 * Deep-redacts a JSON-able value (for `--json` output and error details): every string through
 * `redact`, and every string under a secret-named key replaced outright. Walks the structure
 * rather than the JSON text, so the result is always valid JSON.
 */
export function redactValue<T>(value: T): T {
  return walk(JSON.parse(JSON.stringify(value ?? null)) as unknown) as T;
}

function walk(v: unknown, key?: string): unknown {
  if (typeof v === 'string') return key !== undefined && SECRET_KEY.test(key) ? '[REDACTED]' : redact(v);
  if (Array.isArray(v)) return v.map((x) => walk(x));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [redact(k), walk(x, k)]));
  return v;
}
