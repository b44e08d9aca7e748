import { randomBytes } from 'node:crypto';
import { CriteriaQuery, FLOW_INSTANCES_DEFAULT_PAGE_SIZE, FLOW_INSTANCES_MAX_PAGE_SIZE, type ExecutionItem, type FlowExecutionData } from '../../../model/flow-execution.js';
import type { SandboxContext } from '../../core/context.js';
import { badRequest, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/parse-body.js';
import { executions, type ExecutionRecord } from '../../runtime/executions.js';
import type { StepRecord } from '../../runtime/archy/interpreter.js';
import { q1, textReply, type Router } from '../../core/router.js';

/**
 * Architect flow execution data for the sandbox runtime's workflow runs: the search
 * (`POST /api/v2/flows/instances/query`), the per-instance download job (`GET
 * /api/v2/flows/instances/{instanceId}` → a `downloadUri`) and the document behind it.
 */

/** The keys the search accepts (Genesys lists its own in `GET /api/v2/flows/instances/querycapabilities`). */
const KEYS: Record<string, (e: ExecutionRecord) => string | undefined> = {
  flowId: (e) => e.flowId,
  flowName: (e) => e.name,
  flowType: () => 'WORKFLOW',
  flowVersion: (e) => e.flowVersion,
  startDateTime: (e) => e.startTime,
  endDateTime: (e) => e.endTime,
  conversationId: (e) => conversationIdOf(e),
  flowErrorReason: (e) => errorReasonOf(e),
};

const conversationIdOf = (e: ExecutionRecord) => {
  const v = Object.entries(e.inputs).find(([k]) => k.toLowerCase() === 'flow.conversationid')?.[1];
  return typeof v === 'string' ? v : undefined;
};

/** A run that ended in error, or whose data action failed, says why (the first failure). */
export function errorReasonOf(e: ExecutionRecord): string | undefined {
  if (e.status === 'FAILED') return e.error?.message ?? 'The flow failed.';
  const failed = e.steps.find((s) => s.action === 'callData' && s.detail?.outcome !== undefined && s.detail.outcome !== 'success');
  return failed ? dataActionError(failed) : undefined;
}

function dataActionError(s: StepRecord): string {
  const err = s.detail?.error as { userMessage?: string; errorCode?: string; status?: number } | undefined;
  const what = `data action '${String(s.detail?.dataAction ?? s.name)}'`;
  return `${what} ${s.detail?.outcome === 'timeout' ? 'timed out' : 'failed'}${err?.status ? ` (${err.status})` : ''}: ${err?.userMessage ?? err?.errorCode ?? 'no message'}`;
}

const OPERATORS: Record<string, (a: string, b: string) => boolean> = {
  eq: (a, b) => a === b,
  ne: (a, b) => a !== b,
  gt: (a, b) => a > b,
  gte: (a, b) => a >= b,
  lt: (a, b) => a < b,
  lte: (a, b) => a <= b,
};

/** Every criterion is checked before any run is searched: a bad key fails even when nothing would match. */
function checkItem(item: { key: string; operator: string }): void {
  if (!KEYS[item.key]) throw badRequest(`query: '${item.key}' is not a searchable key (use ${Object.keys(KEYS).join(', ')})`);
  if (!OPERATORS[item.operator.toLowerCase()]) throw badRequest(`query: operator '${item.operator}' is not supported (use ${Object.keys(OPERATORS).join(', ')})`);
}

function itemMatches(e: ExecutionRecord, item: { key: string; operator: string; value: string }): boolean {
  const op = OPERATORS[item.operator.toLowerCase()]!;
  const v = KEYS[item.key]!(e);
  if (v === undefined) return item.operator.toLowerCase() === 'ne';
  // Times compare as instants, whatever offset or precision the caller wrote.
  const isTime = item.key.endsWith('DateTime');
  const norm = (s: string) => (isTime && !Number.isNaN(Date.parse(s)) ? new Date(s).toISOString() : s);
  return op(norm(v), norm(item.value));
}

export function queryFlowInstances(ctx: SandboxContext, body: unknown, pageSizeParam: string | undefined) {
  const q = parseBody(CriteriaQuery, body);
  const pageSize = pageSizeParam === undefined ? FLOW_INSTANCES_DEFAULT_PAGE_SIZE : Number(pageSizeParam);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > FLOW_INSTANCES_MAX_PAGE_SIZE) throw badRequest(`pageSize must be a whole number from 1 to ${FLOW_INSTANCES_MAX_PAGE_SIZE}`);
  if (q.query.length === 0) throw badRequest('query: give at least one criteria group');
  for (const g of q.query) for (const item of [...(g.criteria ? [g.criteria] : []), ...(g.and ?? []), ...(g.or ?? []), ...(g.not ?? [])]) checkItem(item);
  const groupMatches = (e: ExecutionRecord, g: CriteriaQuery['query'][number]) =>
    (!g.criteria || itemMatches(e, g.criteria)) &&
    (g.and ?? []).every((i) => itemMatches(e, i)) &&
    (!g.or?.length || g.or.some((i) => itemMatches(e, i))) &&
    !(g.not ?? []).some((i) => itemMatches(e, i));
  const hits = executions(ctx)
    .list()
    .filter((e) => q.query.every((g) => groupMatches(e, g)))
    .sort((a, b) => a.startTime.localeCompare(b.startTime) || a.id.localeCompare(b.id));
  return {
    entities: hits.slice(0, pageSize).map((e) => {
      const reason = errorReasonOf(e);
      const conv = conversationIdOf(e);
      return {
        id: e.id,
        name: e.name,
        startDateTime: e.startTime,
        ...(e.endTime ? { endDateTime: e.endTime } : {}),
        flowId: e.flowId,
        ...(e.flowVersion ? { flowVersion: e.flowVersion } : {}),
        ...(conv ? { conversationId: conv } : {}),
        flowType: 'WORKFLOW',
        ...(reason ? { flowErrorReason: reason } : {}),
        flowName: e.name,
        selfUri: `/api/v2/flows/instances/${e.id}`,
      };
    }),
    pageSize,
    pageNumber: 1,
    total: hits.length,
    pageCount: Math.max(1, Math.ceil(hits.length / pageSize)),
  };
}

function executionItem(s: StepRecord): ExecutionItem {
  const d = s.detail ?? {};
  const base: ExecutionItem = { dateTime: s.time, actionType: s.action, actionName: s.name };
  if (s.action === 'decision' && typeof d.result === 'string') return { ...base, outputPath: d.result };
  if (s.action === 'switch' && d.case !== undefined) return { ...base, outputPath: String(d.case) };
  if (s.action !== 'callData') return base;
  const req = d.request as { method?: string; url?: string; body?: unknown } | undefined;
  const outcome = String(d.outcome ?? 'unknown');
  return {
    ...base,
    outputPath: outcome,
    dataAction: {
      name: String(d.dataAction ?? s.name),
      outcome,
      ...(d.inputs && typeof d.inputs === 'object' ? { inputs: d.inputs as Record<string, unknown> } : {}),
      ...(outcome === 'success' ? {} : { errorMessage: dataActionError(s) }),
      // The request without its headers: they carried the credential's token.
      ...(req?.method && req.url ? { request: { method: req.method, url: new URL(req.url, 'http://x').pathname, ...(req.body !== undefined ? { body: req.body } : {}) } } : {}),
    },
  };
}

export function executionData(e: ExecutionRecord): FlowExecutionData {
  const reason = errorReasonOf(e);
  return {
    id: e.id,
    flowId: e.flowId,
    flowName: e.name,
    ...(e.flowVersion ? { flowVersion: e.flowVersion } : {}),
    flowType: 'WORKFLOW',
    startDateTime: e.startTime,
    ...(e.endTime ? { endDateTime: e.endTime } : {}),
    status: e.status,
    ...(reason ? { flowErrorReason: reason } : {}),
    ...(e.exitReason ? { exitReason: e.exitReason } : {}),
    ...(e.trigger ? { trigger: { id: e.trigger.id, name: e.trigger.name, topic: e.trigger.topic } } : {}),
    inputData: e.inputs,
    outputData: e.outputs ?? {},
    executionItems: e.steps.map(executionItem),
  };
}

/** Download tokens: the document is prepared when the job is asked for, like the WFM download service. */
const downloads = new WeakMap<SandboxContext, Map<string, string>>();

export function flowInstanceJob(ctx: SandboxContext, instanceId: string) {
  const e = executions(ctx).get(instanceId);
  if (!e) throw notFound(`Flow instance ${instanceId} not found`);
  const token = randomBytes(18).toString('base64url');
  const map = downloads.get(ctx) ?? new Map<string, string>();
  downloads.set(ctx, map);
  map.set(token, JSON.stringify(executionData(e)));
  if (map.size > 5000) map.delete(map.keys().next().value!);
  return {
    id: token,
    jobState: 'Success',
    entities: [{ id: e.id, downloadUri: `${ctx.baseUrl()}/sandbox/v1/architect/downloads/${token}`, failed: false, statusCode: '200' }],
    selfUri: `/api/v2/flows/instances/jobs/${token}`,
  };
}

export function flowInstanceDownload(ctx: SandboxContext, token: string): string {
  const doc = downloads.get(ctx)?.get(token);
  if (!doc) throw notFound('The download has expired or never existed.');
  return doc;
}

export function registerFlowInstanceRoutes(router: Router, ctx: SandboxContext): void {
  router.post('/api/v2/flows/instances/query', (req) => queryFlowInstances(ctx, req.body, q1(req.query, 'pageSize')));
  router.get('/api/v2/flows/instances/{instanceId}', (req) => flowInstanceJob(ctx, req.params.instanceId!));
  router.get('/sandbox/v1/architect/downloads/{token}', (req) => textReply(200, flowInstanceDownload(ctx, req.params.token!), 'application/json'), { auth: 'none' });
}
