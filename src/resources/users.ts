import platformClient from 'purecloud-platform-client-v2';
import type { GenesysClient } from '../genesys/client.js';
import { allPages } from './paging.js';

export interface UserRef {
  id: string;
  name: string;
  email?: string;
}

/** A user someone named that the org does not have (or has more than once): the message names the fix. */
export class UserLookupError extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A user by id, email or exact name (what every `--user` takes). `listed` saves re-listing the org for many names. */
export async function findUser(client: GenesysClient, ref: string, listed?: () => Promise<UserRef[]>): Promise<UserRef> {
  if (UUID.test(ref)) {
    try {
      const u = await client.request<UserRef>('GET', `/api/v2/users/${ref}`);
      return { id: u.id, name: u.name, ...(u.email ? { email: u.email } : {}) };
    } catch {
      throw new UserLookupError(`--user: no user with id ${ref}`);
    }
  }
  const lower = ref.toLowerCase();
  const all = listed ? await listed() : await allUsers(client);
  const hits = all.filter((u) => u.email?.toLowerCase() === lower || u.name.toLowerCase() === lower);
  if (hits.length === 1) return hits[0]!;
  if (hits.length > 1) throw new UserLookupError(`--user: ${hits.length} users are named "${ref}"; give the email or id (${hits.map((h) => h.id).join(', ')})`);
  throw new UserLookupError(`--user: no user with id, email or name "${ref}"`);
}

/** Every active user of the org (`GET /api/v2/users`, paged). */
export async function allUsers(client: GenesysClient): Promise<UserRef[]> {
  return (await allPages<UserRef>(client, '/api/v2/users')).map((u) => ({ id: u.id, name: u.name, ...(u.email ? { email: u.email } : {}) }));
}

/** Several `--user` references, the org listed at most once. */
export async function findUsers(client: GenesysClient, refs: readonly string[]): Promise<UserRef[]> {
  let cache: Promise<UserRef[]> | undefined;
  const listed = () => (cache ??= allUsers(client));
  const out: UserRef[] = [];
  for (const r of refs) {
    const u = await findUser(client, r, listed);
    if (!out.some((o) => o.id === u.id)) out.push(u);
  }
  return out;
}

/**
 * Each user's current primary presence (`GET /api/v2/users?id=…&expand=presence`, 100 ids a call):
 * definition id and system presence as Genesys spells it ("On Queue"). Users it does not answer for are left out.
 */
export async function currentPresences(client: GenesysClient, userIds: readonly string[]): Promise<Map<string, { presenceId: string; systemPresence: string }>> {
  type Listed = { id: string; presence?: { presenceDefinition?: { id?: string; systemPresence?: string } } };
  const out = new Map<string, { presenceId: string; systemPresence: string }>();
  for (let i = 0; i < userIds.length; i += 100) {
    const ids = userIds.slice(i, i + 100);
    const res = (await client.api(platformClient.UsersApi).getUsers({ id: ids, expand: ['presence'], pageSize: ids.length, pageNumber: 1 })) as { entities?: Listed[] };
    for (const u of res.entities ?? []) {
      const d = u.presence?.presenceDefinition;
      if (d?.id && d.systemPresence) out.set(u.id, { presenceId: d.id, systemPresence: d.systemPresence });
    }
  }
  return out;
}

/** Users' names by id (`GET /api/v2/users?id=…`, 100 ids a call); ids it does not answer for are left out. */
export async function userNames(client: GenesysClient, userIds: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < userIds.length; i += 100) {
    const ids = userIds.slice(i, i + 100);
    const res = (await client.api(platformClient.UsersApi).getUsers({ id: ids, pageSize: ids.length, pageNumber: 1 })) as { entities?: UserRef[] };
    for (const u of res.entities ?? []) out.set(u.id, u.name);
  }
  return out;
}
