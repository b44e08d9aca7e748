import type { FidelityEntry } from '../../core/fidelity.js';

export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'A trigger whose target has no `workflowTargetSettings` hands the event to its workflow as top-level primitives (`Flow.userId`, …), as `dataFormat: TopLevelPrimitives` does; `Json` hands it as `Flow.jsonData`.',
    endpoints: ['POST /api/v2/processautomation/triggers'],
    sources: [
      { kind: 'sdk-model', ref: 'WorkflowTargetSettings.dataFormat (Json | TopLevelPrimitives)' },
      { kind: 'code', ref: "update-gc-presence-on-communicate-call-activity-blueprint Genesys Cloud Event Orchestration Trigger API's.postman_collection.json", note: 'its trigger body sets none, and its flows read top-level inputs' },
      { kind: 'assumed', confirm: 'GET of a live trigger created without workflowTargetSettings: which dataFormat it reports' },
    ],
  },
];
