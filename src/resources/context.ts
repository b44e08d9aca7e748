import { z } from 'zod';
import type { GenesysClient } from '../genesys/client.js';

const HomeDivisionSchema = z.object({ id: z.string(), name: z.string().optional() });

/**
 * The org's home division (`GET /api/v2/authorization/divisions/home`), where presence-kit puts
 * what it creates. It needs no permission, so reading it also proves a token is accepted.
 */
export async function readHomeDivision(client: GenesysClient): Promise<z.infer<typeof HomeDivisionSchema>> {
  return HomeDivisionSchema.parse(await client.request('GET', '/api/v2/authorization/divisions/home'));
}

/**
 * What every resource call shares within one run: the client, the list cache (one list per kind
 * per run, however many resources of that kind a plan names), the home division, and where local
 * files go. Standalone callers (the import commands) pass a bare client: `contextOf(client)`.
 */
export class ResourceContext {
  private readonly lists = new Map<string, Promise<unknown[]>>();
  private home?: Promise<string>;
  /**
   * Called as soon as a create's first call answered with an id, before the calls that complete
   * the entity (an integration's config, a table's rows): the engine records it there and then,
   * so a failure or a crash between the calls cannot leave it unrecorded.
   */
  onCreated?: (id: string) => void | Promise<void>;

  constructor(
    readonly client: GenesysClient,
    readonly workDir: string = process.cwd(),
  ) {}

  /** A kind's full listing, loaded once per run (and again after `invalidate`). */
  list<T>(key: string, load: () => Promise<T[]>): Promise<T[]> {
    let p = this.lists.get(key) as Promise<T[]> | undefined;
    if (!p) {
      p = load();
      this.lists.set(key, p);
      // A failed listing must not stick: the next call tries again.
      p.catch(() => this.lists.delete(key));
    }
    return p;
  }

  /** Forget a listing: after an ambiguous write, the org must be looked at again. */
  invalidate(key: string): void {
    this.lists.delete(key);
  }

  homeDivisionId(): Promise<string> {
    this.home ??= readHomeDivision(this.client).then((d) => d.id);
    this.home.catch(() => (this.home = undefined));
    return this.home;
  }
}

export const contextOf = (c: GenesysClient | ResourceContext): ResourceContext => (c instanceof ResourceContext ? c : new ResourceContext(c));
