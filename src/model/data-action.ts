import { z } from 'zod';

/**
 * A data action as `POST /api/v2/integrations/actions` takes it (PostActionInput), with the limits
 * Genesys documents. Shared by the sandbox (validation) and the data-action resource.
 */
export const REQUEST_TYPES = ['GET', 'PUT', 'POST', 'PATCH', 'DELETE'] as const;

const jsonSchema = z.record(z.string(), z.unknown());

export const RequestConfigSchema = z.object({
  requestUrlTemplate: z.string({ error: 'requestUrlTemplate is required' }).min(1, { error: 'requestUrlTemplate is required' }),
  requestType: z.enum(REQUEST_TYPES, { error: `requestType must be one of ${REQUEST_TYPES.join(', ')}` }),
  headers: z.record(z.string(), z.string()).optional(),
  requestTemplate: z.string().optional(),
});

export const ResponseConfigSchema = z.object({
  translationMap: z.record(z.string(), z.string()).optional(),
  translationMapDefaults: z.record(z.string(), z.string()).optional(),
  successTemplate: z.string().optional(),
});

export const ActionConfigSchema = z.object({
  timeoutSeconds: z
    .number()
    .int()
    .min(1, { error: 'timeoutSeconds must be between 1 and 60' })
    .max(60, { error: 'timeoutSeconds must be between 1 and 60' })
    .optional(),
  request: RequestConfigSchema,
  response: ResponseConfigSchema.default({}),
});

export const ActionContractSchema = z.object({
  input: z.object({ inputSchema: jsonSchema }, { error: 'contract.input.inputSchema is required' }),
  output: z.object({ successSchema: jsonSchema }, { error: 'contract.output.successSchema is required' }),
});

const name256 = (field: string) =>
  z
    .string({ error: `${field} is required` })
    .min(1, { error: `${field} is required` })
    .max(256, { error: `${field} can be up to 256 characters long` });

export const PostActionInputSchema = z.object({
  name: name256('name'),
  category: name256('category'),
  integrationId: z.string({ error: 'integrationId is required' }).min(1, { error: 'integrationId is required' }),
  secure: z.boolean().optional(),
  config: ActionConfigSchema,
  contract: ActionContractSchema,
});
export type PostActionInput = z.infer<typeof PostActionInputSchema>;

/** PATCH …/actions/{id}/draft (UpdateDraftInput). */
export const UpdateDraftInputSchema = z.object({
  version: z.number({ error: 'version is required' }).int(),
  name: name256('name').optional(),
  category: name256('category').optional(),
  secure: z.boolean().optional(),
  config: ActionConfigSchema.optional(),
  contract: ActionContractSchema.optional(),
});
export type UpdateDraftInput = z.infer<typeof UpdateDraftInputSchema>;

/** PATCH …/actions/{id} (UpdateActionInput): contract and secure cannot change on a published action. */
export const UpdateActionInputSchema = z.object({
  version: z.number({ error: 'version is required' }).int(),
  name: name256('name').optional(),
  category: name256('category').optional(),
  config: ActionConfigSchema.optional(),
});
export type UpdateActionInput = z.infer<typeof UpdateActionInputSchema>;

export const PublishDraftInputSchema = z.object({ version: z.number({ error: 'version is required' }).int() });
