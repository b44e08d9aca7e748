import { rowsOf, schemaOf, type DataTableSpec } from '../../resources/data-table.js';
import { ph, V } from '../names.js';
import { api, createStep, idOf, lookupStep, queryValue, request, teardownStep } from '../requests.js';
import { json, stepTest } from '../scripts.js';
import type { KindSteps } from './types.js';

/**
 * An Architect data table and the rows the manifest names (values from the environment, e.g. the
 * Teams mapping). Rows already there with the same values are left alone, a changed row is PUT,
 * a missing row is POSTed; rows the manifest does not name are never touched.
 */
export const dataTable: KindSteps = {
  homeDivision: true,
  setup: (n, c) => {
    const spec = n.spec as DataTableSpec;
    const rows = V.of(n.logical, 'rows');
    const rowsPath = `/api/v2/flows/datatables/${idOf(n.logical)}/rows`;
    const base = `${c.blueprint}/setup/${n.logical}`;
    return [
      lookupStep(c, n, { list: `/api/v2/flows/datatables?name=${queryValue(n.name)}`, paging: 'pages' }),
      createStep(c, n, {
        path: '/api/v2/flows/datatables',
        body: { name: n.name, description: spec.description ?? '', division: { id: ph(V.homeDivisionId) }, schema: schemaOf(spec) },
        shape: `pm.test('the new table keys its rows by "key"', () => pm.expect(((body.schema || {}).properties || {}).key).to.be.an('object'));`,
      }),
      request(`${base}/rows-read`, {
        name: `Read the rows of data table “${n.title}”`,
        method: 'GET',
        url: api(`${rowsPath}?showbrief=false&pageSize=100&pageNumber=${ph(V.pageNumber)}`),
        prerequest: `
if (pm.variables.get(${json(V.paging)}) !== pm.info.requestId) {
  pm.variables.set(${json(V.paging)}, pm.info.requestId);
  pm.collectionVariables.set(${json(V.pageNumber)}, 1);
  pm.variables.set(${json(rows)}, '{}');
}`,
        test: stepTest({
          what: 'GET /api/v2/flows/datatables/{id}/rows',
          shape: `pm.test('the answer lists rows', () => pm.expect(body.entities).to.be.an('array'));`,
          onOk: `const seen = JSON.parse(pm.variables.get(${json(rows)}) || '{}');
  for (const r of body.entities || []) seen[r.key] = r;
  pm.variables.set(${json(rows)}, JSON.stringify(seen));
  const page = Number(body.pageNumber || 1);
  if ((body.entities || []).length > 0 && page < Math.min(Number(body.pageCount || 0), 1000)) {
    pm.collectionVariables.set(${json(V.pageNumber)}, page + 1);
    pm.execution.setNextRequest(pm.info.requestId);
  } else {
    pm.variables.set(${json(V.paging)}, '');
    pm.collectionVariables.set(${json(V.pageNumber)}, 1);
  }`,
        }),
      }),
      ...rowsOf(spec).map((row) =>
        request(`${base}/row/${row.key}`, {
          name: `Row “${row.key}” of data table “${n.title}”`,
          method: 'POST',
          url: api(rowsPath),
          body: { mode: 'raw', raw: JSON.stringify(row, null, 2), options: { raw: { language: 'json' } } },
          prerequest: `
const want = JSON.parse(pm.variables.replaceIn(${json(JSON.stringify(row))}));
const have = JSON.parse(pm.variables.get(${json(rows)}) || '{}')[want.key];
if (have && Object.keys(want).every((k) => have[k] === want[k])) {
  console.log('row "' + want.key + '" is up to date');
  pm.execution.skipRequest();
} else if (have) {
  // The row exists with other values: replace it (PUT is the only way to change a row).
  pm.request.method = 'PUT';
  pm.request.url = pm.variables.replaceIn(${json(api(rowsPath))}) + '/' + encodeURIComponent(want.key);
}`,
          test: stepTest({
            what: 'POST (or PUT) the row',
            shape: `pm.test('the row has key ' + ${json(row.key)}, () => pm.expect(body.key).to.eql(${json(row.key)}));`,
          }),
        }),
      ),
    ];
  },
  teardown: (n, c) => [teardownStep(c, n, `/api/v2/flows/datatables/${idOf(n.logical)}`)],
};
