import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ResourceContext } from '../../resources/context.js';
import { listActions, readActionExport } from '../../resources/data-action.js';
import { listTables } from '../../resources/data-table.js';
import { listIntegrations } from '../../resources/integration.js';
import { stripExportedSuffix } from './action-file.js';
import { ImportError } from './import-error.js';
import type { ActionRef, WorkflowRefs } from './workflow-refs.js';

/**
 * Archy resolves a workflow's data actions by exact category (integration name) + action name and
 * its data tables by name, and refuses to publish when one is missing. The blueprints trip on
 * this (the Busy flow calls "… (ConversationDirect)" actions its JSON files do not name; Blacklist
 * calls "Disconnect interaction" for "Disconnect Interaction"), so the import checks first and
 * says, for each miss, what is close and the exact command that fixes it.
 */
export interface MissingAction extends ActionRef {
  integrationExists: boolean;
  /** An action in the org that is probably the one meant ("X" in "Category"). */
  similar?: string;
  /** An export file next to the workflow that is probably the one meant. */
  exportFile?: string;
  hint: string;
}

export interface MissingReferences {
  actions: MissingAction[];
  dataTables: string[];
}

export class MissingReferencesError extends ImportError {
  constructor(
    message: string,
    readonly missing: MissingReferences,
  ) {
    super(message);
    this.name = 'MissingReferencesError';
  }
}

const norm = (s: string) => s.trim().toLowerCase();
/** "A" and "A (ConversationDirect)", or names differing only in case. */
const alike = (a: string, b: string) => norm(a) === norm(b) || norm(a).startsWith(`${norm(b)} `) || norm(b).startsWith(`${norm(a)} `);

/** Export files beside the workflow, by the action name each holds (unreadable ones skipped). */
function exportsBeside(workflowFile: string): Array<{ file: string; name: string }> {
  const dir = dirname(workflowFile);
  let names: string[];
  try {
    names = readdirSync(dir).filter((f) => f.toLowerCase().endsWith('.json'));
  } catch {
    return [];
  }
  return names.flatMap((f) => {
    try {
      return [{ file: join(dir, f), name: stripExportedSuffix(readActionExport(join(dir, f)).name) }];
    } catch {
      return [];
    }
  });
}

const quote = (s: string) => `"${s.replace(/"/g, '\\"')}"`;

export async function findMissingReferences(ctx: ResourceContext, refs: WorkflowRefs, workflowFile: string): Promise<MissingReferences> {
  const [actions, integrations, tables] = await Promise.all([
    refs.actions.length ? listActions(ctx) : Promise.resolve([]),
    refs.actions.length ? listIntegrations(ctx) : Promise.resolve([]),
    refs.dataTables.length ? listTables(ctx) : Promise.resolve([]),
  ]);
  const have = (r: ActionRef) => actions.some((a) => a.category === r.category && a.name === r.name);
  const misses = refs.actions.filter((r) => !have(r));
  const locals = misses.length ? exportsBeside(workflowFile) : [];
  const missingActions = misses.map((r): MissingAction => {
    const integrationExists = integrations.some((i) => i.name === r.category);
    const near = actions.find((a) => a.category === r.category && alike(a.name, r.name)) ?? actions.find((a) => a.name === r.name);
    const local = locals.find((l) => norm(l.name) === norm(r.name)) ?? locals.find((l) => alike(l.name, r.name));
    // --name only when the export's own name is not already the one the flow calls.
    const rename = local?.name === r.name ? '' : ` --name ${quote(r.name)}`;
    return {
      ...r,
      integrationExists,
      ...(near ? { similar: `"${near.name}" in "${near.category}"` } : {}),
      ...(local ? { exportFile: local.file } : {}),
      hint: `presence-kit import action ${quote(local?.file ?? 'ACTION.custom.json')} --integration ${quote(r.category)}${rename}`,
    };
  });
  return { actions: missingActions, dataTables: refs.dataTables.filter((t) => !tables.some((x) => x.name === t)) };
}

/** One line: what is missing, what is close, and the commands that fix it. */
export function describeMissing(file: string, missing: MissingReferences): string {
  const parts: string[] = [];
  if (missing.actions.length) {
    const list = missing.actions.map((m) => `${quote(m.category)} / ${quote(m.name)}${m.similar ? ` (the org has ${m.similar})` : ''}`).join(', ');
    const noIntegration = [...new Set(missing.actions.filter((m) => !m.integrationExists).map((m) => m.category))];
    const first = noIntegration.length ? `create integration${noIntegration.length > 1 ? 's' : ''} ${noIntegration.map(quote).join(', ')} (Admin > Integrations; presence-kit apply creates the blueprints' own), then ` : '';
    parts.push(`calls data actions the org does not have: ${list} — ${first}import each under the name the flow uses: ${missing.actions.map((m) => m.hint).join('; ')}`);
  }
  if (missing.dataTables.length) {
    parts.push(`looks up data tables the org does not have: ${missing.dataTables.map(quote).join(', ')} — create them first (Admin > Architect > Data Tables; presence-kit apply creates the blueprints' own)`);
  }
  return `${file} ${parts.join('; and ')}`;
}
