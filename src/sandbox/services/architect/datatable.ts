import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { SandboxContext } from '../../core/context.js';
import { badRequest, conflict, notFound } from '../../core/errors.js';
import { parseBody } from '../../core/parse-body.js';
import { resolveDivision } from './flow.js';
import { datatableRows, datatables, rowId, type DatatableRecord, type DatatableSchema } from './models.js';

/**
 * Architect data tables. The schema is a JSON Schema whose `key` property (a string) is the row
 * key; the other columns are string, integer, number or boolean. Rows are checked against it.
 */

const COLUMN_TYPES = ['string', 'integer', 'number', 'boolean'] as const;

const ColumnSchema = z.looseObject({
  type: z.enum(COLUMN_TYPES, { error: `column type must be one of ${COLUMN_TYPES.join(', ')}` }),
  title: z.string().optional(),
  displayOrder: z.number().int().optional(),
  default: z.unknown().optional(),
  $id: z.string().optional(),
  minLength: z.number().int().optional(),
  maxLength: z.number().int().optional(),
  minimum: z.number().optional(),
  maximum: z.number().optional(),
});

export const DatatableBodySchema = z.object({
  name: z.string({ error: 'name is required' }).min(1, { error: 'name is required' }).max(256),
  description: z.string().optional(),
  division: z.object({ id: z.string().min(1) }).optional(),
  schema: z.object(
    {
      $schema: z.string().optional(),
      type: z.literal('object').default('object'),
      required: z.array(z.string()).default(['key']),
      properties: z.record(z.string(), ColumnSchema),
      additionalProperties: z.boolean().default(false),
    },
    { error: 'schema is required' },
  ),
});

function checkSchema(schema: DatatableSchema): void {
  const key = schema.properties.key;
  if (!key) throw badRequest("schema.properties.key: a data table's schema must define the 'key' property");
  if (key.type !== 'string') throw badRequest("schema.properties.key.type: the 'key' property must be of type string");
  if (!schema.required.includes('key')) schema.required = ['key', ...schema.required];
  for (const r of schema.required) if (!schema.properties[r]) throw badRequest(`schema.required: '${r}' is not a property of the schema`);
}

export function getDatatable(ctx: SandboxContext, id: string): DatatableRecord {
  const t = datatables(ctx).get(id);
  if (!t) throw notFound(`Data table ${id} not found`);
  return t;
}

function checkUniqueName(ctx: SandboxContext, name: string, exceptId?: string): void {
  const clash = datatables(ctx).find((t) => t.name.toLowerCase() === name.toLowerCase() && t.id !== exceptId);
  if (clash) throw conflict(`A data table named '${name}' already exists (${clash.id})`, 'flows.datatables.name.conflict');
}

function input(ctx: SandboxContext, body: unknown) {
  const i = parseBody(DatatableBodySchema, body);
  const schema = i.schema as DatatableSchema;
  checkSchema(schema);
  const division = resolveDivision(ctx, i.division);
  if (!division) throw badRequest(`division.id: division ${i.division?.id} does not exist`);
  return { name: i.name, description: i.description, division, schema };
}

export function createDatatable(ctx: SandboxContext, body: unknown): DatatableRecord {
  const i = input(ctx, body);
  checkUniqueName(ctx, i.name);
  return datatables(ctx).insert({ id: randomUUID(), ...i });
}

/** Updating may add columns; removing or retyping one that rows use would orphan data, so rows are re-checked. */
export function updateDatatable(ctx: SandboxContext, id: string, body: unknown): DatatableRecord {
  const t = getDatatable(ctx, id);
  const i = input(ctx, body);
  checkUniqueName(ctx, i.name, id);
  const next = { ...t, ...i };
  for (const r of datatableRows(ctx).filter((x) => x.tableId === id)) checkRow(next, r.values);
  return datatables(ctx).put(next);
}

export function deleteDatatable(ctx: SandboxContext, id: string): void {
  getDatatable(ctx, id);
  for (const r of datatableRows(ctx).filter((x) => x.tableId === id)) datatableRows(ctx).delete(r.id);
  datatables(ctx).delete(id);
}

const typeOk = (type: string, v: unknown) =>
  type === 'string' ? typeof v === 'string' : type === 'boolean' ? typeof v === 'boolean' : type === 'integer' ? Number.isInteger(v) : typeof v === 'number';

/** Checks a row against the table schema; returns it with column defaults filled in. */
function checkRow(t: DatatableRecord, row: unknown): Record<string, unknown> & { key: string } {
  if (!row || typeof row !== 'object' || Array.isArray(row)) throw badRequest('The row must be a JSON object of column values');
  const values: Record<string, unknown> = { ...(row as Record<string, unknown>) };
  for (const [name, v] of Object.entries(values)) {
    const col = t.schema.properties[name];
    if (!col) throw badRequest(`${name}: the data table '${t.name}' has no column '${name}'`);
    if (v !== null && !typeOk(col.type, v)) throw badRequest(`${name}: expected a value of type ${col.type}, got ${JSON.stringify(v)}`);
  }
  for (const [name, col] of Object.entries(t.schema.properties)) if (values[name] === undefined && col.default !== undefined) values[name] = col.default;
  for (const r of t.schema.required) if (values[r] === undefined || values[r] === null || values[r] === '') throw badRequest(`${r}: a value is required`);
  return values as Record<string, unknown> & { key: string };
}

/**
 * Genesys's documented limits ("Work with data tables", help.mypurecloud.com): 5,000 rows per
 * table and 256 characters per reference key (more rows only through Customer Care).
 */
export const MAX_ROWS_PER_TABLE = 5000;
export const MAX_KEY_LENGTH = 256;

export function addRow(ctx: SandboxContext, tableId: string, body: unknown) {
  const t = getDatatable(ctx, tableId);
  const values = checkRow(t, body);
  if (values.key.length > MAX_KEY_LENGTH) throw badRequest(`key: a reference key holds at most ${MAX_KEY_LENGTH} characters (got ${values.key.length})`);
  if (datatableRows(ctx).filter((r) => r.tableId === tableId).length >= MAX_ROWS_PER_TABLE)
    throw badRequest(`The data table '${t.name}' already holds ${MAX_ROWS_PER_TABLE} rows, the most a data table may hold`);
  if (datatableRows(ctx).has(rowId(tableId, values.key))) throw conflict(`A row with key '${values.key}' already exists in data table '${t.name}'`, 'flows.datatables.row.already.exists');
  datatableRows(ctx).insert({ id: rowId(tableId, values.key), tableId, key: values.key, values });
  return values;
}

export function getRow(ctx: SandboxContext, tableId: string, key: string) {
  getDatatable(ctx, tableId);
  const r = datatableRows(ctx).get(rowId(tableId, key));
  if (!r) throw notFound(`Row '${key}' not found in data table ${tableId}`);
  return r.values;
}

export function replaceRow(ctx: SandboxContext, tableId: string, key: string, body: unknown) {
  const t = getDatatable(ctx, tableId);
  getRow(ctx, tableId, key);
  const given = (body ?? {}) as Record<string, unknown>;
  if (given.key !== undefined && given.key !== key) throw badRequest(`key: the row's key cannot change ('${key}' in the path, '${String(given.key)}' in the body)`);
  const values = checkRow(t, { ...given, key });
  datatableRows(ctx).put({ id: rowId(tableId, key), tableId, key, values });
  return values;
}

export function deleteRow(ctx: SandboxContext, tableId: string, key: string): void {
  getRow(ctx, tableId, key);
  datatableRows(ctx).delete(rowId(tableId, key));
}

export function listRows(ctx: SandboxContext, tableId: string, descending: boolean) {
  getDatatable(ctx, tableId);
  const rows = datatableRows(ctx).filter((r) => r.tableId === tableId).sort((a, b) => a.key.localeCompare(b.key));
  return (descending ? rows.reverse() : rows).map((r) => r.values);
}

export function datatableView(t: DatatableRecord, withSchema: boolean) {
  return {
    id: t.id,
    name: t.name,
    description: t.description,
    division: { ...t.division, selfUri: `/api/v2/authorization/divisions/${t.division.id}` },
    ...(withSchema ? { schema: t.schema } : {}),
    selfUri: `/api/v2/flows/datatables/${t.id}`,
  };
}
