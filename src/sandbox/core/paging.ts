import { badRequest } from './errors.js';

/** Genesys's page-number listing: `{entities, pageSize, pageNumber, total, pageCount, …Uri}`. */
export interface PageQuery {
  pageSize?: string | string[];
  pageNumber?: string | string[];
}

const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);

export function pageParams(query: PageQuery, defaultSize = 25, maxSize = 500): { pageSize: number; pageNumber: number } {
  const pageSize = Number(one(query.pageSize) ?? defaultSize);
  const pageNumber = Number(one(query.pageNumber) ?? 1);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > maxSize)
    throw badRequest(`pageSize must be an integer between 1 and ${maxSize}`);
  if (!Number.isInteger(pageNumber) || pageNumber < 1) throw badRequest('pageNumber must be an integer of at least 1');
  return { pageSize, pageNumber };
}

export function paginate<T>(items: readonly T[], query: PageQuery, basePath: string, defaultSize = 25, maxSize = 500) {
  const { pageSize, pageNumber } = pageParams(query, defaultSize, maxSize);
  const total = items.length;
  const pageCount = Math.ceil(total / pageSize);
  const uri = (n: number) => `${basePath}?pageSize=${pageSize}&pageNumber=${n}`;
  return {
    entities: items.slice((pageNumber - 1) * pageSize, pageNumber * pageSize),
    pageSize,
    pageNumber,
    total,
    pageCount,
    firstUri: uri(1),
    selfUri: uri(pageNumber),
    lastUri: uri(Math.max(1, pageCount)),
    ...(pageNumber < pageCount ? { nextUri: uri(pageNumber + 1) } : {}),
    ...(pageNumber > 1 ? { previousUri: uri(pageNumber - 1) } : {}),
  };
}

/**
 * Cursor listing (`{entities, nextUri, previousUri, selfUri}`) as process-automation triggers use:
 * `after`/`before` are opaque cursors; here, the base64 of an offset.
 */
export function cursorPage<T>(items: readonly T[], query: Record<string, string | string[] | undefined>, basePath: string, defaultSize = 25) {
  const pageSize = Number(one(query.pageSize) ?? defaultSize);
  if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > 500) throw badRequest('pageSize must be an integer between 1 and 500');
  const decode = (c: string | undefined) => {
    if (!c) return undefined;
    const n = Number(Buffer.from(c, 'base64url').toString('utf8'));
    if (!Number.isInteger(n) || n < 0) throw badRequest('Invalid cursor');
    return n;
  };
  const after = decode(one(query.after));
  const before = decode(one(query.before));
  const start = after ?? (before !== undefined ? Math.max(0, before - pageSize) : 0);
  const end = before !== undefined && after === undefined ? before : start + pageSize;
  const enc = (n: number) => Buffer.from(String(n)).toString('base64url');
  return {
    entities: items.slice(start, end),
    selfUri: `${basePath}?pageSize=${pageSize}`,
    ...(end < items.length ? { nextUri: `${basePath}?pageSize=${pageSize}&after=${enc(end)}` } : {}),
    ...(start > 0 ? { previousUri: `${basePath}?pageSize=${pageSize}&before=${enc(start)}` } : {}),
  };
}
