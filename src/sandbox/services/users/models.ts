import type { SandboxContext } from '../../core/context.js';
import { invalidValue, notFound } from '../../core/errors.js';
import type { Collection } from '../../core/store.js';
import { divisionNameForUser, divisionNamed } from '../authorization/models.js';

/** A user of the sandbox org. `agent` is the sandbox's own mark (not a Genesys field): who takes ACD work, has a WFM schedule. */
export interface UserRecord {
  id: string;
  name: string;
  email: string;
  username: string;
  department: string;
  title: string;
  state: 'active' | 'inactive' | 'deleted';
  divisionId: string;
  version: number;
  agent: boolean;
  dateCreated: string;
}

export const users = (ctx: SandboxContext): Collection<UserRecord> =>
  ctx.store.collection<UserRecord>('users', { summarize: (u) => ({ email: u.email, state: u.state, agent: u.agent }) });

/** Users that take ACD work (the WFM and conversation models schedule and route to these). */
export const agents = (ctx: SandboxContext): UserRecord[] => sortedUsers(ctx).filter((u) => u.agent && u.state === 'active');

/** Users in the order `GET /api/v2/users` lists them: by name, then id. */
export const sortedUsers = (ctx: SandboxContext): UserRecord[] =>
  users(ctx)
    .list()
    .sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id));

export const getUser = (ctx: SandboxContext, userId: string): UserRecord | undefined => users(ctx).get(userId);

/** The `state` filter of `GET /api/v2/users` (`any` = every state). */
export const USER_STATES = ['active', 'inactive', 'deleted', 'any'] as const;

export interface UserQuery {
  /** Default `active`. */
  state?: string;
  ids?: readonly string[];
  descending?: boolean;
}

/** `GET /api/v2/users`: users in one state (default active), optionally only the given ids, by name. */
export function listUsers(ctx: SandboxContext, q: UserQuery): UserRecord[] {
  const state = q.state ?? 'active';
  if (!(USER_STATES as readonly string[]).includes(state)) throw invalidValue(state, 'state', USER_STATES);
  const ids = new Set(q.ids ?? []);
  const list = sortedUsers(ctx).filter((u) => (state === 'any' || u.state === state) && (ids.size === 0 || ids.has(u.id)));
  return q.descending ? list.reverse() : list;
}

/** `GET /api/v2/users/{userId}`: a deleted user is found only when `state` asks for deleted ones. */
export function visibleUser(ctx: SandboxContext, userId: string, state?: string): UserRecord {
  const u = getUser(ctx, userId);
  const visible = u && (state === undefined || state === 'any' ? u.state !== 'deleted' : u.state === state);
  if (!u || !visible) throw notFound(`User ${userId} not found`);
  return u;
}

const FIRST = [
  'Amelia', 'Noah', 'Olivia', 'Liam', 'Emma', 'Lucas', 'Sofia', 'Mateo', 'Chloe', 'Ethan', 'Aisha', 'Hiroshi', 'Ingrid', 'Javier',
  'Katarzyna', 'Leila', 'Marco', 'Nadia', 'Oscar', 'Priya', 'Quentin', 'Rosa', 'Samuel', 'Tara', 'Umar', 'Valentina', 'Wei', 'Ximena',
  'Yusuf', 'Zoe', 'Bruno', 'Clara', 'Dmitri', 'Elena', 'Farah', 'Gustav', 'Hannah', 'Isaac', 'Julia', 'Kofi',
] as const;
const LAST = [
  'Anderson', 'Bianchi', 'Costa', 'Dubois', 'Eriksen', 'Fischer', 'García', 'Hansen', 'Ivanova', 'Jensen', 'Kowalski', 'Larsen',
  'Martin', 'Nakamura', 'O\'Brien', 'Patel', 'Quinn', 'Rossi', 'Schmidt', 'Tanaka', 'Umarov', 'Van Dijk', 'Williams', 'Xu', 'Yilmaz',
  'Zimmermann', 'Novak', 'Okafor', 'Murphy', 'Silva',
] as const;
const DEPARTMENTS = ['Customer Care', 'Sales', 'Billing', 'Technical Support'] as const;
const AGENT_TITLES = ['Contact Center Agent', 'Senior Agent', 'Customer Care Specialist'] as const;
const OTHER_TITLES = ['Team Lead', 'Supervisor', 'WFM Analyst', 'Quality Coach'] as const;

export const SANDBOX_EMAIL_DOMAIN = 'sandbox.presence-kit.example';

const emailPart = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z]/g, '')
    .toLowerCase();

/**
 * Seeds `ctx.options.users` active users, drawn from the seeded generator (same `--seed`, same org).
 * About four in five are agents; the others are leads and analysts. Three in five sit in Home, the
 * others in the org's other divisions (divisionNameForUser), so a client whose roles reach Home only
 * meets users it may not act on — as in a real multi-division org.
 */
export function seedUsers(ctx: SandboxContext): UserRecord[] {
  const taken = new Set<string>();
  const created: UserRecord[] = [];
  for (let i = 0; i < ctx.options.users; i++) {
    const first = ctx.rng.pick(FIRST);
    const last = ctx.rng.pick(LAST);
    let local = `${emailPart(first)}.${emailPart(last)}`;
    for (let n = 2; taken.has(local); n++) local = `${emailPart(first)}.${emailPart(last)}${n}`;
    taken.add(local);
    const agent = ctx.rng.next() < 0.8;
    const email = `${local}@${SANDBOX_EMAIL_DOMAIN}`;
    const user: UserRecord = {
      id: ctx.rng.uuid(),
      name: `${first} ${last}`,
      email,
      username: email,
      department: ctx.rng.pick(DEPARTMENTS),
      title: agent ? ctx.rng.pick(AGENT_TITLES) : ctx.rng.pick(OTHER_TITLES),
      state: 'active',
      divisionId: divisionNamed(ctx, divisionNameForUser(i)).id,
      version: 1,
      agent,
      dateCreated: ctx.clock.nowIso(),
    };
    users(ctx).insert(user);
    created.push(user);
  }
  return created;
}
