import type { FidelityEntry } from '../../core/fidelity.js';

const WORK_WITH_DATA_TABLES = 'https://help.mypurecloud.com/articles/work-with-data-tables/';

/** Architect data tables, as the presence policy's call memory uses them (one row per user on a call). */
export const fidelity: FidelityEntry[] = [
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
