import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse, parseDocument } from 'yaml';
import { z } from 'zod';
import { contextOf, type ResourceContext } from './context.js';
import { Diff } from './diff.js';
import { entityApi } from './entity-api.js';
import { InUseError, ResourceError } from './writes.js';
import { GenesysError } from '../genesys/errors.js';
import { BoundedCache } from '../util/bounded-cache.js';
import { debug } from '../genesys/log.js';
import { whileWaitingOn } from '../genesys/waits.js';
import type { GenesysClient } from '../genesys/client.js';
import type { Observed, ResourceModule } from './types.js';

/**
 * An Architect workflow, from Archy YAML. It goes in the way a real org takes it: the flows-jobs
 * API (register a job → PUT the YAML to the presigned URL with the returned headers → poll the
 * job), which runs Archy server side — it finds the flow by name and type, creates or updates it,
 * and publishes. `{{placeholder}}` substitutions are Archy's `--optionsFile` syntax.
 */
export const WorkflowSpecSchema = z
  .strictObject({
    /** Archy YAML file (path resolved by the manifest loader)… */
    file: z.string().min(1).optional(),
    /** …or the YAML itself. */
    yaml: z.string().min(1).optional(),
    substitutions: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).default({}),
    /**
     * The name the YAML declares, when the manifest imports the flow under another (a `namePrefix`):
     * checked as the manifest's name is otherwise, then replaced by it (Archy finds flows by name).
     */
    declaredName: z.string().min(1).optional(),
    /** The flow's description; when set, it replaces the one the YAML declares (it carries the ownership mark). */
    description: z.string().max(512).optional(),
    /** Upper bound on waiting for the import job (Terraform waits 16 minutes). */
    timeoutSeconds: z.number().int().min(1).max(3600).default(960),
  })
  .refine((s) => !!s.file !== !!s.yaml, { error: 'give exactly one of file (Archy YAML) and yaml' });
export type WorkflowSpec = z.infer<typeof WorkflowSpecSchema>;

export interface FlowEntity {
  id: string;
  name: string;
  type?: string;
  publishedVersion?: { id: string; version?: string };
  lockedClient?: { id: string; name?: string };
  description?: string;
  deleted?: boolean;
}

interface JobRegistration {
  id: string;
  presignedUrl: string;
  headers?: Record<string, string>;
}

interface JobState {
  id: string;
  status: 'Registered' | 'Started' | 'Success' | 'Failure';
  command?: string;
  flow?: { id: string; name?: string };
  messages?: Array<{ type?: string; text?: string; details?: unknown[] }>;
}

const PLACEHOLDER = /\{\{\s*([\w.-]+)\s*\}\}/g;

/** Archy substitution: every `{{key}}` replaced; one left without a value is an error naming it. */
export function renderWorkflow(text: string, substitutions: Record<string, string | number | boolean>, source = 'workflow'): string {
  const missing = new Set<string>();
  const out = text.replace(PLACEHOLDER, (m, key: string) => {
    if (!(key in substitutions)) {
      missing.add(key);
      return m;
    }
    return String(substitutions[key]);
  });
  if (missing.size) throw new ResourceError(`${source}: no value for ${[...missing].map((k) => `{{${k}}}`).join(', ')} — add ${[...missing].join(', ')} to the workflow's substitutions`);
  return out;
}

/** The YAML a spec means, substitutions applied. */
export function workflowYaml(spec: WorkflowSpec): string {
  let text = spec.yaml;
  if (spec.file) {
    try {
      text = readFileSync(spec.file, 'utf8');
    } catch {
      throw new ResourceError(`${spec.file}: file not found`);
    }
  }
  return renderWorkflow(text!, spec.substitutions, spec.file ?? 'workflow');
}

/** The flow name and type the YAML declares (`workflow: {name: …}`). */
export function declaredFlow(yamlText: string, source = 'workflow'): { type: string; name: string } {
  return { ...declaredFlows.get(yamlText, () => readDeclaredFlow(yamlText, source)) };
}

/** A plan checks every workflow's YAML, and apply renders it again to import it: parsed once per text. */
const declaredFlows = new BoundedCache<{ type: string; name: string }>(64);
const editedYaml = new BoundedCache<string>(64);

/** The YAML with one field of the flow set (its name, its description), as Archy reads it. */
function withFlowField(text: string, type: string, field: 'name' | 'description', value: string): string {
  return editedYaml.get(`${type}\0${field}\0${value}\0${text}`, () => {
    const doc = parseDocument(text);
    doc.setIn([type, field], value);
    return String(doc);
  });
}

function readDeclaredFlow(yamlText: string, source: string): { type: string; name: string } {
  let doc: unknown;
  try {
    doc = parse(yamlText);
  } catch (e) {
    throw new ResourceError(`${source}: not valid YAML (${(e as Error).message.split('\n')[0]})`);
  }
  const [type, body] = (doc && typeof doc === 'object' ? Object.entries(doc)[0] : undefined) ?? [];
  const name = (body as { name?: unknown } | undefined)?.name;
  if (!type || typeof name !== 'string') throw new ResourceError(`${source}: expected an Archy flow (e.g. "workflow:" with a name)`);
  return { type, name };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

const observe = (f: FlowEntity): Observed<FlowEntity> => ({ id: f.id, name: f.name, actual: f });

const api = entityApi<FlowEntity, FlowEntity>({
  key: 'workflow',
  noun: 'workflow',
  path: '/api/v2/flows',
  listQuery: { type: 'workflow' },
  named: (f, name) => f.name === name && !f.deleted,
  // Flow names are unique per type ignoring case (Archy finds "set gc user to busy" for ours): assumed, as the sandbox (architect/flow.ts).
  caseInsensitive: true,
  observe,
  inUseHint: 'delete or repoint the triggers that target it, then destroy again',
});

export const listWorkflows: (ctx: ResourceContext) => Promise<FlowEntity[]> = api.list;

/** CX as Code polls a flows job every 15 s; the first polls come sooner (most jobs take seconds). */
const MAX_POLL_MS = 15_000;

/**
 * Polls with growing pauses (0.25 s → 15 s) until `step` answers, or `timeoutSeconds` of waiting
 * have passed. Each pause is announced with what is awaited, its last state and the time so far
 * (the CLI's progress line), and is the client's `pause` — real time, or a test's sandbox clock.
 */
async function poll<T>(ctx: ResourceContext, what: string, timeoutSeconds: number, step: () => Promise<{ done: T } | { state: string }>): Promise<{ value: T; polls: number; waitedMs: number }> {
  let waitedMs = 0;
  for (let polls = 1, wait = 250; ; polls++, wait = Math.min(wait * 2, MAX_POLL_MS)) {
    const r = await step();
    if ('done' in r) return { value: r.done, polls, waitedMs };
    if (waitedMs + wait > timeoutSeconds * 1000) throw new ResourceError(`${what} did not finish within ${timeoutSeconds} s (${polls} polls, last ${r.state}) — check Admin > Architect, then apply again`);
    await whileWaitingOn(`${what}: ${r.state} after ${polls} poll(s), ${Math.round(waitedMs / 1000)} s so far (up to ${timeoutSeconds} s)`, () => ctx.client.pause(wait), wait);
    waitedMs += wait;
  }
}

/**
 * A flows job that ends `Failure` with no message has failed for no reason the YAML holds (CX as
 * Code reports "no tracing messages available" and gives up); the import is repeated, at most this
 * many times in all, as importing by name is idempotent.
 */
const SILENT_FAILURE_ATTEMPTS = 3;

/** One flows job: register, upload, poll to Success or Failure. */
async function runImportJob(ctx: ResourceContext, yamlText: string, name: string, timeout: number): Promise<JobState & { id: string }> {
  const job = await ctx.client.request<JobRegistration>('POST', '/api/v2/flows/jobs');
  await ctx.client.fetchUrl(job.presignedUrl, { method: 'PUT', headers: job.headers ?? {}, body: yamlText });
  const r = await poll<JobState>(ctx, `the Architect import job for workflow "${name}"`, timeout, async () => {
    const s = await ctx.client.request<JobState>('GET', `/api/v2/flows/jobs/${job.id}`, { query: { expand: 'messages' } });
    debug(`flows job ${job.id}: ${s.status}`);
    return s.status === 'Success' || s.status === 'Failure' ? { done: s } : { state: s.status };
  });
  if (r.polls > 1) debug(`waited ${Math.round(r.waitedMs / 1000)} s (${r.polls} polls) for the Architect import job ${job.id} of workflow "${name}": ${r.value.status}`);
  return { ...r.value, id: job.id };
}

/**
 * Imports and publishes Archy YAML through the flows-jobs API; answers the flow. A failed job's
 * Archy messages are surfaced verbatim; a job that failed without any is run again (bounded).
 */
export async function importWorkflow(c: ResourceContext | GenesysClient, yamlText: string, opts: { name?: string; timeoutSeconds?: number } = {}): Promise<FlowEntity> {
  const ctx = contextOf(c);
  const name = opts.name ?? declaredFlow(yamlText).name;
  const timeout = opts.timeoutSeconds ?? 960;
  const silent: string[] = [];
  let done = await runImportJob(ctx, yamlText, name, timeout);
  while (done.status === 'Failure' && !(done.messages ?? []).some((m) => m.text) && silent.length + 1 < SILENT_FAILURE_ATTEMPTS) {
    silent.push(done.id);
    debug(`flows job ${done.id} for workflow "${name}" failed without a message; importing again (${silent.length + 1} of ${SILENT_FAILURE_ATTEMPTS})`);
    done = await runImportJob(ctx, yamlText, name, timeout);
  }
  if (done.status === 'Failure') {
    const messages = (done.messages ?? []).filter((m) => m.text).map((m) => `${m.type ?? 'Error'}: ${m.text}`);
    const jobs = [...silent, done.id];
    throw new ResourceError(
      `Archy could not import workflow "${name}": ${messages.join(' | ') || `the job failed without a message ${jobs.length} time(s) (jobs ${jobs.join(', ')}) — check Admin > Architect, then apply again`}`,
    );
  }
  api.invalidate(ctx);
  const flowId = done.flow?.id ?? (await api.find(ctx, name))?.id;
  if (!flowId) throw new ResourceError(`the Architect import job for workflow "${name}" succeeded but named no flow`);
  return ensurePublished(ctx, flowId, name, timeout);
}

/** The import job publishes; if the flow still has no published version, publish it and wait. */
async function ensurePublished(ctx: ResourceContext, flowId: string, name: string, timeout: number): Promise<FlowEntity> {
  const flow = await ctx.client.request<FlowEntity>('GET', `/api/v2/flows/${flowId}`);
  if (flow.publishedVersion?.id) return flow;
  await ctx.client.request('POST', '/api/v2/flows/actions/publish', { query: { flow: flowId } });
  const r = await poll<FlowEntity>(ctx, `publishing workflow "${name}"`, timeout, async () => {
    const f = await ctx.client.request<FlowEntity>('GET', `/api/v2/flows/${flowId}`);
    return f.publishedVersion?.id ? { done: f } : { state: 'not yet published' };
  });
  return r.value;
}

/** The YAML a spec means, checked to declare the flow under the manifest's name (Archy finds flows by name). */
export function namedWorkflowYaml(name: string, spec: WorkflowSpec): string {
  const text = workflowYaml(spec);
  const declared = declaredFlow(text, spec.file);
  const expected = spec.declaredName ?? name;
  if (declared.name !== expected) {
    throw new ResourceError(
      `${spec.file ?? 'workflow'}: the YAML names the flow "${declared.name}" but the manifest says "${expected}"${spec.declaredName ? ' (declaredName)' : ''} — make them the same (Archy finds flows by name)`,
    );
  }
  if (expected === name) return text;
  return withFlowField(text, declared.type, 'name', name);
}

/** The YAML as imported: the spec's description (with the ownership mark) set on the flow — by apply and by the Postman collections. */
export function importedYaml(name: string, spec: WorkflowSpec): string {
  const text = namedWorkflowYaml(name, spec);
  if (spec.description === undefined) return text;
  return withFlowField(text, declaredFlow(text, spec.file).type, 'description', spec.description);
}

async function put(ctx: ResourceContext, name: string, spec: WorkflowSpec): Promise<Observed<FlowEntity>> {
  return observe(await importWorkflow(ctx, importedYaml(name, spec), { name, timeoutSeconds: spec.timeoutSeconds }));
}

/**
 * Genesys answers some flow deletes 409 for a while (a publish still settling); CX as Code retries
 * a 409 on delete for 30 s, and so does this. A 409 that says why the flow cannot go — a trigger
 * targets it, a client holds its lock — will not pass by waiting, and is reported at once; one
 * that outlasts the 30 s is reported as the flow being in use.
 */
const DELETE_CONFLICT_MS = 30_000;
const LASTING_CONFLICTS = new Set(['flow.in.use', 'flow.locked']);

async function deleteFlow(ctx: ResourceContext, current: Observed<FlowEntity>): Promise<void> {
  for (let waited = 0, wait = 1000; ; waited += wait, wait = Math.min(wait * 2, 8000)) {
    try {
      return await api.remove(ctx, current);
    } catch (e) {
      const conflict = e instanceof InUseError && e.cause instanceof GenesysError && e.cause.status === 409 && !LASTING_CONFLICTS.has(e.cause.code);
      if (!conflict || waited + wait > DELETE_CONFLICT_MS) throw e;
      debug(`deleting workflow "${current.name}" answered 409; trying again in ${wait} ms`);
      await whileWaitingOn(`deleting workflow "${current.name}": 409 after ${Math.round(waited / 1000)} s, trying again (up to ${DELETE_CONFLICT_MS / 1000} s)`, () => ctx.client.pause(wait), wait);
    }
  }
}

export const workflow: ResourceModule<WorkflowSpec, FlowEntity> = {
  kind: 'workflow',
  label: 'workflow',
  schema: WorkflowSpecSchema,
  permissions: {
    read: ['architect:flow:view'],
    create: ['architect:job:create', 'architect:job:view', 'architect:flow:add', 'architect:flow:publish'],
    update: ['architect:job:create', 'architect:job:view', 'architect:flow:edit', 'architect:flow:publish'],
    delete: ['architect:flow:delete'],
  },
  endpoints: {
    read: ['GET /api/v2/flows', 'GET /api/v2/flows/{flowId}'],
    // Archy's path: a flows job (register, upload the YAML to the presigned URL, poll), then the flow.
    create: ['POST /api/v2/flows/jobs', 'PUT {presignedUrl}', 'GET /api/v2/flows/jobs/{jobId}', 'GET /api/v2/flows/{flowId}', 'POST /api/v2/flows/actions/publish'],
    // …and, at teardown, a flow presence-kit adopted but cannot put back loses its adoption mark (PUT: description only).
    update: ['POST /api/v2/flows/jobs', 'PUT {presignedUrl}', 'GET /api/v2/flows/jobs/{jobId}', 'GET /api/v2/flows/{flowId}', 'POST /api/v2/flows/actions/publish', 'PUT /api/v2/flows/{flowId}'],
    delete: ['DELETE /api/v2/flows/{flowId}'],
  },
  // The flows job creates or updates the flow itself: Genesys checks flow add/edit, which the
  // catalog's requirements of the job endpoints (architect:job:*) do not name.
  beyondCatalog: { create: ['architect:flow:add'], update: ['architect:flow:edit'] },
  opaque: ['file', 'yaml', 'substitutions'],
  fingerprint: (_name, spec) => sha(workflowYaml(spec)),
  check: (name, spec) => void namedWorkflowYaml(name, spec),
  revision: (current) => current.actual.publishedVersion?.id,
  mark: {
    field: 'description',
    read: (c) => c.actual.description,
    // PUT /api/v2/flows/{flowId} changes the flow's name and description, leaving its published versions alone.
    rewrite: async (ctx, current, description) => {
      await ctx.client.request('PUT', api.at(current.id), { body: { name: current.name, type: current.actual.type ?? 'WORKFLOW', description } });
      api.invalidate(ctx);
    },
  },
  listAll: api.listAll,
  cannotRestore: 'an Architect import replaces a flow whole, and its earlier content cannot be put back through the API',
  find: api.find,
  async read(ctx, id) {
    const listed = (await listWorkflows(ctx)).find((x) => x.id === id);
    if (listed) return observe(listed);
    const f = await api.get(ctx, id);
    return f && !f.deleted ? observe(f) : undefined;
  },
  create: put,
  async update(ctx, current, name, spec) {
    const r = await put(ctx, name, spec);
    // Archy finds flows by name: a renamed workflow is imported as a new flow. The old one is
    // retired once nothing needs it any more (a trigger is repointed later in the same run).
    return r.id !== current.id ? { ...r, replaced: current } : r;
  },
  delete: deleteFlow,
  diff(name, _spec, current) {
    const d = new Diff().check('name', name, current.name).check('description', _spec.description, current.actual.description ?? '');
    if (!current.actual.publishedVersion?.id) d.add({ field: 'publishedVersion', from: null, to: 'published', note: 'not published' });
    return d.changes;
  },
};
