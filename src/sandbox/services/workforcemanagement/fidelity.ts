import type { FidelityEntry } from '../../core/fidelity.js';

/** The WFM family's ledger lines (see src/sandbox/core/fidelity.ts). */
export const fidelity: FidelityEntry[] = [
  {
    behaviour:
      'The business-unit schedule search takes the same body as the management-unit one ({startDate, endDate, userIds}) and answers for the BU\'s agents (or the asked-for ones among them), inline, through downloadUrl, or asynchronously, as BuAsyncAgentSchedulesSearchResponse.',
    endpoints: ['POST /api/v2/workforcemanagement/businessunits/{businessUnitId}/agentschedules/search'],
    sources: [
      { kind: 'catalog', ref: 'postWorkforcemanagementBusinessunitAgentschedulesSearch', note: 'BuSearchAgentSchedulesRequest {startDate*, endDate*, userIds[]} → BuAsyncAgentSchedulesSearchResponse' },
    ],
  },
  {
    behaviour:
      'A search answers inline up to 500 agents, through the download service above that, and asynchronously (Processing, completion only as a notification) above 10,000 agents; the thresholds are the sandbox\'s.',
    endpoints: ['POST /api/v2/workforcemanagement/businessunits/{businessUnitId}/agentschedules/search', 'POST /api/v2/workforcemanagement/managementunits/{managementUnitId}/agentschedules/search'],
    sources: [{ kind: 'assumed', confirm: 'search a real BU of > 500 and > 10,000 agents and note when downloadUrl and Processing appear' }],
  },
  {
    behaviour:
      'A search returns every shift overlapping [startDate, endDate), each with all its activities, including activities outside the range.',
    endpoints: ['POST /api/v2/workforcemanagement/businessunits/{businessUnitId}/agentschedules/search'],
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
];
