import { ImportError } from './import-error.js';

/**
 * Archy's `{{key}}` substitutions (what `archy --optionsFile` and Terraform's `genesyscloud_flow`
 * `substitutions` do): plain text replacement before the YAML is read, so a placeholder may
 * stand anywhere, even as a mapping key.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

/** The distinct placeholder names in `text`, in order of first appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export interface Substituted {
  text: string;
  /** `--set` keys the text never mentions (a typo, most likely). */
  unused: string[];
}

/**
 * Replaces every `{{key}}`; a placeholder without a value is an error naming all of them at
 * once, so one re-run with the right `--set`s is enough.
 */
export function substitutePlaceholders(text: string, values: Record<string, string>, file = 'the workflow'): Substituted {
  const names = placeholdersIn(text);
  const missing = names.filter((n) => !(n in values));
  if (missing.length) {
    const sets = missing.map((n) => `--set ${n}=…`).join(' ');
    throw new ImportError(`${file}: no value for ${missing.map((n) => `{{${n}}}`).join(', ')} — add ${sets}`);
  }
  return {
    text: text.replace(PLACEHOLDER, (_, name: string) => values[name]!),
    unused: Object.keys(values).filter((k) => !names.includes(k)),
  };
}

/** `KEY=VALUE` pairs from repeated `--set` options; the value may itself contain `=`. */
export function parseSetOptions(pairs: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new ImportError(`--set ${p}: expected KEY=VALUE, e.g. --set busyPresenceId=31fe3bac-dea6-44b7-bed7-47f91660a1a0`);
    out[p.slice(0, i).trim()] = p.slice(i + 1);
  }
  return out;
}
