import type { FidelityEntry } from '../../core/fidelity.js';

const SEARCH = ['POST /api/v2/workforcemanagement/managementunits/{managementUnitId}/agentschedules/search', 'POST /api/v2/workforcemanagement/businessunits/{businessUnitId}/agentschedules/search'];

export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'An agent-schedule search answers one of three ways: inline `{status: Complete, result}`, `{status: Complete, downloadUrl}` (GET it for the same JSON), or `{status: Processing, operationId}` completed by a notification.',
    endpoints: SEARCH,
    sources: [
      { kind: 'sdk-model', ref: 'BuAsyncAgentSchedulesSearchResponse {status, operationId, result, downloadUrl}' },
      { kind: 'catalog', ref: 'postWorkforcemanagementManagementunitAgentschedulesSearch (forceAsync, forceDownloadService)' },
    ],
  },
  {
    behaviour: 'Up to 500 agents are answered inline; more through the download URL.',
    endpoints: SEARCH,
    sources: [{ kind: 'assumed', confirm: 'live searches of 400, 600 and 5,000 agents: where Genesys switches from `result` to `downloadUrl` (the threshold may be by size, not by agents)' }],
  },
  {
    behaviour: 'From 10,000 agents the search is asynchronous (`Processing`).',
    endpoints: SEARCH,
    sources: [{ kind: 'assumed', confirm: 'a live search of 10,000+ agents without forceAsync' }],
  },
  {
    behaviour: 'An asynchronous search answers HTTP 200 with `status: Processing` (not 202).',
    endpoints: SEARCH,
    sources: [{ kind: 'assumed', confirm: 'the status code of a live search with forceAsync=true' }],
  },
  {
    behaviour: 'A search over more than 31 days is refused (400).',
    endpoints: SEARCH,
    sources: [{ kind: 'assumed', confirm: 'a live search of 32 days, and the error body' }],
  },
  {
    behaviour: 'Business units list with `authorized: false` where the caller holds no WFM permission in their division; management units outside the caller\'s divisions are left out of listings; acting on one answers 403.',
    endpoints: ['GET /api/v2/workforcemanagement/businessunits', 'GET /api/v2/workforcemanagement/managementunits', 'GET /api/v2/workforcemanagement/managementunits/{managementUnitId}/users'],
    sources: [
      { kind: 'sdk-model', ref: 'BusinessUnitListItem.authorized', note: 'whether the user has authorization to interact with this business unit' },
      { kind: 'assumed', confirm: 'live listings and a direct GET by a client whose roles reach Home only, in an org with a unit in another division (403 or 404?)' },
    ],
  },
  {
    behaviour:
      'The business-unit schedule search takes the same body as the management-unit one ({startDate, endDate, userIds}) and answers for the BU\'s agents (or the asked-for ones among them).',
    endpoints: ['POST /api/v2/workforcemanagement/businessunits/{businessUnitId}/agentschedules/search'],
    sources: [
      { kind: 'catalog', ref: 'postWorkforcemanagementBusinessunitAgentschedulesSearch', note: 'BuSearchAgentSchedulesRequest {startDate*, endDate*, userIds[]} → BuAsyncAgentSchedulesSearchResponse' },
    ],
  },
  {
    behaviour: 'A search returns every shift overlapping [startDate, endDate), each with all its activities, including activities outside the range.',
    endpoints: SEARCH,
    sources: [{ kind: 'assumed', confirm: 'search a real BU for a 30-minute range inside a shift and check the shift comes back whole' }],
  },
  {
    behaviour:
      'A cancelled break becomes On Queue work and a moved break keeps its length at its new start, in every later search answer (shift marked manuallyEdited). Genesys changes a published schedule through the schedule update upload; the sandbox sets the effect directly through /sandbox/v1/workforcemanagement/scheduleedits.',
    endpoints: ['POST /api/v2/workforcemanagement/businessunits/{businessUnitId}/weeks/{weekId}/schedules/{scheduleId}/update'],
    sources: [
      { kind: 'catalog', ref: 'postWorkforcemanagementBusinessunitWeekScheduleUpdate', note: 'the upload itself is not emulated' },
      { kind: 'assumed', confirm: 'remove a break in a real published schedule and search it again' },
    ],
  },
  {
    behaviour: '(production profile) Every agent-schedule search answers Processing with an operationId, whatever its size; its completion {operationId, businessUnitId, downloadUrl} comes only on v2.workforcemanagement.users.{id}.schedules.search, the searching client\'s own topic, which a channel of that client may subscribe to',
    endpoints: ['POST /api/v2/workforcemanagement/businessunits/{businessUnitId}/agentschedules/search', 'POST /api/v2/workforcemanagement/managementunits/{managementUnitId}/agentschedules/search'],
    sources: [
      { kind: 'sdk-model', ref: 'BuAsyncAgentSchedulesSearchResponse', note: 'status Processing with an operationId; the notification topic as in reference/genesys-api.md §11' },
      { kind: 'assumed', confirm: 'the size from which a live org answers asynchronously, and which id the topic carries for a client-credentials token (the sandbox: the OAuth client id)' },
    ],
  },
];
