import { z } from 'zod';

/**
 * Event Orchestration trigger request bodies (CreateTriggerRequest / UpdateTriggerRequest), as
 * Genesys documents them. Shared by the sandbox (validation) and the trigger resource.
 */
export const MATCH_OPERATORS = [
  'GreaterThanOrEqual',
  'LessThanOrEqual',
  'Equal',
  'NotEqual',
  'LessThan',
  'GreaterThan',
  'NotIn',
  'In',
  'Contains',
  'All',
  'Exists',
  'Size',
] as const;

export const DATA_FORMATS = ['Json', 'TopLevelPrimitives'] as const;

export const MatchOperatorSchema = z.enum(MATCH_OPERATORS);
export type MatchOperator = z.infer<typeof MatchOperatorSchema>;

export const MatchCriteriaSchema = z.object({
  jsonPath: z.string().min(1),
  operator: MatchOperatorSchema,
  value: z.unknown().optional(),
  values: z.array(z.unknown()).optional(),
});
export type MatchCriteria = z.infer<typeof MatchCriteriaSchema>;

export const TriggerTargetSchema = z.object({
  type: z.literal('Workflow'),
  id: z.string().min(1),
  workflowTargetSettings: z.object({ dataFormat: z.enum(DATA_FORMATS) }).optional(),
});
export type TriggerTarget = z.infer<typeof TriggerTargetSchema>;

/** "Description of the trigger. Can be up to 512 characters in length." (CreateTriggerRequest / UpdateTriggerRequest, platform API SDKs). */
export const TRIGGER_DESCRIPTION_MAX = 512;

export const CreateTriggerRequestSchema = z.object({
  name: z.string().min(1),
  topicName: z.string().min(1),
  target: TriggerTargetSchema,
  enabled: z.boolean(),
  matchCriteria: z.array(MatchCriteriaSchema).optional(),
  eventTTLSeconds: z.number().int().optional(),
  delayBySeconds: z.number().int().optional(),
  description: z.string().max(TRIGGER_DESCRIPTION_MAX).optional(),
});
export type CreateTriggerRequest = z.infer<typeof CreateTriggerRequestSchema>;

export const UpdateTriggerRequestSchema = CreateTriggerRequestSchema.extend({ version: z.number().int() });
export type UpdateTriggerRequest = z.infer<typeof UpdateTriggerRequestSchema>;
