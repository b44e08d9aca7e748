import { SYSTEM_PRESENCE_IDS, type SystemPresenceName } from '../../../model/presence.js';
import type { SandboxContext } from '../../core/context.js';
import { badRequest, notFound } from '../../core/errors.js';
import type { Collection } from '../../core/store.js';
import { getUser, sortedUsers } from '../users/models.js';
import { recordRoutingStatus, getRoutingStatus, routingStatuses } from '../users/routing-status.js';
import { presenceDefinitions, type PresenceDefinitionRecord } from './definitions.js';

/** The Genesys Cloud presence source: `source: "PURECLOUD"`, reachable as `/presences/purecloud`. */
export const PURECLOUD = 'PURECLOUD';

export interface SourcePresence {
  definitionId: string;
  message: string;
  modifiedDate: string;
}

/** A user's presence per source (keyed by upper-cased source id), keyed by user id. */
export interface UserPresenceRecord {
  id: string;
  primarySource: string;
  sources: Record<string, SourcePresence>;
}

export const userPresences = (ctx: SandboxContext): Collection<UserPresenceRecord> =>
  ctx.store.collection<UserPresenceRecord>('userPresences', { hidden: true });

const sourceKey = (sourceId: string | undefined) => (!sourceId || sourceId.toLowerCase() === 'purecloud' ? PURECLOUD : sourceId);

/** What Genesys answers for a user's presence (UserPresence). */
export interface UserPresenceView {
  source: string;
  sourceId?: string;
  primary: boolean;
  presenceDefinition: { id: string; systemPresence: SystemPresenceName; selfUri: string };
  message: string;
  modifiedDate: string;
  selfUri: string;
}

function view(ctx: SandboxContext, userId: string, source: string, rec: UserPresenceRecord, p: SourcePresence): UserPresenceView {
  const d = presenceDefinitions(ctx).get(p.definitionId);
  return {
    source,
    ...(source === PURECLOUD ? {} : { sourceId: source }),
    primary: rec.primarySource === source,
    presenceDefinition: {
      id: p.definitionId,
      systemPresence: d?.systemPresence ?? 'Offline',
      selfUri: `/api/v2/presencedefinitions/${p.definitionId}`,
    },
    message: p.message,
    modifiedDate: p.modifiedDate,
    selfUri: `/api/v2/users/${userId}/presences/${source}`,
  };
}

function requireUser(ctx: SandboxContext, userId: string) {
  const u = getUser(ctx, userId);
  if (!u) throw notFound(`User ${userId} not found`);
  return u;
}

/** A user's presence from one source (default: Genesys Cloud). A user never set is Offline. */
export function getUserPresence(ctx: SandboxContext, userId: string, sourceId?: string): UserPresenceView {
  requireUser(ctx, userId);
  const source = sourceKey(sourceId);
  const rec = userPresences(ctx).get(userId) ?? { id: userId, primarySource: PURECLOUD, sources: {} };
  const p = rec.sources[source];
  if (!p) {
    if (source !== PURECLOUD) throw notFound(`No presence from source ${sourceId} for user ${userId}`);
    return view(ctx, userId, source, rec, { definitionId: SYSTEM_PRESENCE_IDS.Offline, message: '', modifiedDate: ctx.clock.nowIso() });
  }
  return view(ctx, userId, source, rec, p);
}

/**
 * Registered (integration) presence sources — Microsoft Teams — are written by their integration
 * only: `PATCH /users/{id}/presences/{sourceId}` "does not support registered presence sources".
 */
const registeredSources = new WeakMap<SandboxContext, Set<string>>();
export function registerPresenceSource(ctx: SandboxContext, sourceId: string): void {
  registeredSources.set(ctx, new Set([...(registeredSources.get(ctx) ?? []), sourceId]));
}
export const isRegisteredSource = (ctx: SandboxContext, sourceId: string | undefined): boolean => sourceId !== undefined && (registeredSources.get(ctx)?.has(sourceId) ?? false);

/** A registered source's integration records what it reports; no `v2.users.{id}.presence` (not the user's own presence). */
export function putSourcePresence(ctx: SandboxContext, userId: string, sourceId: string, p: SourcePresence): void {
  const rec = userPresences(ctx).get(userId) ?? { id: userId, primarySource: PURECLOUD, sources: {} };
  userPresences(ctx).put({ ...rec, sources: { ...rec.sources, [sourceId]: p } });
}

/** The system presence a user shows (from the primary source). */
export const systemPresenceOf = (ctx: SandboxContext, userId: string): SystemPresenceName => {
  const rec = userPresences(ctx).get(userId);
  return getUserPresence(ctx, userId, rec?.primarySource).presenceDefinition.systemPresence;
};

export interface SetPresenceOptions {
  sourceId?: string;
  message?: string;
  primary?: boolean;
}

/** Checks a presence change without applying it (bulk updates validate every item first). */
export function validatePresenceChange(ctx: SandboxContext, userId: string, definitionId: string | undefined): PresenceDefinitionRecord | undefined {
  requireUser(ctx, userId);
  if (definitionId === undefined) return undefined;
  const d = presenceDefinitions(ctx).get(definitionId);
  if (!d || d.deleted) throw badRequest(`Invalid presence definition id: ${definitionId}`, { entityId: definitionId });
  if (d.deactivated) throw badRequest(`The presence definition ${definitionId} is deactivated`, { entityId: definitionId });
  return d;
}

/**
 * Sets a user's presence (the rule behind PATCH `/presences/{source}`, the bulk PUT, data actions
 * and the simulators). Going On Queue makes the agent IDLE; leaving On Queue makes them OFF_QUEUE.
 * Every change records `modifiedDate` from the sandbox clock and publishes `v2.users.{id}.presence`.
 * `definitionId` undefined keeps the current definition (e.g. only `message` or `primary` change).
 */
export function setUserPresence(ctx: SandboxContext, userId: string, definitionId: string | undefined, opts: SetPresenceOptions = {}): UserPresenceView {
  if (isRegisteredSource(ctx, opts.sourceId)) throw badRequest(`The presence source ${opts.sourceId} is a registered presence source: its integration sets it, this API does not.`);
  validatePresenceChange(ctx, userId, definitionId);
  const source = sourceKey(opts.sourceId);
  const rec = userPresences(ctx).get(userId) ?? { id: userId, primarySource: PURECLOUD, sources: {} };
  const before = rec.sources[source];
  const wasPrimary = rec.primarySource;
  const beforeSystem = systemPresenceOfRecord(ctx, rec);
  const next: SourcePresence = {
    definitionId: definitionId ?? before?.definitionId ?? SYSTEM_PRESENCE_IDS.Offline,
    message: opts.message ?? before?.message ?? '',
    modifiedDate: before?.modifiedDate ?? ctx.clock.nowIso(),
  };
  const changed = !before || next.definitionId !== before.definitionId || next.message !== before.message;
  if (changed) next.modifiedDate = ctx.clock.nowIso();
  const primarySource = opts.primary === true ? source : rec.primarySource;
  const updated: UserPresenceRecord = { id: userId, primarySource, sources: { ...rec.sources, [source]: next } };
  if (!changed && primarySource === wasPrimary) return view(ctx, userId, source, updated, next);
  userPresences(ctx).put(updated);
  const out = view(ctx, userId, source, updated, next);
  ctx.bus.publish({
    topic: `v2.users.${userId}.presence`,
    topicName: 'v2.users.{id}.presence',
    body: {
      source: out.source,
      presenceDefinition: { id: out.presenceDefinition.id, systemPresence: out.presenceDefinition.systemPresence },
      primary: out.primary,
      message: out.message,
      modifiedDate: out.modifiedDate,
    },
    publishedAt: ctx.clock.nowIso(),
  });
  applyRoutingRule(ctx, userId, beforeSystem, systemPresenceOfRecord(ctx, updated));
  return out;
}

/** GET `/users/presences/purecloud/bulk` takes at most 50 user ids (reference §10). */
export const bulkGetLimit = 50;

/** The presences of several users from one source; unknown users are left out. */
export function getUserPresencesBulk(ctx: SandboxContext, userIds: readonly string[], sourceId?: string): Array<{ userId: string; presence: UserPresenceView }> {
  const out: Array<{ userId: string; presence: UserPresenceView }> = [];
  for (const userId of new Set(userIds)) {
    if (!getUser(ctx, userId)) continue;
    try {
      out.push({ userId, presence: getUserPresence(ctx, userId, sourceId) });
    } catch {
      // No presence from that source for this user: nothing to report.
    }
  }
  return out;
}

export interface PresenceChange {
  definitionId?: string;
  message?: string;
  primary?: boolean;
}

/**
 * PUT `/users/presences/bulk`: every item is checked before any is applied, so one bad user id or
 * definition leaves every presence as it was. No batch limit was found for this endpoint.
 */
export function setUserPresencesBulk(ctx: SandboxContext, changes: ReadonlyArray<PresenceChange & { userId: string; sourceId?: string }>): UserPresenceView[] {
  for (const c of changes) validatePresenceChange(ctx, c.userId, c.definitionId);
  return changes.map((c) => setUserPresence(ctx, c.userId, c.definitionId, { sourceId: c.sourceId, message: c.message, primary: c.primary }));
}

function systemPresenceOfRecord(ctx: SandboxContext, rec: UserPresenceRecord): SystemPresenceName {
  const p = rec.sources[rec.primarySource];
  return (p && presenceDefinitions(ctx).get(p.definitionId)?.systemPresence) ?? 'Offline';
}

function applyRoutingRule(ctx: SandboxContext, userId: string, before: SystemPresenceName, after: SystemPresenceName): void {
  if (after === 'On Queue' && before !== 'On Queue') recordRoutingStatus(ctx, userId, 'IDLE');
  else if (before === 'On Queue' && after !== 'On Queue') recordRoutingStatus(ctx, userId, 'OFF_QUEUE');
}

/**
 * PUT `/users/{id}/routingstatus`: only IDLE (go on queue) and OFF_QUEUE can be asked for; the
 * other statuses follow from conversations. Sandbox assumption: asking for IDLE puts the agent
 * On Queue, asking for OFF_QUEUE while On Queue makes them Available.
 */
export function requestRoutingStatus(ctx: SandboxContext, userId: string, status: string) {
  requireUser(ctx, userId);
  if (status !== 'IDLE' && status !== 'OFF_QUEUE') throw badRequest(`The routing status can only be set to IDLE or OFF_QUEUE, not ${status}`);
  const current = systemPresenceOf(ctx, userId);
  if (status === 'IDLE' && current !== 'On Queue') setUserPresence(ctx, userId, SYSTEM_PRESENCE_IDS['On Queue'], { primary: true });
  if (status === 'OFF_QUEUE' && current === 'On Queue') setUserPresence(ctx, userId, SYSTEM_PRESENCE_IDS.Available, { primary: true });
  return getRoutingStatus(ctx, userId);
}

/** The system presences a seeded user starts in, by weight. Only agents start On Queue. */
const START_AGENT: readonly SystemPresenceName[] = ['On Queue', 'On Queue', 'On Queue', 'Available', 'Available', 'Away', 'Offline'];
const START_OTHER: readonly SystemPresenceName[] = ['Available', 'Available', 'Away', 'Offline'];

/** Seeds every user's Genesys Cloud presence (and hence routing status), drawn from the seeded generator. */
export function seedUserPresences(ctx: SandboxContext): void {
  const at = ctx.clock.nowIso();
  for (const u of sortedUsers(ctx)) {
    const p = ctx.rng.pick(u.agent ? START_AGENT : START_OTHER);
    userPresences(ctx).put({ id: u.id, primarySource: PURECLOUD, sources: { [PURECLOUD]: { definitionId: SYSTEM_PRESENCE_IDS[p], message: '', modifiedDate: at } } });
    // Written directly: seeding is the org's starting point, not a change anyone should be told about.
    routingStatuses(ctx).put({ id: u.id, status: p === 'On Queue' ? 'IDLE' : 'OFF_QUEUE', startTime: at });
  }
}
