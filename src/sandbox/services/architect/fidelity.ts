import type { FidelityEntry } from '../../core/fidelity.js';

const JOBS = ['POST /api/v2/flows/jobs', 'GET /api/v2/flows/jobs/{jobId}'];

const WORK_WITH_DATA_TABLES = 'https://help.mypurecloud.com/articles/work-with-data-tables/';

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
];
