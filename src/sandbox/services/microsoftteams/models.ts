import { SYSTEM_PRESENCE_IDS } from '../../../model/presence.js';
import { createIntegration, patchIntegration } from '../integrations/integration.js';
import type { SandboxContext } from '../../core/context.js';
import { Rng } from '../../core/rng.js';
import type { Collection } from '../../core/store.js';
import { getUser } from '../users/models.js';
import { getUserPresence, putSourcePresence, registerPresenceSource, userPresences, PURECLOUD } from '../presence/models.js';
import { getPresence, onPresenceChange, graphUserOfGenesys, type GraphPresence, type GraphUser } from '../graph/models.js';

/**
 * Genesys Cloud's Microsoft Teams integration, as far as presence goes: it owns each linked
 * user's Teams presence (Graph's aggregated presence), keeps it as the user's presence from the
 * registered source "Microsoft Teams", and on every change publishes
 * `v2.users.{id}.integrationpresence` with every field of the SDK's
 * V2IntegrationPresenceEventPresenceActivityEvent. It only reads Graph; it never writes it.
 */
export const TEAMS_SOURCE = 'MICROSOFTTEAMS';
export const TEAMS_TOPIC = 'v2.users.{id}.integrationpresence';
/** Our reading of the event's `eventType` (the SDK model names no values). */
export const TEAMS_EVENT_TYPE = 'PresenceActivity';

export interface PresenceSourceRecord {
  id: string;
  name: string;
  /** The value `source` / `integrationPresenceSource` carry. */
  key: string;
  type: 'Native' | 'Integration';
  deactivated: boolean;
}

export const presenceSources = (ctx: SandboxContext): Collection<PresenceSourceRecord> => ctx.store.collection<PresenceSourceRecord>('presenceSources');

/**
 * Genesys Cloud's own source and the Microsoft Teams one, with stable ids; and, in the demo org
 * (`teamsIntegration`), the installed and active Microsoft Teams integration this service emulates,
 * so a preflight on the sandbox finds what it will use (a bare test org lists none).
 */
export function seedPresenceSources(ctx: SandboxContext): void {
  const rng = new Rng(ctx.options.seed ^ 0x7ea5);
  presenceSources(ctx).insert({ id: rng.uuid(), name: 'Genesys Cloud', key: PURECLOUD, type: 'Native', deactivated: false });
  presenceSources(ctx).insert({ id: rng.uuid(), name: 'Microsoft Teams', key: TEAMS_SOURCE, type: 'Integration', deactivated: false });
  if (ctx.options.teamsIntegration) {
    const teams = createIntegration(ctx, { integrationType: { id: 'microsoft-teams' } }, rng.uuid());
    patchIntegration(ctx, teams.id, { intendedState: 'ENABLED' });
  }
}

export const sourceByKey = (ctx: SandboxContext, key: string): PresenceSourceRecord | undefined =>
  presenceSources(ctx).find((s) => s.key.toLowerCase() === key.toLowerCase() || s.id === key);

/** How the integration shows a Teams availability as a Genesys presence (its `presenceDefinition`); the Teams activity travels in `message`. */
export function teamsSystemPresence(availability: string): 'Available' | 'Away' | 'Busy' | 'Offline' {
  if (availability === 'Available' || availability === 'AvailableIdle') return 'Available';
  if (availability === 'Away' || availability === 'BeRightBack') return 'Away';
  if (availability === 'Offline' || availability === 'PresenceUnknown') return 'Offline';
  return 'Busy';
}

/** The source whose presence Genesys displays for a user: their primary source. */
function displaySourceId(ctx: SandboxContext, userId: string): string | undefined {
  const primary = userPresences(ctx).get(userId)?.primarySource ?? PURECLOUD;
  return sourceByKey(ctx, primary)?.id;
}

/** Reflects one Graph presence change into Genesys (the integration's own view, then the event). */
export function reflect(ctx: SandboxContext, graphUser: GraphUser, after: GraphPresence): void {
  const userId = graphUser.genesysUserId;
  if (!getUser(ctx, userId)) return;
  const teams = sourceByKey(ctx, TEAMS_SOURCE)!;
  const system = teamsSystemPresence(after.availability);
  const definition = { id: SYSTEM_PRESENCE_IDS[system], systemPresence: system };
  const modifiedDate = ctx.clock.nowIso();
  const displayedBefore = displaySourceId(ctx, userId);
  putSourcePresence(ctx, userId, teams.id, { definitionId: definition.id, message: after.activity, modifiedDate });
  const displayedNow = displaySourceId(ctx, userId);
  const shown = getUserPresence(ctx, userId, userPresences(ctx).get(userId)?.primarySource).presenceDefinition;
  ctx.bus.publish({
    topic: `v2.users.${userId}.integrationpresence`,
    topicName: TEAMS_TOPIC,
    body: {
      userId,
      eventType: TEAMS_EVENT_TYPE,
      source: TEAMS_SOURCE,
      modifiedDate,
      presenceDefinition: definition,
      message: after.activity,
      ...(displayedNow ? { currentDisplaySourceId: displayedNow } : {}),
      ...(displayedBefore ? { previousDisplaySourceId: displayedBefore } : {}),
      futurePresenceDefinition: { id: shown.id, systemPresence: shown.systemPresence },
    },
    publishedAt: modifiedDate,
  });
}

/**
 * Starts listening to Graph: every aggregated presence change of a linked user is reflected — at
 * once (default profile), or after the production profile's propagation delay. A delayed reflect
 * reads Graph's presence when it lands, not the one of the change that scheduled it, and a user
 * has one reflect on its way at a time: changes meanwhile coalesce into it, so the integration
 * ends on the latest Teams status, never on an older one overtaking a newer.
 */
export function startTeamsIntegration(ctx: SandboxContext): () => void {
  const teams = sourceByKey(ctx, TEAMS_SOURCE);
  if (teams) registerPresenceSource(ctx, teams.id);
  const pending = new Set<string>();
  const lastReflected = new Map<string, string>();
  return onPresenceChange(ctx, (user, before, after) => {
    const delay = ctx.profile.teamsPropagationMs();
    if (delay <= 0) return reflect(ctx, user, after);
    if (pending.has(user.id)) return;
    pending.add(user.id);
    // What Genesys last heard, so a status that went and came back before landing is no change.
    if (!lastReflected.has(user.id)) lastReflected.set(user.id, `${before.availability}/${before.activity}`);
    ctx.clock.after(delay, () => {
      pending.delete(user.id);
      const now = getPresence(ctx, user.id);
      const key = `${now.availability}/${now.activity}`;
      if (lastReflected.get(user.id) === key) return;
      lastReflected.set(user.id, key);
      reflect(ctx, user, now);
    });
  });
}

/** The Teams object id of a Genesys user (SCIM `externalIds`, authority `microsoftteams`). */
export const teamsObjectId = (ctx: SandboxContext, genesysUserId: string): string | undefined => graphUserOfGenesys(ctx, genesysUserId)?.id;
