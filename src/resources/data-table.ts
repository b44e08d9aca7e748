import { z } from 'zod';
import { allPages } from './paging.js';
import type { ResourceContext } from './context.js';
import { Diff } from './diff.js';
import { entityApi } from './entity-api.js';
import { createOnce, deleteGone, readOrUndefined } from './writes.js';
import type { Change, Observed, ResourceModule } from './types.js';

/**
 * An Architect data table (`/api/v2/flows/datatables`) and the rows presence-kit manages in it.
 * The key column is always `key` (Genesys's convention), titled as the admin UI shows it; rows are
 * given as a list of `{key, …columns}` or as a map `key → value` of the single `valueColumn`.
 * Rows the manifest does not name are left alone: admins may add their own.
 */
const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean'] as const;
type Cell = string | number | boolean;

export const DataTableSpecSchema = z
  .strictObject({
    description: z.string().max(512).optional(),
    keyTitle: z.string().min(1).default('key'),
    columns: z.record(z.string().regex(/^(?!key$)[\w -]+$/, { error: 'column names are letters, digits, spaces, - and _ (and not "key")' }), z.enum(COLUMN_TYPES)),
    rows: z.union([z.array(z.looseObject({ key: z.string().min(1) })), z.record(z.string().min(1), z.union([z.string(), z.number(), z.boolean()]))]).default([]),
    /** With `rows` as a map: the column the map's values go in. */
    valueColumn: z.string().optional(),
  })
  .refine((s) => Array.isArray(s.rows) || (s.valueColumn && s.valueColumn in s.columns), {
    error: 'rows given as a map need valueColumn naming one of the columns',
    path: ['valueColumn'],
  });
export type DataTableSpec = z.infer<typeof DataTableSpecSchema>;

interface SchemaProperty {
  type: string;
  title?: string;
  displayOrder?: number;
  $id?: string;
}

export interface DataTableEntity {
  id: string;
  name: string;
  description?: string;
  division?: { id: string; name?: string };
  schema?: { properties?: Record<string, SchemaProperty>; required?: string[] };
}

export type Row = Record<string, Cell> & { key: string };

export interface ObservedTable {
  table: DataTableEntity;
  rows: Row[];
}

/** The spec's rows as `{key, …}` objects. */
export function rowsOf(spec: DataTableSpec): Row[] {
  if (Array.isArray(spec.rows)) return spec.rows as Row[];
  return Object.entries(spec.rows).map(([key, v]) => ({ key, [spec.valueColumn!]: v }) as Row);
}

/** The table schema Genesys takes: `key` first (titled as the admin UI shows it), then the columns in order. */
export function schemaOf(spec: DataTableSpec) {
  const properties: Record<string, SchemaProperty> = { key: { type: 'string', title: spec.keyTitle, displayOrder: 0, $id: '/properties/key' } };
  Object.entries(spec.columns).forEach(([name, type], i) => (properties[name] = { type, title: name, displayOrder: i + 1, $id: `/properties/${name}` }));
  return { $schema: 'http://json-schema.org/draft-04/schema#', type: 'object', required: ['key'], properties, additionalProperties: false };
}

const readRows = async (ctx: ResourceContext, id: string): Promise<Row[]> =>
  allPages<Row>(ctx.client, `/api/v2/flows/datatables/${id}/rows`, { showbrief: false }, 500);

async function observe(t: DataTableEntity, ctx: ResourceContext): Promise<Observed<ObservedTable>> {
  return { id: t.id, name: t.name, actual: { table: t, rows: await readRows(ctx, t.id) } };
}

const api = entityApi<DataTableEntity, ObservedTable>({
  key: 'data-table',
  noun: 'data table',
  path: '/api/v2/flows/datatables',
  // Data table names are unique ignoring case (409 flows.datatables.name.conflict): assumed, as the sandbox (architect/datatable.ts).
  caseInsensitive: true,
  // The diff compares columns: list and read with the schema.
  listQuery: { expand: 'schema' },
  readQuery: { expand: 'schema' },
  observe,
  inUseHint: 'remove it from the flows that look it up, then destroy again',
});

export const listTables: (ctx: ResourceContext) => Promise<DataTableEntity[]> = api.list;

const rowPath = (tableId: string, key: string) => `/api/v2/flows/datatables/${tableId}/rows/${encodeURIComponent(key)}`;

/** Writes the rows that are missing or differ: POST a new key, PUT a changed one (PUT is idempotent). */
async function syncRows(ctx: ResourceContext, tableId: string, desired: Row[], existing: Row[]): Promise<void> {
  const have = new Map(existing.map((r) => [String(r.key), r]));
  for (const row of desired) {
    const cur = have.get(row.key);
    if (!cur) {
      await createOnce(
        `row "${row.key}"`,
        () => ctx.client.request('POST', `/api/v2/flows/datatables/${tableId}/rows`, { body: row }),
        () => readOrUndefined(() => ctx.client.request<Row>('GET', rowPath(tableId, row.key), { query: { showbrief: false } })),
      );
    } else if (!rowEquals(row, cur)) {
      await ctx.client.request('PUT', rowPath(tableId, row.key), { body: row });
    }
  }
}

const rowEquals = (want: Row, have: Row) => Object.entries(want).every(([k, v]) => have[k] === v);

function rowChanges(desired: Row[], existing: Row[]): Change[] {
  const have = new Map(existing.map((r) => [String(r.key), r]));
  const out: Change[] = [];
  for (const row of desired) {
    const cur = have.get(row.key);
    if (!cur) out.push({ field: `rows[${row.key}]`, to: row });
    else if (!rowEquals(row, cur)) out.push({ field: `rows[${row.key}]`, from: cur, to: row });
  }
  return out;
}

export const dataTable: ResourceModule<DataTableSpec, ObservedTable> = {
  kind: 'data-table',
  label: 'data table',
  schema: DataTableSpecSchema,
  permissions: {
    read: ['architect:datatable:view'],
    // Rows are synced on create (a row found after a lost answer is PUT) and on update (new rows are POSTed).
    create: ['architect:datatable:add', 'architect:datatable:edit'],
    update: ['architect:datatable:edit', 'architect:datatable:add'],
    delete: ['architect:datatable:delete'],
  },
  endpoints: {
    read: ['GET /api/v2/flows/datatables', 'GET /api/v2/flows/datatables/{datatableId}', 'GET /api/v2/flows/datatables/{datatableId}/rows'],
    create: [
      'POST /api/v2/flows/datatables',
      'GET /api/v2/flows/datatables',
      'GET /api/v2/authorization/divisions/home',
      'GET /api/v2/flows/datatables/{datatableId}/rows',
      'POST /api/v2/flows/datatables/{datatableId}/rows',
      'GET /api/v2/flows/datatables/{datatableId}/rows/{rowId}',
      'PUT /api/v2/flows/datatables/{datatableId}/rows/{rowId}',
    ],
    update: [
      'PUT /api/v2/flows/datatables/{datatableId}',
      'POST /api/v2/flows/datatables/{datatableId}/rows',
      'GET /api/v2/flows/datatables/{datatableId}/rows/{rowId}',
      'PUT /api/v2/flows/datatables/{datatableId}/rows/{rowId}',
    ],
    // At teardown, an adopted table is put back instead: the rows adoption added are deleted.
    delete: ['DELETE /api/v2/flows/datatables/{datatableId}', 'DELETE /api/v2/flows/datatables/{datatableId}/rows/{rowId}'],
  },
  mark: { field: 'description', read: (c) => c.actual.table.description, write: (a, description) => ({ ...a, table: { ...a.table, description } }) },
  listAll: api.listAll,
  async restore(ctx, current, before) {
    const t = before.table;
    await api.put(ctx, current.id, { id: current.id, name: t.name, description: t.description ?? '', division: t.division ?? current.actual.table.division, schema: t.schema });
    // Rows: those the adoption added go, those it changed get their old values back.
    const was = new Map(before.rows.map((r) => [String(r.key), r]));
    for (const row of current.actual.rows) {
      const old = was.get(String(row.key));
      if (!old) await deleteGone('row', String(row.key), () => ctx.client.request('DELETE', rowPath(current.id, String(row.key))), 'try again');
      else if (!rowEquals(old, row) || !rowEquals(row, old)) await ctx.client.request('PUT', rowPath(current.id, String(row.key)), { body: old });
    }
  },
  find: api.find,
  read: api.read,
  async create(ctx, name, spec) {
    const divisionId = await ctx.homeDivisionId();
    const body = { name, description: spec.description ?? '', division: { id: divisionId }, schema: schemaOf(spec) };
    const { value } = await api.create(ctx, name, body);
    const rows = rowsOf(spec);
    await syncRows(ctx, value.id, rows, await readRows(ctx, value.id));
    return { id: value.id, name, actual: { table: { ...value, schema: value.schema ?? schemaOf(spec) }, rows } };
  },
  async update(ctx, current, name, spec, changes) {
    const { table } = current.actual;
    let updated = table;
    if (changes.some((c) => !c.field.startsWith('rows['))) {
      const body = { id: table.id, name, description: spec.description ?? table.description ?? '', division: table.division, schema: schemaOf(spec) };
      updated = (await api.put(ctx, table.id, body)) ?? { ...table, ...body };
    }
    const rows = rowsOf(spec);
    await syncRows(ctx, table.id, rows, current.actual.rows);
    return { id: table.id, name, actual: { table: updated, rows } };
  },
  delete: api.remove,
  diff(name, spec, current) {
    const { table, rows } = current.actual;
    const props = table.schema?.properties ?? {};
    const columns = Object.fromEntries(Object.entries(props).filter(([k]) => k !== 'key').map(([k, v]) => [k, v.type]));
    const d = new Diff()
      .check('name', name, current.name)
      .check('description', spec.description, table.description ?? '')
      .check('keyTitle', spec.keyTitle, props.key?.title ?? 'key')
      .check('columns', spec.columns, columns);
    return [...d.changes, ...rowChanges(rowsOf(spec), rows)];
  },
};
