import { z } from 'zod';

/**
 * The parts of a decoded `.i3WorkFlow` document the converter reads (Architect's own flow JSON:
 * `flowSequenceItemList[].actionList[]`, a flat list of actions linked by `nextAction` and
 * `paths[].nextActionId`). Unknown keys are ignored; every action type has its own schema so a
 * malformed export is reported with the field that is wrong.
 */

/** An Architect expression: `config` holds the parsed tree (`lit`, `ref`, `emp`, or a function/operator), `text` what the author typed. */
export const I3Expression = z.object({
  config: z.record(z.string(), z.unknown()),
  text: z.string().optional(),
  type: z.string().optional(),
});
export type I3Expression = z.infer<typeof I3Expression>;

export const I3Variable = z.object({
  name: z.string(),
  __type: z.string(),
  isCollection: z.boolean().optional(),
  isInput: z.boolean().optional(),
  isOutput: z.boolean().optional(),
  initialValue: I3Expression.optional(),
});
export type I3Variable = z.infer<typeof I3Variable>;

export const I3Path = z.object({
  outputId: z.string(),
  nextActionId: z.string().optional(),
  label: z.string().optional(),
});
export type I3Path = z.infer<typeof I3Path>;

/** What every action has; the converter parses the rest with the schema of its `__type`. */
export const I3ActionBase = z.looseObject({
  id: z.string(),
  name: z.string(),
  __type: z.string(),
  trackingId: z.number().optional(),
  nextAction: z.string().optional(),
});
export type I3ActionBase = z.infer<typeof I3ActionBase>;

const Binding = z.object({ name: z.string(), value: I3Expression });

export const I3DataAction = I3ActionBase.extend({
  actionName: z.string(),
  category: z.object({ name: z.string() }),
  inputs: z.array(Binding).default([]),
  outputs: z.array(Binding).default([]),
  errorBindings: z.array(Binding).default([]),
  timeout: I3Expression.optional(),
  paths: z.array(I3Path).default([]),
});

export const I3Decision = I3ActionBase.extend({
  expression: I3Expression,
  paths: z.array(I3Path).default([]),
});

export const I3Loop = I3ActionBase.extend({
  currentIndex: I3Expression.optional(),
  loopCount: I3Expression,
  path: I3Path.optional(),
});

export const I3Wait = I3ActionBase.extend({
  duration: I3Expression,
  trimDurationNearMaxRunningTime: I3Expression.optional(),
});

export const I3DataTableLookup = I3ActionBase.extend({
  datatableName: z.string(),
  lookupKeyValue: I3Expression,
  outputs: z.array(Binding).default([]),
  paths: z.array(I3Path).default([]),
});

export const I3EndWorkflow = I3ActionBase.extend({
  exitReason: I3Expression.optional(),
});

/** Update Data: each statement assigns an expression to a variable. */
const I3Assignment = z.object({ variable: I3Expression, expression: I3Expression });
export const I3UpdateData = I3ActionBase.extend({
  variables: z.array(I3Assignment).optional(),
  statements: z.array(I3Assignment).optional(),
});

export const I3SetConversationData = I3ActionBase.extend({
  conversationId: I3Expression,
  participantId: I3Expression.optional(),
  variables: z.array(I3Assignment).default([]),
  paths: z.array(I3Path).default([]),
});

export const I3State = z.object({
  __type: z.string(),
  id: z.string(),
  name: z.string(),
  trackingId: z.number().optional(),
  startAction: z.string().optional(),
  actionList: z.array(I3ActionBase).default([]),
  variables: z.array(I3Variable).default([]),
});
export type I3State = z.infer<typeof I3State>;

export const I3Flow = z.object({
  name: z.string({ error: 'name is missing' }),
  type: z.string({ error: 'type is missing' }),
  description: z.string().optional(),
  defaultLanguage: z.string().optional(),
  supportedLanguages: z.array(z.string()).optional(),
  initialSequence: z.string().optional(),
  errorHandling: z.object({ handlingType: z.string() }).optional(),
  variables: z.array(I3Variable).default([]),
  flowSequenceItemList: z.array(I3State).min(1, { error: 'flowSequenceItemList is empty' }),
});
export type I3Flow = z.infer<typeof I3Flow>;
