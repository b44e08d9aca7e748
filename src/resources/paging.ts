import type { GenesysClient } from '../genesys/client.js';

interface NumberedPage<T> {
  entities?: T[];
  pageCount?: number;
  pageNumber?: number;
  total?: number;
}

/** Every entity of a page-numbered listing (`pageNumber`/`pageCount`), in server order. */
export async function allPages<T>(client: GenesysClient, path: string, query: Record<string, unknown> = {}, pageSize = 100): Promise<T[]> {
  const out: T[] = [];
  for (let pageNumber = 1; pageNumber <= 1000; pageNumber++) {
    const page = await client.request<NumberedPage<T>>('GET', path, { query: { ...query, pageSize, pageNumber } });
    const entities = page?.entities ?? [];
    out.push(...entities);
    const pageCount = page?.pageCount ?? (entities.length < pageSize ? pageNumber : pageNumber + 1);
    if (pageNumber >= pageCount || entities.length === 0) break;
  }
  return out;
}

interface CursorPage<T> {
  entities?: T[];
  nextUri?: string | null;
  cursors?: { after?: string };
}

/** Every entity of a cursor listing (`after` taken from `nextUri`), e.g. process automation triggers. */
export async function allCursorPages<T>(client: GenesysClient, path: string, query: Record<string, unknown> = {}, pageSize = 100): Promise<T[]> {
  const out: T[] = [];
  let after: string | undefined;
  for (let i = 0; i < 1000; i++) {
    const page = await client.request<CursorPage<T>>('GET', path, { query: { ...query, pageSize, ...(after ? { after } : {}) } });
    out.push(...(page?.entities ?? []));
    const next = page?.nextUri ? new URL(page.nextUri, 'http://x').searchParams.get('after') : (page?.cursors?.after ?? null);
    if (!next || next === after || !(page?.entities ?? []).length) break;
    after = next;
  }
  return out;
}
