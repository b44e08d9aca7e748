import { contractProblems, type ContractSchemas } from '../../model/data-action-call.js';
import type { ResourceContext } from '../../resources/context.js';
import { listActions, readAction } from '../../resources/data-action.js';
import { ImportError } from './import-error.js';
import type { WorkflowRefs } from './workflow-refs.js';

/**
 * Architect refuses to publish a flow whose Call Data Action does not fit the action's contract
 * (an input it lacks, an output it does not have). The import checks the same before writing
 * anything — `--dry-run` included — with the same words the flows job would fail with.
 */
export class ContractMismatchError extends ImportError {
  constructor(
    message: string,
    readonly problems: string[],
  ) {
    super(message);
    this.name = 'ContractMismatchError';
  }
}

const asSchema = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {});

/** Each call's problems against the action it names (actions that do not exist are findMissingReferences' to report). */
export async function findContractProblems(ctx: ResourceContext, refs: WorkflowRefs): Promise<string[]> {
  if (!refs.calls.length) return [];
  const listed = await listActions(ctx);
  const contracts = new Map<string, ContractSchemas>();
  const problems: string[] = [];
  for (const call of refs.calls) {
    const hit = listed.find((a) => a.category === call.category && a.name === call.name);
    if (!hit) continue;
    let contract = contracts.get(hit.id);
    if (!contract) {
      const c = asSchema((await readAction(ctx, hit.id))?.contract);
      contract = { inputSchema: asSchema(asSchema(c.input).inputSchema), successSchema: asSchema(asSchema(c.output).successSchema) };
      contracts.set(hit.id, contract);
    }
    problems.push(...contractProblems(call, contract));
  }
  return [...new Set(problems)];
}

export const describeContractProblems = (file: string, problems: readonly string[]) =>
  `${file} calls data actions against their contracts (Architect would refuse to publish it): ${problems.join('; ')} — point each call at the action it means, or give it the inputs and outputs that action has`;
