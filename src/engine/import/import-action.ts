import { contextOf, type ResourceContext } from '../../resources/context.js';
import { actionInput, dataAction, readActionExport, type DataActionSpec } from '../../resources/data-action.js';
import { listIntegrations } from '../../resources/integration.js';
import type { GenesysClient } from '../../genesys/client.js';
import { didYouMean } from '../errors.js';
import { checkImportable, stripExportedSuffix } from './action-file.js';
import { ImportError } from './import-error.js';

/**
 * `presence-kit import action FILE --integration NAME [--name N]`: what the admin UI's Actions >
 * Import does, through the actions API. Idempotent: the action is found by its exact name in the
 * integration and created, updated (a contract or `secure` change re-creates it — Genesys cannot
 * change those on a published action) or left alone.
 */
export interface ImportActionOptions {
  file: string;
  /** The integration's exact name; it becomes the action's category (how flows find it). */
  integration: string;
  /** Import under another name (e.g. the one a workflow calls). Default: the export's, without " - Exported …". */
  name?: string;
}

export interface ImportActionResult {
  file: string;
  outcome: 'created' | 'updated' | 'replaced' | 'unchanged';
  id: string;
  name: string;
  category: string;
  integrationId: string;
  /** Fields that differed (for updated/replaced). */
  changes: string[];
}

export async function importAction(c: ResourceContext | GenesysClient, opts: ImportActionOptions): Promise<ImportActionResult> {
  const ctx = contextOf(c);
  const exported = readActionExport(opts.file);
  const integrations = await listIntegrations(ctx);
  const target = integrations.find((i) => i.name === opts.integration);
  if (!target) {
    const names = integrations.map((i) => i.name);
    throw new ImportError(
      `no integration named "${opts.integration}"${didYouMean(opts.integration, names)} — create it first (presence-kit apply, or Admin > Integrations)${names.length ? `; the org has: ${names.map((n) => `"${n}"`).join(', ')}` : ''}`,
    );
  }
  checkImportable(exported, opts.file, { name: target.name, type: target.integrationType?.id });

  const name = opts.name ?? stripExportedSuffix(exported.name);
  const spec: DataActionSpec = { integrationId: target.id, category: target.name, secure: exported.secure ?? false, config: exported.config, contract: exported.contract };
  try {
    actionInput(name, spec);
  } catch (e) {
    const issue = (e as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues?.[0];
    throw new ImportError(`${opts.file}: ${issue ? `${issue.path.join('.')}: ${issue.message}` : (e as Error).message} — fix the file${issue?.path[0] === 'name' ? ' or pass --name' : ''}`);
  }

  const result = (outcome: ImportActionResult['outcome'], id: string, changes: string[] = []): ImportActionResult => ({
    file: opts.file,
    outcome,
    id,
    name,
    category: target.name,
    integrationId: target.id,
    changes,
  });
  const current = await dataAction.find(ctx, name, spec);
  if (!current) return result('created', (await dataAction.create(ctx, name, spec)).id);
  const changes = dataAction.diff(name, spec, current);
  if (!changes.length) return result('unchanged', current.id);
  const updated = await dataAction.update(ctx, current, name, spec, changes);
  return result(
    changes.some((ch) => ch.replace) ? 'replaced' : 'updated',
    updated.id,
    changes.map((ch) => ch.field),
  );
}
