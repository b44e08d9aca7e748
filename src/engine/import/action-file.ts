import type { ActionExport } from '../../resources/data-action.js';
import { ImportError } from './import-error.js';

/**
 * What `import action` adds to the data-action resource's export reading (`readActionExport`):
 * the admin UI's naming habit, and which exports an API import can take at all.
 */

const EXPORTED_SUFFIX = /\s+-\s+Exported\s+\d{4}-\d{2}-\d{2}(?:\s+@\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?\s*$/i;

/** The admin UI's export appends " - Exported 2024-03-01 @ 14:05" to the name; the import drops it. */
export const stripExportedSuffix = (name: string): string => name.replace(EXPORTED_SUFFIX, '');

/** Integration types whose actions `POST /api/v2/integrations/actions` creates, by their admin UI names. */
export const DATA_ACTION_TYPES: Record<string, string> = {
  'purecloud-data-actions': 'Genesys Cloud Data Actions',
  'custom-rest-actions': 'Web Services Data Actions',
};

/**
 * Refuses what the actions API cannot import, before anything is written:
 * - a `customAuth` export is a Web Services integration's authentication action. Genesys creates
 *   that one itself when the integration's credentials are "User Defined (OAuth)"; there is no
 *   API to create it, only to edit it in the admin UI;
 * - an action whose `integrationType` differs from the target integration's (a Web Services
 *   action calls absolute URLs with its own auth; a Genesys Cloud Data Actions one calls
 *   `/api/v2/...` with the integration's OAuth client).
 */
export function checkImportable(action: ActionExport, file: string, target: { name: string; type?: string }): void {
  if (action.actionType === 'customAuth') {
    throw new ImportError(
      `${file}: "${action.name}" is a custom authentication action (actionType customAuth) — Genesys creates it with a Web Services Data Actions integration whose credentials are "User Defined (OAuth)"; paste its request and response into that integration's auth action in Admin > Integrations (no API imports it)`,
    );
  }
  if (action.actionType !== undefined && action.actionType !== 'custom') {
    throw new ImportError(`${file}: actionType "${action.actionType}" is not a data action — only "custom" actions can be imported`);
  }
  if (target.type && !(target.type in DATA_ACTION_TYPES)) {
    throw new ImportError(`${file}: integration "${target.name}" is of type ${target.type}, which has no data actions — pick a ${Object.values(DATA_ACTION_TYPES).join(' or ')} integration with --integration`);
  }
  if (action.integrationType && target.type && action.integrationType !== target.type) {
    const want = DATA_ACTION_TYPES[action.integrationType] ?? action.integrationType;
    throw new ImportError(
      `${file}: "${action.name}" is a ${want} action (integrationType ${action.integrationType}) but integration "${target.name}" is ${DATA_ACTION_TYPES[target.type] ?? target.type} — pick a ${want} integration with --integration`,
    );
  }
}
