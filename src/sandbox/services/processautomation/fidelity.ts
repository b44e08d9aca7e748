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
  {
    behaviour: 'A trigger `description` longer than 512 characters is refused (400) on create and update. presence-kit relies on it: the mark it appends to a trigger it disables must fit, or it disables nothing.',
    endpoints: ['POST /api/v2/processautomation/triggers', 'PUT /api/v2/processautomation/triggers/{triggerId}'],
    sources: [
      { kind: 'sdk-model', ref: 'CreateTriggerRequest.description, UpdateTriggerRequest.description', note: '"Description of the trigger. Can be up to 512 characters in length."' },
      { kind: 'assumed', confirm: 'the status and message a live org answers a 513-character description with (400 assumed), and whether it counts characters or UTF-16 units' },
    ],
  },
  {
    behaviour: 'PUT replaces a trigger: a field the body leaves out (`description`, `eventTTLSeconds`, `delayBySeconds`) is gone afterwards. presence-kit relies on it to give a trigger that had no description none again when it takes its disabled-by mark off.',
    endpoints: ['PUT /api/v2/processautomation/triggers/{triggerId}'],
    sources: [
      { kind: 'sdk-model', ref: 'UpdateTriggerRequest (the whole trigger: name, topicName, target, enabled and version required)' },
      { kind: 'assumed', confirm: 'GET of a live trigger after a PUT without its description: none, or the old one kept' },
    ],
  },
];
