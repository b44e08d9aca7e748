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
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Walks the whole parsed document: `callData` and `dataTableLookup` may sit at any depth. */
export function workflowRefs(doc: unknown): WorkflowRefs {
  const actions = new Map<string, ActionRef>();
  const tables = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (!isObj(v)) return;
    const call = v.callData;
    if (isObj(call) && isObj(call.category)) {
      for (const [category, body] of Object.entries(call.category)) {
        if (!isObj(body) || !isObj(body.dataAction)) continue;
        for (const name of Object.keys(body.dataAction)) actions.set(JSON.stringify([category, name]), { category, name });
      }
    }
    const lookup = v.dataTableLookup;
    if (isObj(lookup) && isObj(lookup.dataTable)) for (const t of Object.keys(lookup.dataTable)) tables.add(t);
    Object.values(v).forEach(walk);
  };
  walk(doc);
  return { actions: [...actions.values()], dataTables: [...tables] };
}
