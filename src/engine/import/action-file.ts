import { z } from 'zod';
import { ActionConfigSchema, ActionContractSchema, type PostActionInput } from '../../model/data-action.js';
import { ImportError } from './import-error.js';

/**
 * A data action in Genesys's export format (Admin > Integrations > Actions > Export, and the
 * blueprints' `*.custom.json`): `{name, integrationType, actionType, config, contract, secure}`.
 * Importing it means what the admin UI's Import does: drop `integrationType`/`actionType`, attach
 * it to an integration (`integrationId`, `category` = the integration's name) and strip the
 * " - Exported <date> @ <time>" the UI appends to names.
 */
export const ActionExportSchema = z.object({
  name: z.string({ error: 'name is required' }).min(1, { error: 'name is required' }),
  /** `purecloud-data-actions` (Genesys Cloud Data Actions) or another data-actions type, e.g. `custom-rest-actions` (Web Services). */
  integrationType: z.string().optional(),
  /** `custom` for a data action; `customAuth` for a Web Services integration's authentication action. */
  actionType: z.enum(['custom', 'customAuth'], { error: 'actionType must be "custom" or "customAuth"' }).optional(),
  config: ActionConfigSchema,
  contract: ActionContractSchema,
  secure: z.boolean({ error: 'secure must be true or false' }).optional(),
});
export type ActionExport = z.infer<typeof ActionExportSchema>;

const EXPORTED_SUFFIX = /\s+-\s+Exported\s+\d{4}-\d{2}-\d{2}(?:\s+@\s+\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AP]M)?)?\s*$/i;

/** "Get Presence - Exported 2024-03-01 @ 14:05" → "Get Presence". */
export const stripExportedSuffix = (name: string): string => name.replace(EXPORTED_SUFFIX, '');

/** Reads and validates an export; every problem is one line naming the file, the field and the fix. */
export function parseActionExport(text: string, file: string): ActionExport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new ImportError(`${file}: not valid JSON (${(e as Error).message}) — fix the JSON or export the action again`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ImportError(`${file}: expected one data action object ({name, config, contract, …}) — export the action again from Admin > Integrations > Actions`);
  }
  const r = ActionExportSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = issue.path.join('.') || 'the action';
    const message = issue.code === 'invalid_type' && issue.input === undefined ? `${field} is missing` : issue.message;
    throw new ImportError(`${file}: ${field}: ${message} — add or fix "${field}" (the Genesys data action export format)`);
  }
  return r.data;
}

/** The body of `POST /api/v2/integrations/actions` for this export attached to `integration`. */
export function toPostActionInput(action: ActionExport, integration: { id: string; name: string }, name?: string): PostActionInput {
  return {
    name: name ?? stripExportedSuffix(action.name),
    category: integration.name,
    integrationId: integration.id,
    secure: action.secure ?? false,
    config: action.config,
    contract: action.contract,
  };
}
