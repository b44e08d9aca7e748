/**
 * Whether a workflow's `callData` fits the data action it calls. Architect binds a Call Data Action
 * to the action's contract: the block lists exactly the input schema's properties (a required one
 * with a value) and binds only the success schema's properties, and the flow does not publish otherwise.
 * One check, shared by the sandbox's flows-jobs import (Architect) and `presence-kit import
 * workflow --dry-run` (before anything is written), so both say the same thing.
 */
export interface DataActionCall {
  category: string;
  name: string;
  /** Input names the call lists (with a value or `noValue`). */
  inputs: readonly string[];
  /** Those of them it gives no value (`noValue: true`). */
  unset?: readonly string[];
  /** Success output names the call binds. */
  successOutputs: readonly string[];
}

export interface ContractSchemas {
  inputSchema: Record<string, unknown>;
  successSchema: Record<string, unknown>;
}

/**
 * Property names of a contract schema. A flattened output schema (Genesys's "flatten" of nested
 * objects) names nested properties with dots; the call binds them by that dotted name.
 */
function propertyNames(schema: Record<string, unknown>, prefix = ''): string[] {
  const props = schema.properties;
  if (typeof props !== 'object' || props === null) return [];
  return Object.entries(props as Record<string, Record<string, unknown>>).flatMap(([k, v]) => {
    const name = `${prefix}${k}`;
    const nested = v && v.type === 'object' ? propertyNames(v, `${name}.`) : [];
    return [name, ...nested];
  });
}

const topLevel = (schema: Record<string, unknown>) =>
  typeof schema.properties === 'object' && schema.properties !== null ? Object.keys(schema.properties) : [];

const list = (names: readonly string[]) => (names.length ? names.join(', ') : 'none');

/** Architect's complaints about one call, one line each (empty: it fits). */
export function contractProblems(call: DataActionCall, contract: ContractSchemas): string[] {
  const label = `data action '${call.name}' in category '${call.category}'`;
  const inputs = topLevel(contract.inputSchema);
  const outputs = propertyNames(contract.successSchema);
  const problems: string[] = [];
  for (const i of call.inputs) if (!inputs.includes(i)) problems.push(`${label} has no input '${i}' (its inputs: ${list(inputs)})`);
  const required = Array.isArray(contract.inputSchema.required) ? (contract.inputSchema.required as string[]) : [];
  for (const i of inputs) if (!call.inputs.includes(i)) problems.push(`${label}: input '${i}' is missing`);
  for (const i of call.unset ?? []) if (required.includes(i)) problems.push(`${label}: required input '${i}' has no value`);
  for (const o of call.successOutputs) if (!outputs.includes(o)) problems.push(`${label} has no success output '${o}' (its outputs: ${list(outputs)})`);
  return problems;
}
