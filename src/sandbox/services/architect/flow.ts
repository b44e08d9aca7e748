import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SandboxContext } from '../../core/context.js';
import type { Caller } from '../../core/router.js';
import { ApiError, badRequest, conflict, notFound } from '../../core/errors.js';
import { nameMatcher } from '../../core/name-filter.js';
import { divisions, homeDivision } from '../authorization/models.js';
import { triggersTargeting } from '../processautomation/models.js';
import { parseBody } from '../../core/parse-body.js';
import { flows, type FlowRecord } from './models.js';

/**
 * Flows: shells created by `POST /flows`, configurations imported by flows-jobs (Archy), the
 * lock (checkout / checkin / unlock) and publishing. Versions are numbered "1.0", "2.0", … as in
 * Genesys.
 */

/** Flow types as `GET /flows?type=` spells them (lower case); the Flow model spells them upper case. */
export const FLOW_TYPES = [
  'bot', 'commonmodule', 'digitalbot', 'emailsend', 'inboundcall', 'inboundchat', 'inboundemail', 'inboundshortmessage',
  'inqueuecall', 'inqueueemail', 'inqueueshortmessage', 'outboundcall', 'securecall', 'speech', 'surveyinvite', 'voice',
  'voicemail', 'voicesurvey', 'workflow', 'workitem',
] as const;

export const FlowBodySchema = z.object({
  name: z.string({ error: 'name is required' }).min(1, { error: 'name is required' }),
  type: z
    .string({ error: 'type is required' })
    .refine((t) => (FLOW_TYPES as readonly string[]).includes(t.toLowerCase()), { error: `type must be one of ${FLOW_TYPES.map((t) => t.toUpperCase()).join(', ')}` }),
  description: z.string().optional(),
  division: z.object({ id: z.string().min(1) }).optional(),
});

export function getFlow(ctx: SandboxContext, id: string): FlowRecord {
  const f = flows(ctx).get(id);
  if (!f) throw notFound(`Flow ${id} not found`);
  return f;
}

/** The division a flow goes to: by id, by name (Archy's `division: Home`), or the home division. */
export function resolveDivision(ctx: SandboxContext, ref: { id?: string; name?: string } | undefined): { id: string; name: string } | undefined {
  if (!ref?.id && !ref?.name) {
    const h = homeDivision(ctx);
    return { id: h.id, name: h.name };
  }
  const d = ref.id ? divisions(ctx).get(ref.id) : divisions(ctx).find((x) => x.name === ref.name || (ref.name === 'Home' && x.homeDivision));
  return d ? { id: d.id, name: d.name } : undefined;
}

export interface FlowQuery {
  /** `GET /flows?type=` spelling (lower case); any case is accepted. */
  types?: readonly string[];
  ids?: readonly string[];
  /** Case-insensitive, `*` a wildcard. */
  name?: string;
  includeDeleted?: boolean;
  /** A Flow field; Genesys's default is `id`. */
  sortBy?: string;
  descending?: boolean;
}

export function listFlows(ctx: SandboxContext, q: FlowQuery): FlowRecord[] {
  const types = (q.types ?? []).map((t) => t.toLowerCase());
  const ids = q.ids ?? [];
  const matchName = nameMatcher(q.name);
  const sortBy = q.sortBy ?? 'id';
  const key = (f: FlowRecord) => String((f as unknown as Record<string, unknown>)[sortBy] ?? '');
  const list = flows(ctx)
    .filter((f) => (!types.length || types.includes(f.type.toLowerCase())) && (!ids.length || ids.includes(f.id)) && matchName(f.name) && (q.includeDeleted || !f.deleted))
    .sort((a, b) => key(a).localeCompare(key(b)) || a.id.localeCompare(b.id));
  return q.descending ? list.reverse() : list;
}

export const findFlowByNameAndType = (ctx: SandboxContext, name: string, type: string) =>
  flows(ctx).find((f) => f.name.toLowerCase() === name.toLowerCase() && f.type === type.toUpperCase());

function checkUniqueName(ctx: SandboxContext, name: string, type: string, exceptId?: string): void {
  const clash = findFlowByNameAndType(ctx, name, type);
  if (clash && clash.id !== exceptId) throw conflict(`A flow named '${name}' of type ${type.toUpperCase()} already exists (${clash.id})`, 'flow.name.conflict');
}

export function createFlow(ctx: SandboxContext, body: unknown, caller: Caller | undefined): FlowRecord {
  const input = parseBody(FlowBodySchema, body);
  checkUniqueName(ctx, input.name, input.type);
  const division = resolveDivision(ctx, input.division);
  if (!division) throw badRequest(`division.id: division ${input.division?.id} does not exist`);
  // A new flow starts checked out to its creator, as in Architect.
  return flows(ctx).insert({
    id: randomUUID(),
    name: input.name,
    type: input.type.toUpperCase(),
    description: input.description,
    division,
    active: false,
    deleted: false,
    ...(caller ? { lockedClient: { id: caller.clientId, name: caller.clientName } } : {}),
    versionCount: 0,
    dateCreated: ctx.clock.nowIso(),
  });
}

export function updateFlow(ctx: SandboxContext, id: string, body: unknown, caller: Caller | undefined): FlowRecord {
  const f = getFlow(ctx, id);
  const input = parseBody(FlowBodySchema, body);
  if (input.type.toUpperCase() !== f.type) throw badRequest(`type: a flow's type cannot change (${f.type})`);
  checkLockFor(f, caller);
  checkUniqueName(ctx, input.name, input.type, id);
  const division = input.division ? resolveDivision(ctx, input.division) : f.division;
  if (!division) throw badRequest(`division.id: division ${input.division?.id} does not exist`);
  return flows(ctx).put({ ...f, name: input.name, description: input.description, division });
}

/**
 * Deleting a flow that a trigger targets is refused with 409. Unverified against Genesys (which
 * answers 409 on some flow deletes, per CX as Code's retries); refusing keeps triggers from
 * pointing at nothing.
 */
export function deleteFlow(ctx: SandboxContext, id: string, caller: Caller | undefined): void {
  const f = getFlow(ctx, id);
  const users = triggersTargeting(ctx, id);
  if (users.length)
    throw conflict(
      `Flow '${f.name}' cannot be deleted: it is the target of process automation trigger(s) ${users.map((t) => `'${t.name}' (${t.id})`).join(', ')}. Delete or retarget the trigger(s) first.`,
      'flow.in.use',
    );
  checkLockFor(f, caller);
  flows(ctx).delete(id);
}

export function checkLockFor(f: FlowRecord, caller: Caller | undefined): void {
  if (f.lockedClient && caller && f.lockedClient.id !== caller.clientId)
    throw new ApiError(409, 'flow.locked', `Flow '${f.name}' is locked by client '${f.lockedClient.name ?? f.lockedClient.id}'. Unlock it first (POST /api/v2/flows/actions/unlock?flow=${f.id}).`);
}

export function checkout(ctx: SandboxContext, id: string, caller: Caller | undefined): FlowRecord {
  const f = getFlow(ctx, id);
  checkLockFor(f, caller);
  return flows(ctx).put({ ...f, ...(caller ? { lockedClient: { id: caller.clientId, name: caller.clientName } } : {}) });
}

export function unlock(ctx: SandboxContext, id: string): FlowRecord {
  const f = getFlow(ctx, id);
  const { lockedClient: _l, ...rest } = f;
  return flows(ctx).put(rest);
}

/** Check-in saves the pending configuration as a version and releases the lock. */
export function checkin(ctx: SandboxContext, id: string, caller: Caller | undefined): FlowRecord {
  const f = getFlow(ctx, id);
  checkLockFor(f, caller);
  const { lockedClient: _l, ...rest } = f;
  if (!f.pending) return flows(ctx).put(rest);
  const n = f.versionCount + 1;
  return flows(ctx).put({ ...rest, versionCount: n, checkedInVersion: { id: `${n}.0`, name: `${n}.0`, commitVersion: `${n}.0`, configurationVersion: `${n}.0`, dateCreated: ctx.clock.now() } });
}

/** Publishes the flow's latest configuration as a new version (what Archy's publish ends with). */
export function publish(ctx: SandboxContext, id: string, caller: Caller | undefined): FlowRecord {
  const f = getFlow(ctx, id);
  checkLockFor(f, caller);
  const config = f.pending ?? (f.publishedVersion ? { definition: f.publishedVersion.definition, inputs: f.publishedVersion.inputs } : undefined);
  if (!config) throw badRequest(`Flow '${f.name}' has no configuration to publish; import one with POST /api/v2/flows/jobs`);
  const n = f.versionCount + 1;
  const v = `${n}.0`;
  const { lockedClient: _l, pending: _p, ...rest } = f;
  return flows(ctx).put({
    ...rest,
    active: true,
    versionCount: n,
    publishedVersion: { id: v, version: v, definition: config.definition, inputs: config.inputs, datePublished: ctx.clock.nowIso() },
    checkedInVersion: { id: v, name: v, commitVersion: v, configurationVersion: v, dateCreated: ctx.clock.now() },
  });
}

// ---- views -------------------------------------------------------------------------------------

const versionView = (flowId: string, v: { id: string; name?: string }, extra: Record<string, unknown> = {}) => ({
  id: v.id,
  name: v.name ?? v.id,
  commitVersion: v.id,
  configurationVersion: v.id,
  ...extra,
  selfUri: `/api/v2/flows/${flowId}/versions/${v.id}`,
});

/** Flow inputs as a JSON schema (what `includeSchemas` shows; Archy's `Flow.x` inputs become properties `Flow.x`). */
const inputSchema = (inputs: Array<{ name: string; type: string }>) => ({
  type: 'object',
  properties: Object.fromEntries(inputs.map((i) => [i.name, { type: i.type }])),
});

export function flowView(f: FlowRecord, opts: { schemas?: boolean } = {}) {
  const p = f.publishedVersion;
  return {
    id: f.id,
    name: f.name,
    description: f.description,
    division: { ...f.division, selfUri: `/api/v2/authorization/divisions/${f.division.id}` },
    type: f.type,
    active: f.active,
    system: false,
    deleted: f.deleted,
    ...(p ? { publishedVersion: versionView(f.id, p, { datePublished: p.datePublished, ...(opts.schemas ? { inputSchema: inputSchema(p.inputs) } : {}) }) } : {}),
    ...(f.checkedInVersion ? { checkedInVersion: versionView(f.id, f.checkedInVersion) } : {}),
    ...(f.savedVersion ? { savedVersion: versionView(f.id, f.savedVersion) } : {}),
    ...(f.lockedClient ? { lockedClient: { ...f.lockedClient, selfUri: `/api/v2/oauth/clients/${f.lockedClient.id}` } } : {}),
    ...(opts.schemas && p ? { inputSchema: inputSchema(p.inputs) } : {}),
    selfUri: `/api/v2/flows/${f.id}`,
  };
}

/** `Operation` returned by publish / checkin: the sandbox finishes at once. */
export const operationView = (action: 'PUBLISH' | 'CHECKIN', caller: Caller | undefined) => ({
  id: randomUUID(),
  complete: true,
  actionName: action,
  actionStatus: 'SUCCESS',
  ...(caller ? { client: { id: caller.clientId, name: caller.clientName } } : {}),
});
