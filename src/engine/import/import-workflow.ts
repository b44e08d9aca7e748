import { contextOf, type ResourceContext } from '../../resources/context.js';
import { importWorkflow } from '../../resources/workflow.js';
import type { GenesysClient } from '../../genesys/client.js';
import { notAPresence, presenceIdOf } from '../variables.js';
import { ImportError } from './import-error.js';
import { loadWorkflow, type LoadedWorkflow } from './load-workflow.js';
import { describeMissing, findMissingReferences, MissingReferencesError } from './missing-references.js';
import { ContractMismatchError, describeContractProblems, findContractProblems } from './contract-check.js';

/**
 * `presence-kit import workflow FILE.yaml|FILE.i3WorkFlow [--set KEY=VALUE …]`: load (convert an
 * Architect export to Archy YAML), substitute, check every data action and data table it names
 * exists and every data-action call fits its action's contract, then import and publish through the flows-jobs API — the workflow resource's path, the
 * same a real org takes. Nothing is written when a check fails.
 */
export interface ImportWorkflowOptions {
  file: string;
  set?: Record<string, string>;
  /** Architect exports carry no division; default "Home". */
  division?: string;
  /** Load, convert and check references, but do not import. */
  dryRun?: boolean;
}

export interface ImportWorkflowResult extends Omit<LoadedWorkflow, 'yaml'> {
  imported: boolean;
  flow?: { id: string; name: string; publishedVersion?: string };
  yaml: string;
}

/** A placeholder that holds a presence: its name ends in `PresenceId` (busyPresenceId, fallbackPresenceId, …). */
const PRESENCE_PLACEHOLDER = /presenceid$/i;

/**
 * `--set` values as the flow needs them: a presence placeholder given a name (`busyPresenceId=Busy`)
 * gets its id, exactly as `apply` does — a flow holding the word "Busy" where an id belongs
 * publishes fine and never works. Anything else is substituted as it is.
 */
export function resolveSetValues(set: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(set).map(([k, v]) => {
      // Empty is a choice too (the Teams flow: no fallback presence).
      if (!PRESENCE_PLACEHOLDER.test(k) || v === '') return [k, v];
      const id = presenceIdOf(v);
      if (!id) throw new ImportError(`--set ${k}: ${notAPresence(v)}`);
      return [k, id];
    }),
  );
}

export async function importWorkflowFile(c: ResourceContext | GenesysClient, opts: ImportWorkflowOptions): Promise<ImportWorkflowResult> {
  const ctx = contextOf(c);
  const loaded = loadWorkflow(opts.file, resolveSetValues(opts.set ?? {}), { division: opts.division });
  const missing = await findMissingReferences(ctx, loaded.references, opts.file);
  if (missing.actions.length || missing.dataTables.length) throw new MissingReferencesError(describeMissing(opts.file, missing), missing);
  const problems = await findContractProblems(ctx, loaded.references);
  if (problems.length) throw new ContractMismatchError(describeContractProblems(opts.file, problems), problems);
  if (opts.dryRun) return { ...loaded, imported: false };
  const flow = await importWorkflow(ctx, loaded.yaml, { name: loaded.name });
  return {
    ...loaded,
    imported: true,
    flow: { id: flow.id, name: flow.name, ...(flow.publishedVersion?.version ? { publishedVersion: flow.publishedVersion.version } : {}) },
  };
}
