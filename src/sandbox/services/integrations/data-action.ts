import { randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../core/context.js';
import { ApiError, badRequest, conflict, notFound, versionMismatch } from '../../core/errors.js';
import type { Collection } from '../../core/store.js';
import {
  PostActionInputSchema,
  PublishDraftInputSchema,
  UpdateActionInputSchema,
  UpdateDraftInputSchema,
} from '../../../model/data-action.js';
import { parseBody } from '../../core/parse-body.js';
import { actionDrafts, actions, integrationType, integrations, type ActionRecord } from './models.js';

/**
 * Data actions: published actions and drafts share an id (`custom_-_<uuid>`). Creating through
 * `/actions` publishes at once; `/actions/drafts` creates a draft only; publishing a draft
 * replaces the published action and removes the draft. Every change bumps `version`, and a
 * stale `version` answers 409.
 */

export const newActionId = () => `custom_-_${randomUUID()}`;

function checkIntegration(ctx: SandboxContext, integrationId: string): void {
  const i = integrations(ctx).get(integrationId);
  if (!i) throw badRequest(`integrationId: integration ${integrationId} does not exist`);
  if (!integrationType(i.integrationType.id)?.dataActions)
    throw badRequest(`integrationId: integration ${integrationId} is of type '${i.integrationType.id}', which does not support data actions`);
}

/** Names are unique within an integration, published or draft (Genesys refuses duplicates; exact status unverified). */
function checkUniqueName(ctx: SandboxContext, integrationId: string, name: string, exceptId?: string): void {
  const clash = [...actions(ctx).list(), ...actionDrafts(ctx).list()].find(
    (a) => a.integrationId === integrationId && a.name === name && a.id !== exceptId,
  );
  if (clash) throw conflict(`An action named '${name}' already exists in integration ${integrationId}`);
}

function build(ctx: SandboxContext, body: unknown): ActionRecord {
  const input = parseBody(PostActionInputSchema, body);
  checkIntegration(ctx, input.integrationId);
  checkUniqueName(ctx, input.integrationId, input.name);
  const now = ctx.clock.nowIso();
  return {
    id: newActionId(),
    name: input.name,
    category: input.category,
    integrationId: input.integrationId,
    secure: input.secure ?? false,
    version: 1,
    config: input.config,
    contract: input.contract,
    dateCreated: now,
    dateModified: now,
  };
}

export const createPublishedAction = (ctx: SandboxContext, body: unknown) => actions(ctx).insert(build(ctx, body));
export const createDraftAction = (ctx: SandboxContext, body: unknown) => actionDrafts(ctx).insert(build(ctx, body));

function get(col: Collection<ActionRecord>, id: string, what: string): ActionRecord {
  const a = col.get(id);
  if (!a) throw notFound(`${what} ${id} not found`);
  return a;
}
export const getPublished = (ctx: SandboxContext, id: string) => get(actions(ctx), id, 'Action');
export const getDraft = (ctx: SandboxContext, id: string) => get(actionDrafts(ctx), id, 'Draft of action');

function checkVersion(given: number, current: ActionRecord): void {
  if (given !== current.version) throw versionMismatch('action');
}

export function updateDraft(ctx: SandboxContext, id: string, body: unknown): ActionRecord {
  const draft = getDraft(ctx, id);
  const input = parseBody(UpdateDraftInputSchema, body);
  checkVersion(input.version, draft);
  if (input.name !== undefined) checkUniqueName(ctx, draft.integrationId, input.name, id);
  return actionDrafts(ctx).put({
    ...draft,
    name: input.name ?? draft.name,
    category: input.category ?? draft.category,
    secure: input.secure ?? draft.secure,
    config: input.config ?? draft.config,
    contract: input.contract ?? draft.contract,
    version: draft.version + 1,
    dateModified: ctx.clock.nowIso(),
  });
}

/** A new draft copied from the published action (one draft at a time). */
export function draftFromPublished(ctx: SandboxContext, id: string): ActionRecord {
  const published = getPublished(ctx, id);
  if (actionDrafts(ctx).has(id)) throw conflict(`Action ${id} already has a draft`);
  return actionDrafts(ctx).insert({ ...published, dateModified: ctx.clock.nowIso() });
}

export function publishDraft(ctx: SandboxContext, id: string, body: unknown): ActionRecord {
  const draft = getDraft(ctx, id);
  const input = parseBody(PublishDraftInputSchema, body);
  checkVersion(input.version, draft);
  const previous = actions(ctx).get(id);
  actionDrafts(ctx).delete(id);
  return actions(ctx).put({ ...draft, version: Math.max(draft.version, previous?.version ?? 0) + 1, dateModified: ctx.clock.nowIso() });
}

export function updatePublished(ctx: SandboxContext, id: string, body: unknown): ActionRecord {
  const a = getPublished(ctx, id);
  const raw = (body ?? {}) as Record<string, unknown>;
  // Genesys's UpdateActionInput has no contract/secure: they can only change through a draft.
  for (const f of ['contract', 'secure'] as const)
    if (raw[f] !== undefined) throw badRequest(`${f} cannot be changed on a published action; create a draft (POST /api/v2/integrations/actions/${id}/draft), edit it and publish it`);
  const input = parseBody(UpdateActionInputSchema, body);
  checkVersion(input.version, a);
  if (input.name !== undefined) checkUniqueName(ctx, a.integrationId, input.name, id);
  return actions(ctx).put({
    ...a,
    name: input.name ?? a.name,
    category: input.category ?? a.category,
    config: input.config ?? a.config,
    version: a.version + 1,
    dateModified: ctx.clock.nowIso(),
  });
}

export function deleteAction(ctx: SandboxContext, id: string): void {
  const had = actions(ctx).delete(id) || actionDrafts(ctx).delete(id);
  if (!had) throw notFound(`Action ${id} not found`);
  actionDrafts(ctx).delete(id);
}

export function deleteDraft(ctx: SandboxContext, id: string): void {
  getDraft(ctx, id);
  actionDrafts(ctx).delete(id);
}

/** The raw Velocity text of `requesttemplate.vm` / `successtemplate.vm`. */
export function template(a: ActionRecord, fileName: string): string {
  if (fileName === 'requesttemplate.vm') return a.config.request.requestTemplate ?? '';
  if (fileName === 'successtemplate.vm') return a.config.response.successTemplate ?? '';
  throw new ApiError(404, 'not.found', `Template ${fileName} not found; use requesttemplate.vm or successtemplate.vm`);
}

// ---- listing and views -------------------------------------------------------------------------

export interface ActionFilter {
  category?: string;
  /** Partial, case-insensitive: Genesys matches "partial or complete" names. */
  name?: string;
  ids?: string[];
  secure?: boolean;
}

export function filterActions(list: ActionRecord[], f: ActionFilter): ActionRecord[] {
  const name = f.name?.toLowerCase();
  return list
    .filter((a) => f.category === undefined || a.category === f.category)
    .filter((a) => name === undefined || a.name.toLowerCase().includes(name))
    .filter((a) => !f.ids?.length || f.ids.includes(a.id))
    .filter((a) => f.secure === undefined || a.secure === f.secure);
}

export function sortActions(list: ActionRecord[], sortBy = 'name', sortOrder = 'asc'): ActionRecord[] {
  const key = (a: ActionRecord) => String((a as unknown as Record<string, unknown>)[sortBy] ?? '');
  const dir = sortOrder.toLowerCase() === 'desc' ? -1 : 1;
  return [...list].sort((a, b) => dir * (key(a).localeCompare(key(b)) || a.id.localeCompare(b.id)));
}

export function actionView(a: ActionRecord, opts: { config?: boolean; contract?: boolean; draft?: boolean } = {}) {
  return {
    id: a.id,
    name: a.name,
    category: a.category,
    integrationId: a.integrationId,
    secure: a.secure,
    version: a.version,
    ...(opts.config ? { config: a.config } : {}),
    ...(opts.contract ? { contract: a.contract } : {}),
    selfUri: `/api/v2/integrations/actions/${a.id}${opts.draft ? '/draft' : ''}`,
  };
}
