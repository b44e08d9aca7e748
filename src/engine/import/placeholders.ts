import { renderWorkflow } from '../../resources/workflow.js';
import { ImportError } from './import-error.js';

/**
 * Archy's `{{key}}` substitutions for `import workflow --set KEY=VALUE`. The substitution itself
 * is the workflow resource's (`renderWorkflow`, the same the engine applies to manifests); this
 * adds what a command line needs: every missing value named at once as the `--set` to add, and
 * the `--set` keys the file never mentions (a typo, most likely).
 */
const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** The distinct placeholder names in `text`, in order of first appearance. */
export function placeholdersIn(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))];
}

export interface Substituted {
  text: string;
  unused: string[];
}

export function substituteForImport(text: string, values: Record<string, string>, file = 'the workflow'): Substituted {
  const names = placeholdersIn(text);
  const missing = names.filter((n) => !(n in values));
  if (missing.length) {
    throw new ImportError(`${file}: no value for ${missing.map((n) => `{{${n}}}`).join(', ')} — add ${missing.map((n) => `--set ${n}=…`).join(' ')}`);
  }
  return { text: renderWorkflow(text, values, file), unused: Object.keys(values).filter((k) => !names.includes(k)) };
}
