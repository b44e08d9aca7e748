import type { FidelityEntry } from '../../core/fidelity.js';

const JOBS = ['POST /api/v2/flows/jobs', 'GET /api/v2/flows/jobs/{jobId}'];

const WORK_WITH_DATA_TABLES = 'https://help.mypurecloud.com/articles/work-with-data-tables/';

const QUERY = 'POST /api/v2/flows/instances/query';
const INSTANCE = 'GET /api/v2/flows/instances/{instanceId}';

export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'A flow is imported through a flows job: register, PUT the Archy YAML to the presigned URL with exactly the signed headers, poll the job; the job compiles, creates or updates the flow by name and type, and publishes.',
    endpoints: JOBS,
    sources: [{ kind: 'sdk-model', ref: 'RegisterArchitectJobResponse {id, presignedUrl, headers}, ArchitectJobStateResponse {status, messages}' }, { kind: 'code', ref: 'MyPureCloud/terraform-provider-genesyscloud genesyscloud_flow (flows jobs upload)' }],
  },
  {
    behaviour: "A Call Data Action must fit the action's contract: an input the action lacks, a contract input missing from the call, a required input without value, or a success output the action lacks fails the job (one message each).",
    endpoints: JOBS,
    sources: [
      { kind: 'sdk-model', ref: 'ActionContract {input.inputSchema, output.successSchema}' },
      { kind: 'assumed', confirm: "Archy's exact messages for each case (the sandbox's wording is its own), and whether a non-required input may be left out entirely" },
    ],
  },
  {
    behaviour: 'Expression functions come from a fixed catalogue (runtime/archy/catalogue.ts); any other name fails the job naming it and the function likely meant.',
    endpoints: JOBS,
    sources: [{ kind: 'assumed', confirm: "the catalogue against Architect's expression help (help.mypurecloud.com, \"Expression functions\"); ToLower/ToUpper are listed because the issue review says they exist" }],
  },
  {
    behaviour: 'Function names match in any letter case; Lower and Upper are functions.',
    endpoints: JOBS,
    sources: [
      { kind: 'code', ref: 'update-gc-presence-on-communicate-call-activity-blueprint "Set GC User to Busy.yaml"', note: 'an export of a published flow calling toString(...)' },
      { kind: 'code', ref: 'ani-blacklist Blacklist.i3WorkFlow', note: 'an Architect export calling Lower(Flow.ani)' },
    ],
  },
  {
    behaviour: 'Deleting a flow that a trigger targets is refused with 409.',
    endpoints: ['DELETE /api/v2/flows/{flowId}'],
    sources: [
      { kind: 'code', ref: 'MyPureCloud/terraform-provider-genesyscloud genesyscloud_flow delete', note: 'retries on 409 for some flow deletes' },
      { kind: 'assumed', confirm: 'a live DELETE of a flow an enabled trigger targets' },
    ],
  },
  {
    behaviour: 'A data table holds at most 5,000 rows and a reference key at most 256 characters; a row beyond either is refused',
    endpoints: ['POST /api/v2/flows/datatables/{datatableId}/rows'],
    sources: [
      { kind: 'doc', ref: WORK_WITH_DATA_TABLES, note: '"The number of data rows allowed in a single table is 5000", "characters allowed in a single reference key is 256"' },
      { kind: 'assumed', confirm: "the status and code Genesys answers when a table is full (the sandbox answers 400 bad.request)" },
    ],
  },
  {
    behaviour: "A workflow's Data Table Lookup sees a row as soon as the rows API has written it (no lookup cache)",
    endpoints: ['PUT /api/v2/flows/datatables/{datatableId}/rows/{rowId}'],
    sources: [{ kind: 'assumed', confirm: 'a live run: write a row through a data action, then look it up in the same workflow' }],
  },
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
  {
    behaviour: '(production profile) A flows job stays Started for 1–5 polls of GET /api/v2/flows/jobs/{jobId} after its upload and settles on the last; 10 % of the jobs that would succeed end Failure with no messages and import nothing',
    endpoints: ['GET /api/v2/flows/jobs/{jobId}'],
    sources: [
      { kind: 'code', ref: 'MyPureCloud/terraform-provider-genesyscloud genesyscloud/architect_flow/resource_genesyscloud_flow.go', note: 'polls the job every 15 s for up to 16 minutes; a Failure with no messages is reported as "no tracing messages available"' },
      { kind: 'assumed', confirm: 'how many polls a live import takes and how often it fails without messages (the sandbox counts polls, not time)' },
    ],
  },
  {
    behaviour: '(production profile) 30 % of DELETE /api/v2/flows/{flowId} of an existing flow answer a transient 409 and delete nothing',
    endpoints: ['DELETE /api/v2/flows/{flowId}'],
    sources: [
      { kind: 'code', ref: 'MyPureCloud/terraform-provider-genesyscloud genesyscloud/architect_flow/resource_genesyscloud_flow.go', note: 'deleteFlow retries a 409 for 30 s' },
      { kind: 'assumed', confirm: 'the rate and message of a transient 409 on flow delete in a live org' },
    ],
  },
];
