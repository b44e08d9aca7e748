import { randomBytes } from 'node:crypto';
import type { SandboxContext } from '../../core/context.js';
import { Rng } from '../../core/rng.js';
import type { Collection } from '../../core/store.js';
import { sortedUsers } from '../users/models.js';
import { GraphError } from './errors.js';

/**
 * Microsoft Graph, the slice presence needs: one Entra tenant, app registrations that log in with
 * client credentials, users (their object id is what Genesys's Teams integration stores as the
 * SCIM external id), and presence as Graph aggregates it from sessions. State and rules only; HTTP
 * is in routes.ts. Every instant is the sandbox clock's.
 */

/** Graph's availability values (v1.0 `presence` resource). */
export const AVAILABILITY = ['Available', 'AvailableIdle', 'Away', 'BeRightBack', 'Busy', 'BusyIdle', 'DoNotDisturb', 'Offline', 'PresenceUnknown'] as const;

/** `setPresence` accepts only these availability/activity pairs (presence-setpresence). */
export const SESSION_STATES: ReadonlyArray<readonly [string, string]> = [
  ['Available', 'Available'],
  ['Busy', 'InACall'],
  ['Busy', 'InAConferenceCall'],
  ['Away', 'Away'],
  ['DoNotDisturb', 'Presenting'],
];
/** `setUserPreferredPresence` accepts only these pairs (presence-setuserpreferredpresence). */
export const PREFERRED_STATES: ReadonlyArray<readonly [string, string]> = [
  ['Available', 'Available'],
  ['Busy', 'Busy'],
  ['DoNotDisturb', 'DoNotDisturb'],
  ['BeRightBack', 'BeRightBack'],
  ['Away', 'Away'],
  ['Offline', 'OffWork'],
];

/** Among application-configured sessions: DoNotDisturb > Busy > Available > Away (presence-setpresence). */
const SESSION_RANK: Record<string, number> = { DoNotDisturb: 5, Busy: 4, BusyIdle: 4, Available: 3, AvailableIdle: 3, Away: 2, BeRightBack: 2, Offline: 1, PresenceUnknown: 0 };

/** The session a signed-in Teams client keeps for its user (a person's own client, not an app). */
export const TEAMS_CLIENT_SESSION = 'teams-client';

export const PRESENCE_LIMITS = {
  /** `getPresencesByUserId`: "Maximum of 650 user IDs". */
  bulkIds: 650,
  /** Presence, "Cloud communication service limits": 1,500 requests per 30 s per app per tenant. */
  requests: 1500,
  windowMs: 30_000,
  /** setPresence's expirationDuration: PT5M (the default) to PT4H. */
  sessionMinMs: 5 * 60_000,
  sessionMaxMs: 240 * 60_000,
  tokenSeconds: 3599,
} as const;

export interface GraphTenant {
  id: string;
  name: string;
  domain: string;
}
export interface GraphApp {
  /** The application (client) id: also the `sessionId` it must use in setPresence. */
  id: string;
  name: string;
  tenantId: string;
  secret: string;
  /** Application permissions granted with admin consent. */
  roles: string[];
}
export interface GraphUser {
  id: string;
  name: string;
  displayName: string;
  userPrincipalName: string;
  mail: string;
  /** The Genesys Cloud user the Teams integration links it to (SCIM externalIds, authority microsoftteams). */
  genesysUserId: string;
}
export interface PresenceState {
  availability: string;
  activity: string;
  /** Epoch ms on the sandbox clock; null: no expiry (a signed-in Teams client). */
  expiresAt: number | null;
}
export interface UserPresenceSessions {
  id: string;
  /** User-configured (setUserPreferredPresence or the person in their client): overrides every session. */
  preferred?: PresenceState;
  /** Application and client sessions by session id. */
  sessions: Record<string, PresenceState>;
}
interface GraphToken {
  id: string;
  appId: string;
  tenantId: string;
  roles: string[];
  expiresAt: number;
}

export const tenants = (ctx: SandboxContext): Collection<GraphTenant> => ctx.store.collection<GraphTenant>('graphTenants');
export const apps = (ctx: SandboxContext): Collection<GraphApp> => ctx.store.collection<GraphApp>('graphApps', { summarize: (a) => ({ tenantId: a.tenantId, roles: a.roles }) });
export const graphUsers = (ctx: SandboxContext): Collection<GraphUser> =>
  ctx.store.collection<GraphUser>('graphUsers', { summarize: (u) => ({ userPrincipalName: u.userPrincipalName, genesysUserId: u.genesysUserId }) });
const presences = (ctx: SandboxContext): Collection<UserPresenceSessions> => ctx.store.collection<UserPresenceSessions>('graphPresences', { hidden: true });
const tokens = (ctx: SandboxContext): Collection<GraphToken> =>
  ctx.store.collection<GraphToken>('graphTokens', { hidden: true, cap: { max: 10_000, age: (t) => t.expiresAt } });

/** The one tenant, and one app registration with what the presence automations need. */
export function seedGraph(ctx: SandboxContext): void {
  // Its own generator: drawing from ctx.rng would shift every seeded id after it.
  const rng = new Rng(ctx.options.seed ^ 0x6a9f);
  const tenant = tenants(ctx).insert({ id: rng.uuid(), name: 'presence-kit sandbox tenant', domain: 'sandbox.presence-kit.example' });
  apps(ctx).insert({
    id: rng.uuid(),
    name: 'Genesys Cloud presence (sandbox)',
    tenantId: tenant.id,
    secret: secretFrom(rng),
    roles: ['Presence.ReadWrite.All', 'User.Read.All'],
  });
  for (const u of sortedUsers(ctx)) linkUser(ctx, u.id, u.name, u.email, rng.uuid());
}

function secretFrom(rng: Rng): string {
  return Array.from({ length: 40 }, () => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789~._-'[rng.int(0, 66)]).join('');
}

/** A Genesys user gets a Teams (Entra) user; their Teams client is signed in and Available. */
export function linkUser(ctx: SandboxContext, genesysUserId: string, name: string, email: string, objectId: string): GraphUser {
  const u = graphUsers(ctx).insert({ id: objectId, name, displayName: name, userPrincipalName: email, mail: email, genesysUserId });
  presences(ctx).put({ id: objectId, sessions: { [TEAMS_CLIENT_SESSION]: { availability: 'Available', activity: 'Available', expiresAt: null } } });
  return u;
}

export const theTenant = (ctx: SandboxContext): GraphTenant | undefined => tenants(ctx).list()[0];
export const graphUserOfGenesys = (ctx: SandboxContext, genesysUserId: string): GraphUser | undefined => graphUsers(ctx).find((u) => u.genesysUserId === genesysUserId);

/** `/users/{id | userPrincipalName}`. */
export function findGraphUser(ctx: SandboxContext, idOrUpn: string): GraphUser {
  const key = idOrUpn.toLowerCase();
  const u = graphUsers(ctx).get(idOrUpn) ?? graphUsers(ctx).find((x) => x.userPrincipalName.toLowerCase() === key);
  if (!u) throw new GraphError(404, 'Request_ResourceNotFound', `Resource '${idOrUpn}' does not exist or one of its queried reference-property objects are not present.`);
  return u;
}

// ---------------------------------------------------------------------------------------------
// Tokens: POST https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token (client credentials)

export interface TokenGrant {
  token_type: 'Bearer';
  expires_in: number;
  ext_expires_in: number;
  access_token: string;
}

export class EntraError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    readonly description: string,
    readonly codes: number[],
  ) {
    super(description);
  }
}

export function issueToken(ctx: SandboxContext, tenantRef: string, form: Record<string, string>): TokenGrant {
  const tenant = tenants(ctx).find((t) => t.id === tenantRef || t.domain === tenantRef);
  if (!tenant) throw new EntraError(400, 'invalid_tenant', `AADSTS90002: Tenant '${tenantRef}' not found.`, [90002]);
  if (form.grant_type !== 'client_credentials') throw new EntraError(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.', [70003]);
  if (!form.scope) throw new EntraError(400, 'invalid_request', "AADSTS900144: The request body must contain the following parameter: 'scope'.", [900144]);
  if (form.scope !== 'https://graph.microsoft.com/.default')
    throw new EntraError(400, 'invalid_scope', `AADSTS1002012: The provided value for scope ${form.scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`, [1002012]);
  const app = apps(ctx).get(form.client_id ?? '');
  if (!app || app.tenantId !== tenant.id)
    throw new EntraError(400, 'unauthorized_client', `AADSTS700016: Application with identifier '${form.client_id ?? ''}' was not found in the directory '${tenant.name}'.`, [700016]);
  if (form.client_secret !== app.secret) throw new EntraError(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.', [7000215]);
  const id = randomBytes(32).toString('base64url');
  tokens(ctx).insert({ id, appId: app.id, tenantId: tenant.id, roles: [...app.roles], expiresAt: ctx.clock.now() + PRESENCE_LIMITS.tokenSeconds * 1000 });
  return { token_type: 'Bearer', expires_in: PRESENCE_LIMITS.tokenSeconds, ext_expires_in: PRESENCE_LIMITS.tokenSeconds, access_token: id };
}

export interface GraphCaller {
  appId: string;
  tenantId: string;
  roles: readonly string[];
}

export function authenticate(ctx: SandboxContext, authorization: string | undefined): GraphCaller {
  const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (!m) throw new GraphError(401, 'InvalidAuthenticationToken', 'Access token is empty.');
  const t = tokens(ctx).get(m[1]!);
  if (!t) throw new GraphError(401, 'InvalidAuthenticationToken', 'IDX14100: JWT is not well formed, there are no dots (.).');
  if (t.expiresAt <= ctx.clock.now()) throw new GraphError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.');
  return { appId: t.appId, tenantId: t.tenantId, roles: t.roles };
}

/** Application permissions: any of `anyOf` (least privileged first, as the permission tables list them). */
export function requireRole(caller: GraphCaller, anyOf: readonly string[]): void {
  if (!anyOf.some((r) => caller.roles.includes(r))) throw new GraphError(403, 'Forbidden', 'Insufficient privileges to complete the operation.');
}

// ---------------------------------------------------------------------------------------------
// Throttling: presence calls, 1,500 per 30 s per app per tenant, on the sandbox clock.

const windows = new WeakMap<SandboxContext, Map<string, number[]>>();
/** Accepted presence requests per app and tenant, ever (benches and tests read the peak window from it). */
const accepted = new WeakMap<SandboxContext, Map<string, number[]>>();

const refused = new WeakMap<SandboxContext, number>();
/** How many presence calls Graph answered 429 (benches and tests read it). */
export const throttledPresenceCalls = (ctx: SandboxContext): number => refused.get(ctx) ?? 0;

/** 0 when the request may go ahead (and counts it), else the Retry-After seconds. */
export function takePresenceBudget(ctx: SandboxContext, caller: GraphCaller): number {
  const key = `${caller.appId}/${caller.tenantId}`;
  const byKey = windows.get(ctx) ?? new Map<string, number[]>();
  windows.set(ctx, byKey);
  const now = ctx.clock.now();
  const w = (byKey.get(key) ?? []).filter((t) => t > now - PRESENCE_LIMITS.windowMs);
  byKey.set(key, w);
  if (w.length >= PRESENCE_LIMITS.requests) {
    refused.set(ctx, throttledPresenceCalls(ctx) + 1);
    return Math.max(1, Math.ceil((w[0]! + PRESENCE_LIMITS.windowMs - now) / 1000));
  }
  w.push(now);
  const log = accepted.get(ctx) ?? new Map<string, number[]>();
  accepted.set(ctx, log);
  log.set(key, [...(log.get(key) ?? []), now]);
  return 0;
}

/** The most presence requests Graph accepted from one app in any 30-second window. */
export function peakPresenceWindow(ctx: SandboxContext): number {
  let peak = 0;
  for (const times of accepted.get(ctx)?.values() ?? []) {
    let lo = 0;
    for (let hi = 0; hi < times.length; hi++) {
      while (times[hi]! - times[lo]! >= PRESENCE_LIMITS.windowMs) lo++;
      peak = Math.max(peak, hi - lo + 1);
    }
  }
  return peak;
}

// ---------------------------------------------------------------------------------------------
// Presence

export interface GraphPresence {
  id: string;
  availability: string;
  activity: string;
}

type PresenceListener = (user: GraphUser, before: GraphPresence, after: GraphPresence) => void;
const listeners = new WeakMap<SandboxContext, PresenceListener[]>();

/** Who is told when a user's aggregated presence changes (Genesys's Teams integration). */
export function onPresenceChange(ctx: SandboxContext, l: PresenceListener): () => void {
  const list = listeners.get(ctx) ?? [];
  listeners.set(ctx, [...list, l]);
  return () => listeners.set(ctx, (listeners.get(ctx) ?? []).filter((x) => x !== l));
}

const live = (s: PresenceState | undefined, now: number): s is PresenceState => s !== undefined && (s.expiresAt === null || s.expiresAt > now);

/**
 * Graph's aggregation: a user-configured (preferred) presence overrides every session, but only
 * while at least one session exists; among sessions DoNotDisturb > Busy > Available > Away; no
 * live session is Offline.
 */
export function aggregate(rec: UserPresenceSessions, now: number): GraphPresence {
  const sessions = Object.values(rec.sessions).filter((s) => live(s, now));
  if (sessions.length === 0) return { id: rec.id, availability: 'Offline', activity: 'Offline' };
  if (live(rec.preferred, now)) return { id: rec.id, availability: rec.preferred.availability, activity: rec.preferred.activity };
  const top = sessions.reduce((a, b) => ((SESSION_RANK[b.availability] ?? 0) > (SESSION_RANK[a.availability] ?? 0) ? b : a));
  return { id: rec.id, availability: top.availability, activity: top.activity };
}

function record(ctx: SandboxContext, userId: string): UserPresenceSessions {
  return presences(ctx).get(userId) ?? { id: userId, sessions: {} };
}

export function getPresence(ctx: SandboxContext, userId: string): GraphPresence {
  const u = findGraphUser(ctx, userId);
  return aggregate(record(ctx, u.id), ctx.clock.now());
}

/** The sessions behind a user's presence (for the sandbox's own inspection, not Graph's API). */
export const presenceSessions = (ctx: SandboxContext, userId: string): UserPresenceSessions => record(ctx, findGraphUser(ctx, userId).id);

/** Changes a user's sessions, then tells the listeners if the aggregated presence moved. */
function change(ctx: SandboxContext, user: GraphUser, edit: (rec: UserPresenceSessions) => UserPresenceSessions): GraphPresence {
  const now = ctx.clock.now();
  const rec = record(ctx, user.id);
  const before = aggregate(rec, now);
  const next = edit(structuredClone(rec));
  presences(ctx).put(next);
  const after = aggregate(next, now);
  // A session or preference running out changes the presence later, without anyone calling Graph.
  for (const s of [next.preferred, ...Object.values(next.sessions)]) if (s?.expiresAt && s.expiresAt > now) scheduleExpiry(ctx, user, s.expiresAt);
  notify(ctx, user, before, after);
  return after;
}

function notify(ctx: SandboxContext, user: GraphUser, before: GraphPresence, after: GraphPresence): void {
  if (before.availability === after.availability && before.activity === after.activity) return;
  for (const l of listeners.get(ctx) ?? []) l(user, before, after);
}

function scheduleExpiry(ctx: SandboxContext, user: GraphUser, at: number): void {
  ctx.clock.schedule(at, () => {
    const rec = record(ctx, user.id);
    const before = aggregate(rec, at - 1);
    const after = aggregate(rec, ctx.clock.now());
    notify(ctx, user, before, after);
  });
}

/** ISO 8601 duration (PnDTnHnMnS) in ms; undefined when malformed. */
export function parseDuration(iso: string): number | undefined {
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) return undefined;
  const [, d, h, mi, s] = m;
  return ((Number(d ?? 0) * 24 + Number(h ?? 0)) * 60 + Number(mi ?? 0)) * 60_000 + Number(s ?? 0) * 1000;
}

function checkPair(pairs: ReadonlyArray<readonly [string, string]>, availability: unknown, activity: unknown): [string, string] {
  if (typeof availability !== 'string' || typeof activity !== 'string')
    throw new GraphError(400, 'BadRequest', 'availability and activity are required.');
  if (!pairs.some(([a, b]) => a === availability && b === activity))
    throw new GraphError(400, 'BadRequest', `The presence ${availability}/${activity} is not a supported combination.`);
  return [availability, activity];
}

export interface SetPresenceInput {
  sessionId?: unknown;
  availability?: unknown;
  activity?: unknown;
  expirationDuration?: unknown;
}

/** POST /users/{id}/presence/setPresence: the app's own session (sessionId must be its app id). */
export function setPresence(ctx: SandboxContext, caller: GraphCaller, userId: string, b: SetPresenceInput): void {
  const user = findGraphUser(ctx, userId);
  if (typeof b.sessionId !== 'string' || b.sessionId === '') throw new GraphError(400, 'BadRequest', 'sessionId is required.');
  if (b.sessionId.toLowerCase() !== caller.appId.toLowerCase()) throw new GraphError(400, 'BadRequest', 'The sessionId must be the application id of the caller.');
  const [availability, activity] = checkPair(SESSION_STATES, b.availability, b.activity);
  let ms: number = PRESENCE_LIMITS.sessionMinMs;
  if (b.expirationDuration !== undefined) {
    const d = typeof b.expirationDuration === 'string' ? parseDuration(b.expirationDuration) : undefined;
    if (d === undefined || d < PRESENCE_LIMITS.sessionMinMs || d > PRESENCE_LIMITS.sessionMaxMs)
      throw new GraphError(400, 'BadRequest', 'expirationDuration must be an ISO 8601 duration from PT5M to PT4H.');
    ms = d;
  }
  change(ctx, user, (rec) => ({ ...rec, sessions: { ...rec.sessions, [caller.appId]: { availability, activity, expiresAt: ctx.clock.now() + ms } } }));
}

/** POST /users/{id}/presence/clearPresence: ends the app's session; 404 when it has none. */
export function clearPresence(ctx: SandboxContext, caller: GraphCaller, userId: string, b: { sessionId?: unknown }): void {
  const user = findGraphUser(ctx, userId);
  if (typeof b.sessionId !== 'string' || b.sessionId === '') throw new GraphError(400, 'BadRequest', 'sessionId is required.');
  if (b.sessionId.toLowerCase() !== caller.appId.toLowerCase()) throw new GraphError(400, 'BadRequest', 'The sessionId must be the application id of the caller.');
  const rec = record(ctx, user.id);
  if (!live(rec.sessions[caller.appId], ctx.clock.now())) throw new GraphError(404, 'NotFound', 'The presence session does not exist.');
  change(ctx, user, (r) => {
    const { [caller.appId]: _gone, ...rest } = r.sessions;
    return { ...r, sessions: rest };
  });
}

/** Default preferred-presence expiry when none is given: DoNotDisturb or Busy 1 day, the rest 7 days. */
const preferredDefaultMs = (availability: string) => (availability === 'DoNotDisturb' || availability === 'Busy' ? 1 : 7) * 24 * 3_600_000;

/** POST /users/{id}/presence/setUserPreferredPresence: user-configured, it overrides every session. */
export function setUserPreferredPresence(ctx: SandboxContext, userId: string, b: SetPresenceInput): GraphPresence {
  const user = findGraphUser(ctx, userId);
  const [availability, activity] = checkPair(PREFERRED_STATES, b.availability, b.activity);
  let ms = preferredDefaultMs(availability);
  if (b.expirationDuration !== undefined) {
    const d = typeof b.expirationDuration === 'string' ? parseDuration(b.expirationDuration) : undefined;
    if (d === undefined || d <= 0) throw new GraphError(400, 'BadRequest', 'expirationDuration must be an ISO 8601 duration.');
    ms = d;
  }
  return change(ctx, user, (rec) => ({ ...rec, preferred: { availability, activity, expiresAt: ctx.clock.now() + ms } }));
}

/** POST /users/{id}/presence/clearUserPreferredPresence. */
export function clearUserPreferredPresence(ctx: SandboxContext, userId: string): GraphPresence {
  const user = findGraphUser(ctx, userId);
  return change(ctx, user, ({ preferred: _gone, ...rec }) => rec);
}

/**
 * The person, in their own Teams client: a status they pick (Available, Busy, DoNotDisturb,
 * BeRightBack, Away, Offline/OffWork) is user-configured; anything else is what the client itself
 * reports (InAMeeting, Presenting, Focusing, OutOfOffice, …), after the person reset their status.
 * `Reset` clears what they picked. This is the sandbox's "person", not a Graph endpoint.
 */
export function setPersonStatus(ctx: SandboxContext, userId: string, status: string): GraphPresence {
  const user = findGraphUser(ctx, userId);
  if (status === 'Reset') return clearUserPreferredPresence(ctx, user.id);
  const picked = PREFERRED_STATES.find(([a, b]) => b === status || (a === status && a !== 'Offline')) ?? (status === 'Offline' ? PREFERRED_STATES[5] : undefined);
  if (picked) return change(ctx, user, (rec) => ({ ...rec, preferred: { availability: picked[0], activity: picked[1], expiresAt: null } }));
  return change(ctx, user, ({ preferred: _gone, ...rec }) => ({
    ...rec,
    sessions: { ...rec.sessions, [TEAMS_CLIENT_SESSION]: { availability: clientAvailability(status), activity: status, expiresAt: null } },
  }));
}

/** The availability a Teams client shows next to an activity it reports. */
function clientAvailability(activity: string): string {
  if (/^Available/.test(activity)) return 'Available';
  if (/^(Away|BeRightBack|OutOfOffice|Inactive)$/.test(activity)) return 'Away';
  if (/^(Offline|OffWork|PresenceUnknown)$/.test(activity)) return 'Offline';
  if (/^(Presenting|Focusing|UrgentInterruptionsOnly|DoNotDisturb)$/.test(activity)) return 'DoNotDisturb';
  return 'Busy';
}
