import platformClient from 'purecloud-platform-client-v2';
import type { GenesysClient } from '../../genesys/client.js';
import { GenesysError } from '../../genesys/errors.js';
import { chunk } from './plan.js';
import {
  AgentStatusListingSchema,
  PresenceDefinitionListingSchema,
  PresenceDefinitionSchema,
  RoutingStatusSchema,
  UserPresenceListSchema,
  type AgentStatus,
  type PresenceDefinition,
} from './schemas.js';
import { PreBreakError } from './wfm.js';

/** Presence reads and writes of the pre-break job, all through GenesysClient. */

const presenceApi = (client: GenesysClient) => client.api(platformClient.PresenceApi);

/** No documented limit for the bulk PUT; 50 keeps each request small and a failure contained. */
export const BULK_PUT_BATCH = 50;

export interface PresenceTarget {
  id?: string;
  name?: string;
}

/**
 * The pre-break presence definition, checked before anything changes: by id (legacy API), or by
 * name among the org's definitions. Missing, deleted or deactivated → one clear error.
 */
export async function resolvePresence(client: GenesysClient, target: PresenceTarget): Promise<PresenceDefinition> {
  if (target.id) {
    let def: PresenceDefinition;
    try {
      def = PresenceDefinitionSchema.parse(await presenceApi(client).getPresencedefinition(target.id));
    } catch (e) {
      if (e instanceof GenesysError && (e.status === 404 || e.status === 400))
        throw new PreBreakError(
          `presence definition ${target.id} not found: create the "Pre-Break" presence (presence-kit apply --blueprint pre-break) or set PRE_BREAK_PRESENCE_ID to an existing one; no presence was changed`,
        );
      throw e;
    }
    if (def.deactivated) throw new PreBreakError(`presence definition ${target.id} (${def.name ?? '?'}) is deactivated: activate it in Admin > Presences; no presence was changed`);
    return def;
  }
  const name = target.name ?? 'Pre-Break';
  const all = PresenceDefinitionListingSchema.parse(await presenceApi(client).getPresenceDefinitions0()).entities;
  const matches = (d: PresenceDefinition) =>
    [d.name, ...Object.values(d.languageLabels ?? {})].some((l) => l !== undefined && l.trim().toLowerCase() === name.trim().toLowerCase());
  const found = all.find(matches);
  // The listing holds active definitions only, so a deactivated one reads as missing.
  if (!found || found.deactivated)
    throw new PreBreakError(`no active presence definition named "${name}": create it (presence-kit apply --blueprint pre-break) or set PRE_BREAK_PRESENCE_ID; no presence was changed`);
  return found;
}

/**
 * Ids per status read. `GET /api/v2/users?id=…&expand=presence,routingStatus` answers presence and
 * routing status together, a page of up to `pageSize` users (≤ 500); 100 ids keep the URL short
 * (≈ 4 KB). The presence bulk read (`/users/presences/purecloud/bulk`, 50 ids) has no routing
 * status, so it would need a second read per agent: see the bench (`npm run bench -- pre-break`).
 */
export const STATUS_READ_BATCH = 100;

/** The presence bulk read's limit (SDK: "Limit 50"). */
export const PRESENCE_BULK_READ_BATCH = 50;

/**
 * Presence and routing status of the given users (≤ STATUS_READ_BATCH ids): one call, plus — since
 * the SDK documents `expand` on `GET /api/v2/users` as best effort, not guaranteed — a read of what
 * the expansion left out, for exactly those agents: missing presences in bulk (50 per call), a
 * missing routing status one agent per call (the API has no bulk read of routing status).
 * An agent whose status stays unknown would never be switched, nor put back.
 */
export async function readAgentStatuses(client: GenesysClient, userIds: readonly string[]): Promise<Map<string, AgentStatus>> {
  const listing = AgentStatusListingSchema.parse(await client.api(platformClient.UsersApi).getUsers({ id: [...userIds], expand: ['presence', 'routingStatus'], pageSize: userIds.length, pageNumber: 1 }));
  const statuses = new Map(listing.entities.map((u) => [u.id, u]));
  const noPresence = listing.entities.filter((u) => !u.presence?.presenceDefinition).map((u) => u.id);
  const noRouting = listing.entities.filter((u) => !u.routingStatus?.status).map((u) => u.id);
  await Promise.all([
    ...chunk(noPresence, PRESENCE_BULK_READ_BATCH).map(async (ids) => {
      const presences = UserPresenceListSchema.parse(await presenceApi(client).getUsersPresencesPurecloudBulk({ id: ids }));
      for (const p of presences) {
        const s = p.userId ? statuses.get(p.userId) : undefined;
        if (s && p.presenceDefinition) s.presence = { presenceDefinition: p.presenceDefinition };
      }
    }),
    ...noRouting.map(async (id) => {
      const r = RoutingStatusSchema.parse(await client.api(platformClient.UsersApi).getUserRoutingstatus(id));
      statuses.get(id)!.routingStatus = r;
    }),
  ]);
  return statuses;
}

/** Sets one presence for the given users in bulk PUT batches. Returns who was set and the failed batches. */
export async function setPresences(client: GenesysClient, userIds: readonly string[], presenceId: string): Promise<{ changed: Set<string>; errors: unknown[] }> {
  const changed = new Set<string>();
  const errors: unknown[] = [];
  const results = await Promise.allSettled(
    chunk(userIds, BULK_PUT_BATCH).map(async (ids) => {
      await presenceApi(client).putUsersPresencesBulk(ids.map((id) => ({ id, source: 'PURECLOUD', presenceDefinition: { id: presenceId } })));
      return ids;
    }),
  );
  for (const r of results) {
    if (r.status === 'rejected') errors.push(r.reason);
    else for (const id of r.value) changed.add(id);
  }
  return { changed, errors };
}
