import type { SandboxService } from '../../core/context.js';
import { badRequest, conflict } from '../../core/errors.js';
import { nameMatcher } from '../../core/name-filter.js';
import { paginate } from '../../core/paging.js';
import { q1, qBool, qList, textReply, type SandboxRequest } from '../../core/router.js';
import {
  addRow,
  createDatatable,
  datatableView,
  deleteDatatable,
  deleteRow,
  getDatatable,
  getRow,
  listRows,
  replaceRow,
  updateDatatable,
} from './datatable.js';
import { checkin, checkout, createFlow, deleteFlow, flowView, getFlow, listFlows, operationView, publish, unlock, updateFlow } from './flow.js';
import { acceptUpload, jobView, registerJob, type UploadRefusal } from './flow-job.js';
import { datatableRows, datatables, flowJobs, flows } from './models.js';
import { registerFlowInstanceRoutes } from './flow-instances.js';

const flowParam = (req: SandboxRequest) => {
  const id = q1(req.query, 'flow');
  if (!id) throw badRequest('The query parameter flow (the flow id) is required');
  return id;
};

/** S3's answer to a refused presigned upload: 403 with its XML error body. */
const s3Error = (r: UploadRefusal) =>
  textReply(403, `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${r.code}</Code><Message>${r.message}</Message></Error>`, 'application/xml');

const headerValues = (req: SandboxRequest): Record<string, string | undefined> =>
  Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v[0] : v]));

/** Data-table rows: `showbrief` (default true) returns only the key. */
const brief = (req: SandboxRequest) => (row: Record<string, unknown>) => (qBool(req.query, 'showbrief') === false ? row : { key: row.key });

/** `/api/v2/flows/**`: flows, flows-jobs (Archy import), publish/lock actions, data tables and rows. */
export const architectService: SandboxService = {
  name: 'architect',
  register(router, ctx) {
    registerFlowInstanceRoutes(router, ctx);
    flows(ctx);
    flowJobs(ctx);
    datatables(ctx);
    datatableRows(ctx);

    router.get('/api/v2/flows', (req) => {
      const list = listFlows(ctx, {
        types: qList(req.query, 'type'),
        ids: qList(req.query, 'id'),
        name: q1(req.query, 'name'),
        includeDeleted: qBool(req.query, 'deleted') === true,
        sortBy: q1(req.query, 'sortBy'),
        descending: q1(req.query, 'sortOrder')?.toLowerCase() === 'desc',
      });
      const page = paginate(list, req.query, '/api/v2/flows');
      const schemas = qBool(req.query, 'includeSchemas') === true;
      return { ...page, entities: page.entities.map((f) => flowView(f, { schemas })) };
    });
    router.post('/api/v2/flows', (req) => flowView(createFlow(ctx, req.body, req.caller)));
    router.get('/api/v2/flows/{flowId}', (req) => flowView(getFlow(ctx, req.params.flowId!), { schemas: true }));
    router.put('/api/v2/flows/{flowId}', (req) => flowView(updateFlow(ctx, req.params.flowId!, req.body, req.caller)));
    router.delete('/api/v2/flows/{flowId}', (req) => {
      // The production profile's transient 409 (CX as Code retries a 409 on delete for 30 s); an
      // unknown flow is still a 404 first.
      getFlow(ctx, req.params.flowId!);
      if (ctx.profile.flowDeleteConflict()) throw conflict(`Flow ${req.params.flowId} cannot be deleted right now: another operation on it is in progress; try again.`);
      deleteFlow(ctx, req.params.flowId!, req.caller);
    });

    // Flow actions take the flow id (and version) as query parameters, not a body.
    router.post('/api/v2/flows/actions/publish', (req) => {
      publish(ctx, flowParam(req), req.caller);
      return operationView('PUBLISH', req.caller);
    });
    router.post('/api/v2/flows/actions/checkin', (req) => {
      checkin(ctx, flowParam(req), req.caller);
      return operationView('CHECKIN', req.caller);
    });
    router.post('/api/v2/flows/actions/checkout', (req) => flowView(checkout(ctx, flowParam(req), req.caller)));
    router.post('/api/v2/flows/actions/unlock', (req) => flowView(unlock(ctx, flowParam(req))));

    router.post('/api/v2/flows/jobs', (req) => registerJob(ctx, req.caller));
    router.get('/api/v2/flows/jobs/{jobId}', (req) => jobView(ctx, req.params.jobId!, qList(req.query, 'expand').includes('messages')));
    // The presigned upload URL (S3 in Genesys): no bearer token, the signature is in the URL and headers.
    router.put(
      '/sandbox/v1/uploads/{jobId}',
      (req) => {
        const refused = acceptUpload(ctx, req.params.jobId!, q1(req.query, 'X-Amz-Signature'), headerValues(req), req.rawBody.toString('utf8'));
        return refused ? s3Error(refused) : textReply(200, '');
      },
      { auth: 'none', rawBody: true },
    );

    router.get('/api/v2/flows/datatables', (req) => {
      const matchName = nameMatcher(q1(req.query, 'name'));
      const desc = q1(req.query, 'sortOrder')?.toLowerCase() === 'descending' || q1(req.query, 'sortOrder')?.toLowerCase() === 'desc';
      const list = datatables(ctx)
        .filter((t) => matchName(t.name))
        .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));
      const page = paginate(desc ? list.reverse() : list, req.query, '/api/v2/flows/datatables');
      const withSchema = q1(req.query, 'expand') === 'schema';
      return { ...page, entities: page.entities.map((t) => datatableView(t, withSchema)) };
    });
    router.post('/api/v2/flows/datatables', (req) => datatableView(createDatatable(ctx, req.body), true));
    router.get('/api/v2/flows/datatables/{datatableId}', (req) => datatableView(getDatatable(ctx, req.params.datatableId!), q1(req.query, 'expand') === 'schema'));
    router.put('/api/v2/flows/datatables/{datatableId}', (req) => datatableView(updateDatatable(ctx, req.params.datatableId!, req.body), true));
    router.delete('/api/v2/flows/datatables/{datatableId}', (req) => {
      deleteDatatable(ctx, req.params.datatableId!);
    });

    router.get('/api/v2/flows/datatables/{datatableId}/rows', (req) => {
      const desc = q1(req.query, 'sortOrder')?.toLowerCase() === 'descending' || q1(req.query, 'sortOrder')?.toLowerCase() === 'desc';
      const page = paginate(listRows(ctx, req.params.datatableId!, desc), req.query, `/api/v2/flows/datatables/${req.params.datatableId}/rows`);
      return { ...page, entities: page.entities.map(brief(req)) };
    });
    router.post('/api/v2/flows/datatables/{datatableId}/rows', (req) => addRow(ctx, req.params.datatableId!, req.body));
    router.get('/api/v2/flows/datatables/{datatableId}/rows/{rowId}', (req) => brief(req)(getRow(ctx, req.params.datatableId!, req.params.rowId!)));
    router.put('/api/v2/flows/datatables/{datatableId}/rows/{rowId}', (req) => replaceRow(ctx, req.params.datatableId!, req.params.rowId!, req.body));
    router.delete('/api/v2/flows/datatables/{datatableId}/rows/{rowId}', (req) => {
      deleteRow(ctx, req.params.datatableId!, req.params.rowId!);
    });
  },
};
