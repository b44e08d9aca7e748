import type { FidelityEntry } from '../../core/fidelity.js';

const QUERY = 'POST /api/v2/flows/instances/query';
const INSTANCE = 'GET /api/v2/flows/instances/{instanceId}';

export const fidelity: FidelityEntry[] = [
  // Flow execution data (the runtime's workflow runs), for presence-kit timeline.
  {
    behaviour: 'The flow-instance search takes CriteriaQuery {query: [{criteria|and|or|not: [{key, operator, value}]}]} and ?pageSize (default 50, at most 200), and answers FlowResultEntityListing of FlowExecutionDataQueryResult {id, name, startDateTime, endDateTime, flowId, flowVersion, conversationId, flowType, flowErrorReason, flowName}, oldest first',
    endpoints: [QUERY],
    sources: [
      { kind: 'sdk-model', ref: 'ArchitectApi.postFlowsInstancesQuery (CriteriaQuery, indexOnly, pageSize "default to 50", "up to 200 max"), FlowResultEntityListing, FlowExecutionDataQueryResult' },
      { kind: 'catalog', ref: 'postFlowsInstancesQuery (ANY architect:flowInstance:search)' },
      { kind: 'assumed', confirm: 'the searchable keys and operator names (GET /api/v2/flows/instances/querycapabilities in a live org); the sandbox takes flowId, flowName, flowType, flowVersion, startDateTime, endDateTime, conversationId, flowErrorReason with eq, ne, gt, gte, lt, lte, and answers oldest first' },
    ],
  },
  {
    behaviour: 'A run whose workflow failed, or whose data action failed or timed out, carries flowErrorReason naming the data action, its HTTP status and its message',
    endpoints: [QUERY],
    sources: [{ kind: 'assumed', confirm: 'whether Genesys sets flowErrorReason for a failure handled on the data action\'s failure path (the sandbox does, so the failure is findable)' }],
  },
  {
    behaviour: 'GET of an instance answers GetFlowExecutionDataJobResult {id, jobState, entities[{id, downloadUri, failed, statusCode}]} at once with jobState Success; the downloadUri (no token) serves the run\'s execution data: inputs, outputs, status, error, and one item per action with the decision branch taken and each data action\'s outcome, inputs, error and request (never its headers)',
    endpoints: [INSTANCE],
    sources: [
      { kind: 'sdk-model', ref: 'GetFlowExecutionDataJobResult, ExecutionDataEntity' },
      { kind: 'catalog', ref: 'getFlowsInstance (ANY architect:flowInstance:view)' },
      { kind: 'assumed', confirm: 'the shape of the downloaded execution-data document, and whether the job can answer Running first (then GET /api/v2/flows/instances/jobs/{jobId}, not served by the sandbox)' },
    ],
  },
];
