import { randomBytes, randomUUID } from 'node:crypto';
import type { SandboxContext } from '../../core/context.js';
import type { Caller } from '../../core/router.js';
import { notFound } from '../../core/errors.js';
import type { ArchyMessage, ResolvedReferences } from '../../runtime/archy/api.js';
import { compileWorkflow } from '../../runtime/archy/compile.js';
import { findPublishedAction } from '../integrations/models.js';
import { findFlowByNameAndType, publish, resolveDivision } from './flow.js';
import { datatables, flowJobs, flows, type FlowJobRecord } from './models.js';

/**
 * Flows-jobs import, as Terraform and the Archy CLI drive it: register a job, PUT the Archy YAML
 * to the presigned URL with exactly the returned headers, poll the job. Running the job is what
 * Archy does server side: compile, find the flow by name and type (update it, or create it — a
 * renamed flow is a new flow), publish.
 */

const UPLOAD_TTL_MS = 15 * 60_000;

export function registerJob(ctx: SandboxContext, caller: Caller | undefined) {
  const id = randomUUID();
  const signature = randomBytes(20).toString('hex');
  const headers = { 'Content-Type': 'application/octet-stream', 'x-amz-server-side-encryption': 'AES256', 'x-amz-meta-job-signature': signature };
  flowJobs(ctx).insert({ id, status: 'Registered', command: 'Publish', headers, messages: [], createdByClientId: caller?.clientId, dateCreated: ctx.clock.nowIso() });
  return {
    id,
    presignedUrl: `${ctx.baseUrl()}/sandbox/v1/uploads/${id}?X-Amz-Expires=${UPLOAD_TTL_MS / 1000}&X-Amz-Signature=${signature}`,
    headers,
    selfUri: `/api/v2/flows/jobs/${id}`,
  };
}

/** Why the presigned upload is refused, in S3's terms (routes.ts words S3's XML error body). */
export interface UploadRefusal {
  code: 'SignatureDoesNotMatch' | 'AccessDenied';
  message: string;
}

const badSignature = (detail = ''): UploadRefusal => ({
  code: 'SignatureDoesNotMatch',
  message: `The request signature we calculated does not match the signature you provided.${detail}`,
});

/**
 * The presigned-URL upload. Like S3, it refuses an upload whose signature or headers differ from
 * the signed ones; an accepted upload runs the job. `sentHeaders` is keyed by lower-case name.
 */
export function acceptUpload(ctx: SandboxContext, jobId: string, signature: string | undefined, sentHeaders: Record<string, string | undefined>, yamlText: string): UploadRefusal | undefined {
  const job = flowJobs(ctx).get(jobId);
  if (!job || signature !== job.headers['x-amz-meta-job-signature']) return badSignature();
  if (ctx.clock.now() - new Date(job.dateCreated).getTime() > UPLOAD_TTL_MS) return { code: 'AccessDenied', message: 'Request has expired' };
  for (const [name, value] of Object.entries(job.headers))
    if (sentHeaders[name.toLowerCase()] !== value) return badSignature(` Missing or different signed header: ${name}`);
  if (job.status !== 'Registered') return { code: 'AccessDenied', message: 'The upload for this job has already been received.' };
  job.status = 'Started';
  flowJobs(ctx).put(job);
  // The production profile: the job runs while it is polled, finishing on the drawn poll (CX as
  // Code polls every 15 s for up to 16 minutes); now and then it ends Failure with no messages.
  const polls = ctx.profile.flowJobPolls();
  if (polls > 0) slowJobs(ctx).set(job.id, { pollsLeft: polls, yamlText, silentFailure: ctx.profile.flowJobSilentFailure() });
  else runJob(ctx, job, yamlText);
  return undefined;
}

interface SlowJob {
  pollsLeft: number;
  yamlText: string;
  silentFailure: boolean;
}
// In memory, like the job's run itself: a restarted sandbox has no job in progress.
const slow = new WeakMap<SandboxContext, Map<string, SlowJob>>();
function slowJobs(ctx: SandboxContext): Map<string, SlowJob> {
  let m = slow.get(ctx);
  if (!m) slow.set(ctx, (m = new Map()));
  return m;
}

/** One poll of a job the production profile made slow: the last one settles it. */
function pollSlowJob(ctx: SandboxContext, job: FlowJobRecord): void {
  const s = slowJobs(ctx).get(job.id);
  if (!s) return;
  if (--s.pollsLeft > 0) return;
  slowJobs(ctx).delete(job.id);
  if (!s.silentFailure) return runJob(ctx, job, s.yamlText);
  job.status = 'Failure';
  flowJobs(ctx).put(job);
  ctx.store.flush();
}

export function references(ctx: SandboxContext): ResolvedReferences {
  return {
    findAction: (category, name) => {
      const a = findPublishedAction(ctx, category, name);
      return a ? { id: a.id, contract: { inputSchema: a.contract.input.inputSchema, successSchema: a.contract.output.successSchema } } : undefined;
    },
    findDataTable: (name) => {
      const t = datatables(ctx).find((x) => x.name === name);
      return t ? { id: t.id } : undefined;
    },
  };
}

function runJob(ctx: SandboxContext, job: FlowJobRecord, yamlText: string): void {
  const stamp = (m: ArchyMessage) => ({ ...m, dateTime: ctx.clock.nowIso() });
  const fail = (messages: ArchyMessage[]) => {
    job.status = 'Failure';
    job.messages.push(...messages.map(stamp));
    flowJobs(ctx).put(job);
  };
  let result: ReturnType<typeof compileWorkflow>;
  try {
    result = compileWorkflow(yamlText, references(ctx));
  } catch (e) {
    return fail([{ type: 'Error', text: `Archy failed unexpectedly: ${(e as Error).message}` }]);
  }
  if (!result.ok) return fail(result.messages);
  const division = resolveDivision(ctx, result.division ? { name: result.division } : undefined);
  if (!division) return fail([...result.messages, { type: 'Error', text: `Unable to find a division with the name '${result.division}'.` }]);

  const existing = findFlowByNameAndType(ctx, result.name, result.type);
  if (existing?.lockedClient && existing.lockedClient.id !== job.createdByClientId)
    return fail([...result.messages, { type: 'Error', text: `The flow '${result.name}' is locked by '${existing.lockedClient.name ?? existing.lockedClient.id}' and cannot be published.` }]);
  const flow = flows(ctx).put(
    existing
      ? { ...existing, description: result.description ?? existing.description, division, pending: { definition: result.definition, inputs: result.inputs } }
      : {
          id: randomUUID(),
          name: result.name,
          type: result.type.toUpperCase(),
          description: result.description,
          division,
          active: false,
          deleted: false,
          versionCount: 0,
          pending: { definition: result.definition, inputs: result.inputs },
          dateCreated: ctx.clock.nowIso(),
        },
  );
  publish(ctx, flow.id, undefined);
  job.status = 'Success';
  job.flow = { id: flow.id, name: flow.name };
  job.messages.push(...result.messages.map(stamp));
  flowJobs(ctx).put(job);
}

export function jobView(ctx: SandboxContext, jobId: string, expandMessages: boolean) {
  const job = flowJobs(ctx).get(jobId);
  if (!job) throw notFound(`Architect job ${jobId} not found`);
  pollSlowJob(ctx, job);
  return {
    id: job.id,
    status: job.status,
    command: job.command,
    // ArchitectJobStateResponse.flow is an AddressableEntityRef: id and selfUri.
    ...(job.flow ? { flow: { id: job.flow.id, selfUri: `/api/v2/flows/${job.flow.id}` } } : {}),
    ...(expandMessages ? { messages: job.messages.map((m) => ({ type: m.type, text: m.text, dateTime: m.dateTime })) } : {}),
    selfUri: `/api/v2/flows/jobs/${job.id}`,
  };
}
