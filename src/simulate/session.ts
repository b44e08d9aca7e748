import type { GenesysClient } from '../genesys/client.js';
import type { EnvTarget } from '../genesys/config.js';
import { findUser, UserLookupError, type UserRef } from '../resources/users.js';
import { sandboxControl, type SandboxControl } from './control.js';
import { executionsSince, presenceChanges, simulateCall, simulateTeamsStatus, teamsChanges, teamsPresence, type CallScript, type Moment } from './drive.js';
import { buildTimeline, type TeamsSide, type TimelineRow } from './timeline.js';
import { policyHolds, type PolicyHold } from './policy-hold.js';
import { isSystemPresenceId } from '../model/presence.js';
import type { CallState, Execution, PresenceChange } from './types.js';

/**
 * One `simulate` run against a sandbox: find the sandbox behind the target (refusing a real
 * org), resolve the user, drive the scenario, and gather the timeline and the workflow runs.
 */
export class SimulateError extends Error {}

export interface SimulationTarget {
  client: GenesysClient;
  kind: 'org' | 'sandbox';
  sandbox?: { url: string };
}

const realOrg = (regionName: string) =>
  new SimulateError(`simulate drives only a presence-kit sandbox, and GENESYSCLOUD_REGION=${regionName} is a real org: unset GENESYSCLOUD_* (embedded sandbox) or point GENESYSCLOUD_API_URL at a running sandbox`);

/** Before any login: a region with no gateway URL is a real org, which `simulate` never touches. */
export function refuseRealOrg(env: EnvTarget): void {
  if (env.kind === 'org' && !env.connection.gatewayUrl && env.connection.region) throw realOrg(env.connection.region.name);
}

export async function sandboxFor(target: SimulationTarget): Promise<SandboxControl> {
  if (target.kind === 'sandbox' && target.sandbox) return sandboxControl(target.sandbox.url);
  const region = target.client.connection.region;
  if (region) throw realOrg(region.name);
  const ctl = sandboxControl(target.client.apiBase);
  try {
    await ctl.get('clock');
  } catch {
    throw new SimulateError(`simulate drives only a presence-kit sandbox, and ${target.client.apiBase} has no sandbox control API: point GENESYSCLOUD_API_URL at \`presence-kit sandbox\` or unset it`);
  }
  return ctl;
}

export type { UserRef } from '../resources/users.js';

/** `--user`: an id, an email or an exact name (case-insensitive). */
export async function resolveUser(client: GenesysClient, ref: string): Promise<UserRef> {
  try {
    return await findUser(client, ref);
  } catch (e) {
    throw e instanceof UserLookupError ? new SimulateError(e.message) : e;
  }
}

/**
 * The user the demo calls and the summary's "try it" names: one who is Available shows the change
 * best — someone Offline does not take calls, and an On Queue agent is (rightly) left alone by the
 * workflows. Undefined when the org has no users or cannot list them.
 */
export async function demoUser(client: GenesysClient): Promise<UserRef | undefined> {
  type Listed = UserRef & { presence?: { presenceDefinition?: { systemPresence?: string } } };
  try {
    const res = await client.request<{ entities?: Listed[] }>('GET', '/api/v2/users', { query: { pageSize: 100, pageNumber: 1, expand: 'presence' } });
    const users = res.entities ?? [];
    return users.find((u) => u.presence?.presenceDefinition?.systemPresence === 'Available') ?? users[0];
  } catch {
    return undefined;
  }
}

/**
 * Puts a user other than `except` in the presence labelled `label` (e.g. "Pre-Break", as the
 * pre-break job would) for a demo; undefined when the org has no such presence or no other user.
 */
export async function putAnotherUserIn(client: GenesysClient, label: string, except: string): Promise<UserRef | undefined> {
  const defs = await client.request<{ entities?: Array<{ id: string; languageLabels?: Record<string, string> }> }>('GET', '/api/v2/presence/definitions');
  const definition = defs.entities?.find((d) => d.languageLabels?.en_US === label);
  const users = await client.request<{ entities?: UserRef[] }>('GET', '/api/v2/users', { query: { pageSize: 25, pageNumber: 1 } });
  const user = users.entities?.find((u) => u.id !== except);
  if (!definition || !user) return undefined;
  await client.request('PATCH', `/api/v2/users/${user.id}/presences/purecloud`, { body: { presenceDefinition: { id: definition.id }, primary: true } });
  return user;
}

/** The user's presence as the admin UI names it: a system presence, or a secondary one's label ("Pre-Break"). */
export async function currentPresence(client: GenesysClient, userId: string): Promise<string> {
  const { presenceDefinition: d } = await client.request<{ presenceDefinition: { id: string; systemPresence: string } }>('GET', `/api/v2/users/${userId}/presences/purecloud`);
  if (isSystemPresenceId(d.id)) return d.systemPresence;
  try {
    return (await client.request<{ languageLabels?: Record<string, string> }>('GET', `/api/v2/presence/definitions/${d.id}`)).languageLabels?.en_US ?? d.systemPresence;
  } catch {
    return d.systemPresence;
  }
}

export interface SimulationReport {
  user: UserRef;
  presence: { before: string; after: string; changes: PresenceChange[] };
  /** The presence-policy rules that held the presence, run by run. */
  held: PolicyHold[];
  /** `simulate interaction`: the user's Teams presence (activity) before and after, and its changes. */
  teams?: { before?: string; after?: string; changes: Array<{ time: string; activity: string; systemPresence: string }> };
  call?: CallState;
  executions: Execution[];
  timeline: TimelineRow[];
}

async function report(client: GenesysClient, ctl: SandboxControl, user: UserRef, before: string, startedAt: string, moments: Moment[], call?: CallState): Promise<SimulationReport> {
  const [changes, runs, after] = await Promise.all([presenceChanges(ctl, user.id, startedAt), executionsSince(ctl, startedAt, user.id), currentPresence(client, user.id)]);
  return { user, presence: { before, after, changes }, held: policyHolds(runs), ...(call ? { call } : {}), executions: runs, timeline: buildTimeline(startedAt, before, moments, runs, changes) };
}

export async function runCallSimulation(client: GenesysClient, ctl: SandboxControl, user: UserRef, script: Omit<CallScript, 'userId'>): Promise<SimulationReport> {
  const before = await currentPresence(client, user.id);
  const r = await simulateCall(ctl, { ...script, userId: user.id });
  return report(client, ctl, user, before, r.startedAt, r.moments, r.call);
}

/**
 * An ACD interaction (a call through a queue: offered, answered, ended) and both presences on one
 * timeline: Genesys's, and Teams' as Genesys's Teams integration reports it — what
 * teams-presence-outbound shows in Teams, and whatever the Teams → Genesys sync makes of it.
 */
export async function runInteractionSimulation(client: GenesysClient, ctl: SandboxControl, user: UserRef, script: Omit<CallScript, 'userId' | 'direction' | 'group'> & { queueId: string }): Promise<SimulationReport> {
  const before = await currentPresence(client, user.id);
  const teamsBefore = (await teamsPresence(ctl, user.id))?.activity;
  const r = await simulateCall(ctl, { ...script, userId: user.id, direction: 'inbound' });
  const rep = await report(client, ctl, user, before, r.startedAt, r.moments, r.call);
  const changes = await teamsChanges(ctl, user.id, r.startedAt);
  const side: TeamsSide = { initial: teamsBefore, changes };
  return {
    ...rep,
    teams: { before: teamsBefore, after: (await teamsPresence(ctl, user.id))?.activity, changes },
    timeline: buildTimeline(r.startedAt, before, r.moments, rep.executions, rep.presence.changes, side),
  };
}

export async function runTeamsSimulation(client: GenesysClient, ctl: SandboxControl, user: UserRef, status: string): Promise<SimulationReport> {
  const before = await currentPresence(client, user.id);
  const r = await simulateTeamsStatus(ctl, user.id, status);
  return report(client, ctl, user, before, r.startedAt, r.moments);
}
