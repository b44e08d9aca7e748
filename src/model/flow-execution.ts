import { z } from 'zod';

/**
 * Architect flow execution data (`POST /api/v2/flows/instances/query`, `GET
 * /api/v2/flows/instances/{instanceId}` and the document its `downloadUri` points at), shared by
 * the sandbox and the `timeline` command.
 */
export const CriteriaItem = z.object({ key: z.string(), operator: z.string(), value: z.string() });
export const CriteriaGroup = z.object({
  and: z.array(CriteriaItem).optional(),
  or: z.array(CriteriaItem).optional(),
  not: z.array(CriteriaItem).optional(),
  criteria: CriteriaItem.optional(),
});
export const CriteriaQuery = z.object({ query: z.array(CriteriaGroup) });
export type CriteriaQuery = z.infer<typeof CriteriaQuery>;

/** FlowExecutionDataQueryResult: one run as the search lists it. */
export const FlowInstanceSummary = z.object({
  id: z.string(),
  name: z.string().optional(),
  startDateTime: z.string(),
  endDateTime: z.string().optional(),
  flowId: z.string(),
  flowVersion: z.string().optional(),
  conversationId: z.string().optional(),
  flowType: z.string().optional(),
  flowErrorReason: z.string().optional(),
  flowName: z.string().optional(),
});
export type FlowInstanceSummary = z.infer<typeof FlowInstanceSummary>;

export const FlowInstanceListing = z.object({ entities: z.array(FlowInstanceSummary).default([]), pageSize: z.number().optional(), total: z.number().optional() });

/** GetFlowExecutionDataJobResult: the download job for one run's execution data. */
export const FlowExecutionDataJob = z.object({
  id: z.string(),
  jobState: z.string().optional(),
  entities: z.array(z.object({ id: z.string(), downloadUri: z.string().optional(), failed: z.boolean().optional(), statusCode: z.string().optional() })).default([]),
});

/** One step of a run: an action of the flow, with a data action's outcome where it called one. */
export const ExecutionItem = z.object({
  dateTime: z.string(),
  actionType: z.string(),
  actionName: z.string(),
  /** Decision branch taken ("yes"/"no"), switch case, … */
  outputPath: z.string().optional(),
  dataAction: z
    .object({
      name: z.string(),
      outcome: z.string(),
      inputs: z.record(z.string(), z.unknown()).optional(),
      errorMessage: z.string().optional(),
      /** The request the data action sent (method + path + body), headers left out. */
      request: z.object({ method: z.string(), url: z.string(), body: z.unknown().optional() }).optional(),
    })
    .optional(),
});
export type ExecutionItem = z.infer<typeof ExecutionItem>;

/** The execution data document of one run. */
export const FlowExecutionData = z.object({
  id: z.string(),
  flowId: z.string(),
  flowName: z.string(),
  flowVersion: z.string().optional(),
  flowType: z.string().optional(),
  startDateTime: z.string(),
  endDateTime: z.string().optional(),
  status: z.string(),
  flowErrorReason: z.string().optional(),
  exitReason: z.string().optional(),
  trigger: z.object({ id: z.string(), name: z.string(), topic: z.string() }).optional(),
  inputData: z.record(z.string(), z.unknown()).default({}),
  outputData: z.record(z.string(), z.unknown()).default({}),
  executionItems: z.array(ExecutionItem).default([]),
});
export type FlowExecutionData = z.infer<typeof FlowExecutionData>;

/** A search page holds at most 200 runs (SDK: "up to 200 max"; default 50). */
export const FLOW_INSTANCES_MAX_PAGE_SIZE = 200;
export const FLOW_INSTANCES_DEFAULT_PAGE_SIZE = 50;
