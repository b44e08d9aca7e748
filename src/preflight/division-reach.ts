import { z } from 'zod';
import type { GenesysClient } from '../genesys/client.js';
import { allPages } from '../resources/paging.js';
import { ALL_DIVISIONS } from '../resources/oauth-client.js';
import { readMark } from '../resources/mark.js';

/**
 * Whom the kit's OAuth clients can act on. Genesys checks a role's permissions in the division of
 * the object acted on: a client whose roles are granted on Home only cannot set the presence of a
 * user in another division, nor read the schedules of a management unit there. Doctor reads, with
 * the admin client (which sees every division), the clients the chosen blueprints made (by their
 * ownership mark, so a namePrefix or a lost state file changes nothing), and names
 * the users and management units outside their divisions.
 */
export interface DivisionReach {
  client: string;
  divisions: string[];
  users: Array<{ id: string; name: string; division: string }>;
  managementUnits: Array<{ id: string; name: string; division: string }>;
}

const ClientsSchema = z.object({
  entities: z.array(z.object({ id: z.string(), name: z.string(), description: z.string().optional(), roleDivisions: z.array(z.object({ divisionId: z.string() })).default([]) })).default([]),
});

/**
 * Which OAuth clients are the kit's: with a deployment, those carrying its mark for one of
 * `blueprints` (whatever their name: a namePrefix), and, where a client carries no mark, those named
 * `names` (one the kit uses as it is); a client marked for another deployment is not ours. Without
 * a deployment, by name alone.
 */
export interface KitClients {
  names: readonly string[];
  deployment?: string;
  blueprints?: readonly string[];
}

function isKitClient(c: { name: string; description?: string }, kit: KitClients): boolean {
  const mark = kit.deployment ? readMark(c.description) : undefined;
  if (!mark) return kit.names.includes(c.name);
  return mark.deployment === kit.deployment && (!mark.blueprints || !kit.blueprints || mark.blueprints.some((b) => kit.blueprints!.includes(b)));
}
const Division = z.object({ id: z.string(), name: z.string().optional() }).optional();
const UserSchema = z.object({ id: z.string(), name: z.string().default(''), division: Division });
const UnitsSchema = z.object({ entities: z.array(z.object({ id: z.string(), name: z.string(), division: Division })).default([]) });

/** The unreachable users and (when `wfm`) management units for each of the kit's clients that exists; none for a client holding `*`. */
export async function divisionReach(client: GenesysClient, kit: KitClients, opts: { wfm: boolean }): Promise<DivisionReach[]> {
  const all = ClientsSchema.parse(await client.request('GET', '/api/v2/oauth/clients')).entities;
  const ours = all.filter((c) => isKitClient(c, kit));
  const limited = ours.filter((c) => !c.roleDivisions.some((r) => r.divisionId === ALL_DIVISIONS));
  if (!limited.length) return ours.map((c) => ({ client: c.name, divisions: [ALL_DIVISIONS], users: [], managementUnits: [] }));
  const users = (await allPages<unknown>(client, '/api/v2/users', {}, 500)).map((u) => UserSchema.parse(u));
  const mus = opts.wfm ? UnitsSchema.parse(await client.request('GET', '/api/v2/workforcemanagement/managementunits')).entities : [];
  // Units carry a DivisionReference (id only): names come from the divisions listing.
  const names = new Map((await allPages<{ id: string; name: string }>(client, '/api/v2/authorization/divisions', {}, 100)).map((d) => [d.id, d.name]));
  const divisionName = (d: z.infer<typeof Division>) => d?.name ?? (d ? names.get(d.id) : undefined) ?? d?.id ?? '?';
  return ours.map((c) => {
    const reach = new Set(c.roleDivisions.map((r) => r.divisionId));
    if (reach.has(ALL_DIVISIONS)) return { client: c.name, divisions: [ALL_DIVISIONS], users: [], managementUnits: [] };
    const outside = <T extends { division?: { id: string } }>(x: T) => !!x.division && !reach.has(x.division.id);
    return {
      client: c.name,
      divisions: [...reach],
      users: users.filter(outside).map((u) => ({ id: u.id, name: u.name, division: divisionName(u.division) })),
      managementUnits: mus.filter(outside).map((m) => ({ id: m.id, name: m.name, division: divisionName(m.division) })),
    };
  });
}

const firstFew = (names: string[], n = 5) => (names.length > n ? `${names.slice(0, n).join(', ')} and ${names.length - n} more` : names.join(', '));

/** One line per set of clients that miss the same users and units: what they miss, by name. */
export function reachLines(reach: readonly DivisionReach[]): string[] {
  const groups = new Map<string, { clients: string[]; r: DivisionReach }>();
  for (const r of reach.filter((x) => x.users.length || x.managementUnits.length)) {
    const key = JSON.stringify([r.users.map((u) => u.id), r.managementUnits.map((m) => m.id)]);
    const g = groups.get(key) ?? { clients: [], r };
    g.clients.push(`"${r.client}"`);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ clients, r }) => {
    const parts = [
      r.managementUnits.length ? `management unit${r.managementUnits.length > 1 ? 's' : ''} ${firstFew(r.managementUnits.map((m) => `${m.name} (${m.division})`))}` : '',
      r.users.length ? `${r.users.length} user${r.users.length > 1 ? 's' : ''}: ${firstFew(r.users.map((u) => `${u.name} (${u.division})`))}` : '',
    ].filter(Boolean);
    return `OAuth client${clients.length > 1 ? 's' : ''} ${clients.join(', ')} cannot reach ${parts.join('; ')}`;
  });
}
