/**
 * What an Archy workflow needs to exist in the org before it can be published: the data actions
 * it calls (integration name = `category`, and action name) and the data tables it looks up. Archy
 * resolves both by exact name.
 */
export interface ActionRef {
  category: string;
  name: string;
}

export interface WorkflowRefs {
  actions: ActionRef[];
  dataTables: string[];
  /** Every `callData` block: which inputs it lists (and leaves unset) and which success outputs it binds. */
  calls: DataActionCall[];
}

import type { DataActionCall } from '../../model/data-action-call.js';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Walks the whole parsed document: `callData` and `dataTableLookup` may sit at any depth. */
export function workflowRefs(doc: unknown): WorkflowRefs {
  const actions = new Map<string, ActionRef>();
  const tables = new Set<string>();
  const calls: DataActionCall[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isObj(v)) return;
    const call = v.callData;
    if (isObj(call) && isObj(call.category)) {
      for (const [category, body] of Object.entries(call.category)) {
        if (!isObj(body) || !isObj(body.dataAction)) continue;
        for (const [name, spec] of Object.entries(body.dataAction)) {
          actions.set(JSON.stringify([category, name]), { category, name });
          const inputs = isObj(spec) && isObj(spec.inputs) ? spec.inputs : {};
          const outputs = isObj(spec) && isObj(spec.successOutputs) ? spec.successOutputs : {};
          const unset = Object.entries(inputs).filter(([, v]) => isObj(v) && v.noValue === true).map(([k]) => k);
          calls.push({ category, name, inputs: Object.keys(inputs), unset, successOutputs: Object.keys(outputs) });
        }
      }
    }
    const lookup = v.dataTableLookup;
    if (isObj(lookup) && isObj(lookup.dataTable)) for (const t of Object.keys(lookup.dataTable)) tables.add(t);
    Object.values(v).forEach(walk);
  };
  walk(doc);
  return { actions: [...actions.values()], dataTables: [...tables], calls };
}
