import type { FidelityEntry } from '../../core/fidelity.js';

export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'The conversation detail events (user, customer, acd × start, end) carry every field of their SDK event models, and none other.',
    sources: [
      { kind: 'sdk-model', ref: 'UserStartDetailEventTopicUserStartEvent, UserEndDetailEventTopicUserEndEvent, CustomerStart/End…, AcdStart/End…' },
    ],
  },
  {
    behaviour: "Fields a voice call has no value for carry empty values (`messageType: UNKNOWN`, `\"\"`, `[]`, `0`); `queueId` is absent on a non-ACD call's events.",
    sources: [
      { kind: 'code', ref: 'update-gc-presence-on-communicate-call-activity-blueprint triggers', note: 'matchCriteria `queueId Exists false` tells Communicate calls by the absence of queueId' },
      { kind: 'assumed', confirm: 'a captured live event of a Communicate call (empty values may instead be omitted)' },
    ],
  },
  {
    behaviour: 'There is no hold or callback in the call model: `heldDurationMs` and `callbackDurationMs` are always 0.',
    sources: [{ kind: 'assumed', confirm: 'nothing: a known gap — a held call in a real org would report its hold time' }],
  },
];
