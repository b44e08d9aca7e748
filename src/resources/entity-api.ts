import type { GenesysClient } from '../genesys/client.js';
import { contextOf, type ResourceContext } from './context.js';
import { allCursorPages, allPages } from './paging.js';
import type { Observed } from './types.js';
import { createOnce, deleteGone, readOrUndefined } from './writes.js';

interface Entity {
  id: string;
  name?: string;
}

/** What a kind's Genesys collection looks like; everything else about the kind stays in its own file. */
export interface EntityApiSpec<E extends Entity, A> {
  /** The listing's cache key (the kind): one listing per run, forgotten after every write. */
  key: string;
  /** How messages name one entity: `role "Presence API Admin"`, `Genesys refuses to delete role …`. */
  noun: string;
  /** The collection: listed and created here; read, updated and deleted at `${path}/{id}`. */
  path: string;
  /** How Genesys pages the listing: by `pageNumber` (default), by cursor (`after`), or all in one answer. */
  paging?: 'numbered' | 'cursor' | 'none';
  listQuery?: Record<string, unknown>;
  /** What the read by id asks for beyond the defaults (a table's `expand=schema`, an action's contract and config). */
  readQuery?: Record<string, unknown>;
  /** Which listed entity a manifest's name means (default: the exact name — Genesys's name filters are partial). */
  named?(e: E, name: string): boolean;
  /**
   * Genesys keeps these names unique ignoring case: a same name in another case is the same
   * entity to Genesys (a create would be refused), so it is found too — an exact match first.
   */
  caseInsensitive?: boolean;
  observe(e: E, ctx: ResourceContext): Observed<A> | Promise<Observed<A>>;
  /** What to do first when Genesys refuses a delete because the entity is in use. */
  inUseHint: string;
}

/**
 * The find / read / create / update / delete every REST-shaped kind shares: find by exact name in
 * the (cached) listing, read from the listing else GET by id, create at most once (look the name
 * up again after a lost answer), and forget the listing after every write. A kind's body, its
 * observation and its oddities (versions, replace-by-recreate, secrets) stay in the kind's file.
 */
export function entityApi<E extends Entity, A>(spec: EntityApiSpec<E, A>) {
  const { key, noun, path } = spec;
  const named = spec.named ?? ((e: E, name: string) => e.name === name);
  const at = (id: string) => `${path}/${id}`;

  const load = (client: GenesysClient): Promise<E[]> => {
    if (spec.paging === 'cursor') return allCursorPages<E>(client, path, spec.listQuery);
    if (spec.paging === 'none') return client.request<{ entities?: E[] }>('GET', path).then((r) => r?.entities ?? []);
    return allPages<E>(client, path, spec.listQuery);
  };
  const list = (ctx: ResourceContext): Promise<E[]> => ctx.list(key, () => load(ctx.client));
  const invalidate = (ctx: ResourceContext) => ctx.invalidate(key);
  const lookup = async (ctx: ResourceContext, name: string) => {
    const all = await list(ctx);
    if (!spec.caseInsensitive) return all.find((e) => named(e, name));
    // The kind's other conditions still apply: the entity is tried as if it had the exact name.
    return all.find((e) => named(e, name)) ?? all.find((e) => e.name?.toLowerCase() === name.toLowerCase() && named({ ...e, name }, name));
  };
  /** By id; undefined when it is gone. */
  const get = (ctx: ResourceContext, id: string) => readOrUndefined(() => ctx.client.request<E>('GET', at(id), spec.readQuery ? { query: spec.readQuery } : undefined));

  return {
    at,
    list,
    invalidate,
    get,

    async find(c: ResourceContext | GenesysClient, name: string): Promise<Observed<A> | undefined> {
      const ctx = contextOf(c);
      const e = await lookup(ctx, name);
      return e && spec.observe(e, ctx);
    },

    async read(ctx: ResourceContext, id: string): Promise<Observed<A> | undefined> {
      const e = (await list(ctx)).find((x) => x.id === id) ?? (await get(ctx, id));
      return e && spec.observe(e, ctx);
    },

    /** POSTs `body` once; `refind` (default: the listed entity of that name) recovers a lost answer. */
    async create(ctx: ResourceContext, name: string, body: unknown, refind: () => Promise<E | undefined> = () => lookup(ctx, name)) {
      const created = await createOnce(
        `${noun} "${name}"`,
        () => ctx.client.request<E>('POST', path, { body }),
        async () => {
          invalidate(ctx);
          return refind();
        },
      );
      invalidate(ctx);
      await ctx.onCreated?.(created.value.id);
      return created;
    },

    /** Every entity of the kind, as observed. */
    async listAll(ctx: ResourceContext): Promise<Array<Observed<A>>> {
      return Promise.all((await list(ctx)).map((e) => spec.observe(e, ctx)));
    },

    /** PUTs the whole entity; Genesys may answer with it or with nothing. */
    async put(ctx: ResourceContext, id: string, body: unknown): Promise<E | undefined> {
      const r = await ctx.client.request<E | undefined>('PUT', at(id), { body });
      invalidate(ctx);
      return r;
    },

    async remove(ctx: ResourceContext, current: Observed<unknown>): Promise<void> {
      await deleteGone(noun, current.name, () => ctx.client.request('DELETE', at(current.id)), spec.inUseHint);
      invalidate(ctx);
    },
  };
}
