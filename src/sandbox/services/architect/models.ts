import type { SandboxContext } from '../../core/context.js';
import type { Collection } from '../../core/store.js';
import type { ArchyMessage } from '../../runtime/archy/api.js';

/**
 * State of the architect API family: flows with their versions, flows-jobs (Archy imports), data
 * tables and their rows. Field names follow Flow, FlowVersion, ArchitectJobStateResponse, Datatable.
 */

/** A published version: what the runtime executes (from `CompileResult`). */
export interface PublishedVersion {
  id: string;
  /** Genesys numbers versions as strings ("1.0", "2.0", …). */
  version: string;
  /** Opaque compiled form from `compileWorkflow` (undefined for a flow published without a configuration). */
  definition: unknown;
  inputs: Array<{ name: string; type: string }>;
  datePublished: string;
}

export interface FlowVersionRef {
  id: string;
  name: string;
  commitVersion?: string;
  configurationVersion?: string;
  dateCreated?: number;
}

export interface FlowRecord {
  id: string;
  name: string;
  /** Upper-case, as the Flow model's enum (`WORKFLOW`). */
  type: string;
  description?: string;
  division: { id: string; name: string };
  active: boolean;
  deleted: boolean;
  publishedVersion?: PublishedVersion;
  checkedInVersion?: FlowVersionRef;
  savedVersion?: FlowVersionRef;
  /** The last configuration imported but not yet published (Archy `create`/`update`), kept for `publish`. */
  pending?: { definition: unknown; inputs: Array<{ name: string; type: string }> };
  lockedClient?: { id: string; name?: string };
  versionCount: number;
  dateCreated: string;
}

export type JobStatus = 'Registered' | 'Started' | 'Success' | 'Failure';

export interface FlowJobRecord {
  id: string;
  status: JobStatus;
  command: 'Publish' | 'Create' | 'Update' | 'Export' | 'Validate';
  /** The headers the upload must carry (as the presigned S3 URL would). */
  headers: Record<string, string>;
  flow?: { id: string; name: string };
  messages: Array<ArchyMessage & { dateTime: string }>;
  createdByClientId?: string;
  dateCreated: string;
}

/** A data table; `schema` is a JSON Schema whose `key` property is the row key. */
export interface DatatableRecord {
  id: string;
  name: string;
  description?: string;
  division: { id: string; name: string };
  schema: DatatableSchema;
}

export interface DatatableSchema {
  $schema?: string;
  type: 'object';
  required: string[];
  properties: Record<string, { type: 'string' | 'integer' | 'number' | 'boolean'; title?: string; displayOrder?: number; default?: unknown; $id?: string; maxLength?: number; minLength?: number; minimum?: number; maximum?: number }>;
  additionalProperties: boolean;
}

/** One row: stored id is `<tableId>/<key>`; `values` holds every column including `key`. */
export interface DatatableRowRecord {
  id: string;
  tableId: string;
  key: string;
  values: Record<string, unknown> & { key: string };
}

export const flows = (ctx: SandboxContext): Collection<FlowRecord> =>
  ctx.store.collection<FlowRecord>('flows', {
    summarize: (f) => ({ type: f.type, active: f.active, publishedVersion: f.publishedVersion?.version }),
  });

export const flowJobs = (ctx: SandboxContext): Collection<FlowJobRecord> =>
  // Jobs are read back only while an import runs; past this many, the oldest settled ones go.
  ctx.store.collection<FlowJobRecord>('flowJobs', { hidden: true, cap: { max: 500, age: (j) => j.dateCreated, evictable: (j) => j.status !== 'Started' } });

export const datatables = (ctx: SandboxContext): Collection<DatatableRecord> =>
  ctx.store.collection<DatatableRecord>('datatables', { summarize: (t) => ({ columns: Object.keys(t.schema.properties) }) });

export const datatableRows = (ctx: SandboxContext): Collection<DatatableRowRecord> =>
  ctx.store.collection<DatatableRowRecord>('datatableRows', { summarize: (r) => ({ tableId: r.tableId, key: r.key }) });

export const rowId = (tableId: string, key: string) => `${tableId}/${key}`;

/** A data table row's values by key (what Archy's `dataTableLookup` reads), or undefined. */
export function lookupRow(ctx: SandboxContext, tableId: string, key: string): Record<string, unknown> | undefined {
  return datatableRows(ctx).get(rowId(tableId, key))?.values;
}

/** The published workflow a trigger can target, or undefined when the flow is missing, deleted, not a workflow or unpublished. */
export function publishedWorkflow(ctx: SandboxContext, flowId: string): { flow: FlowRecord; version: PublishedVersion } | undefined {
  const flow = flows(ctx).get(flowId);
  if (!flow || flow.deleted || flow.type !== 'WORKFLOW' || !flow.publishedVersion) return undefined;
  return { flow, version: flow.publishedVersion };
}
