import type { SandboxContext } from '../../core/context.js';
import { ApiError, badRequest } from '../../core/errors.js';
import { qBool, type Router } from '../../core/router.js';
import { getDraft, getPublished } from '../../services/integrations/data-action.js';
import type { ActionRecord } from '../../services/integrations/models.js';
import { executeAction, flattenOutput, type ActionFailure } from './execute.js';

/**
 * `POST /api/v2/integrations/actions/{actionId}/execute` (the result, or the failure as an error
 * body), `…/test` and `…/draft/test` (TestExecutionResult: every step, never an HTTP error for a
 * failing action).
 */
const asInput = (body: unknown): Record<string, unknown> => {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw badRequest('The request body must be a JSON object of the action inputs.');
  return body as Record<string, unknown>;
};

function asApiError(f: ActionFailure): ApiError {
  return new ApiError(f.status, f.errorCode.toLowerCase().replace(/_/g, '.'), f.userMessage, {
    details: f.details,
    errors: f.errors.map((e) => ({ message: e.userMessage, code: String(e.errorCode ?? '').toLowerCase().replace(/_/g, '.'), status: e.status, messageParams: {}, details: [], errors: [] })),
    ...(f.entityId ? { entityId: f.entityId } : {}),
    ...(f.entityName ? { entityName: f.entityName } : {}),
  });
}

async function test(ctx: SandboxContext, action: ActionRecord, input: Record<string, unknown>) {
  const r = await executeAction(ctx, action, input);
  return {
    operations: r.trace.operations,
    ...(r.ok ? { finalResult: r.output } : { error: { message: r.error.userMessage, code: r.error.errorCode, status: r.error.status } }),
    success: r.ok,
  };
}

export function registerActionRoutes(router: Router, ctx: SandboxContext): void {
  router.post('/api/v2/integrations/actions/{actionId}/execute', async (req) => {
    const r = await executeAction(ctx, getPublished(ctx, req.params.actionId!), asInput(req.body));
    if (!r.ok) throw asApiError(r.error);
    return qBool(req.query, 'flatten') ? flattenOutput(r.output) : r.output;
  });
  router.post('/api/v2/integrations/actions/{actionId}/test', (req) => test(ctx, getPublished(ctx, req.params.actionId!), asInput(req.body)));
  router.post('/api/v2/integrations/actions/{actionId}/draft/test', (req) => test(ctx, getDraft(ctx, req.params.actionId!), asInput(req.body)));
}
