import type { OrgRequirement } from '../engine/manifest.js';
import type { GenesysClient } from '../genesys/client.js';
import { errorLine, GenesysError } from '../genesys/errors.js';
import { allCursorPages, allPages } from '../resources/paging.js';
import { listBusinessUnits } from '../resources/wfm.js';
import { readHeldPermissions } from '../resources/permissions.js';
import { OBSERVE_CALLS } from '../observe/permissions.js';
import { divisionReach, reachLines, type KitClients } from './division-reach.js';
import { missingPermissions, type MissingPermission } from './permissions.js';
import { needsOf, type BlueprintShape } from './requirements.js';
import type { Desired } from '../engine/blueprints.js';
import { ResourceContext } from '../resources/context.js';
import { checkInputsAgainstOrg } from '../engine/org-inputs.js';
import { EngineError } from '../engine/errors.js';
import { recogniseInstall, type ExistingInstall } from './existing-install.js';
import { existingLines, existingSummary } from './existing-report.js';

/** What preflight needs to know about a chosen blueprint (derived from its manifest). */
export interface BlueprintNeeds extends BlueprintShape {
  /** Notification topics its triggers listen on. */
  topics: string[];
  /** What it needs in the org beyond what it provisions (the manifest's `requires`). */
  requires?: OrgRequirement[];
  /**
   * The names of the OAuth clients it makes, with the variables' defaults (doctor checks whom the
   * existing ones can reach): only when doctor has no deployment to read marks of (no existing-install look).
   */
  clients?: string[];
}

export type CheckStatus = 'pass' | 'warn' | 'fail';

export interface CheckResult {
  id: 'connection' | 'permissions' | 'event-orchestration' | 'teams-integration' | 'wfm-business-unit' | 'division-reach' | 'observe' | 'inputs' | 'existing-install';
  title: string;
  status: CheckStatus;
  detail: string;
  /** What to do about it, when it is not a pass. */
  fix?: string;
  missing?: MissingPermission[];
  /** Details, one per line (the existing install). */
  lines?: string[];
}

export interface DoctorReport {
  ok: boolean;
  checks: CheckResult[];
  /** What is already in the org, when `existing` was asked for. */
  existing?: ExistingInstall;
}

export interface DoctorInput {
  client: GenesysClient;
  /** The admin client's id (whose permissions are checked). */
  clientId: string;
  /** Where, for humans: "the embedded sandbox" or the region. */
  where: string;
  blueprints: BlueprintNeeds[];
  /** Also check that this client can run `timeline` and `watch` (doctor --blueprint observe). */
  observe?: boolean;
  /**
   * Look for an existing install of the chosen blueprints (the originals, names taken, triggers
   * that would double the kit's): what `plan` would stop on, before anything is asked.
   */
  existing?: { desired: Desired; deployment: string; adopt?: readonly string[]; use?: readonly string[]; allowOverlap?: boolean };
  /**
   * Whose checks: the admin's who applies (the default: what provisioning needs), or an operator's
   * read-only client (`doctor --as observer`: only what timeline and watch read — never the
   * admin's permissions, whose advice would widen a read-only role).
   */
  as?: DoctorRole;
}

export const DOCTOR_ROLES = ['admin', 'observer'] as const;
export type DoctorRole = (typeof DOCTOR_ROLES)[number];

/**
 * The Microsoft Teams integration's type id is our best reading of the admin UI card (unverified
 * against a live org), so the type's display name is accepted too.
 */
export const TEAMS_INTEGRATION_TYPE = 'microsoft-teams';
const isTeams = (t?: { id?: string; name?: string }) => t?.id === TEAMS_INTEGRATION_TYPE || /^microsoft\s*teams$/i.test(t?.name ?? '');

/** Runs every preflight check for the chosen blueprints. Reads only: doctor never writes. */
export async function runDoctor(input: DoctorInput): Promise<DoctorReport> {
  const connection: CheckResult = { id: 'connection', title: 'Connection', status: 'pass', detail: `logged in to ${input.where} as OAuth client ${input.clientId}` };
  if (input.as === 'observer') {
    // The operator's own client: what it reads, asked of the org. Nothing about provisioning.
    const checks = [connection, await checkObserve(input, 'observer')];
    return { ok: checks.every((c) => c.status !== 'fail'), checks };
  }
  const checks: CheckResult[] = [connection, await checkPermissions(input)];
  const topics = [...new Set(input.blueprints.flatMap((b) => b.topics))];
  if (topics.length || input.blueprints.some((b) => b.kinds.includes('trigger'))) checks.push(await checkEventOrchestration(input.client, topics));
  const requires = new Set(input.blueprints.flatMap((b) => b.requires ?? []));
  if (requires.has('teams-integration')) checks.push(await checkTeamsIntegration(input.client));
  if (requires.has('wfm-business-unit')) checks.push(await checkWfm(input.client));
  const clients = kitClients(input);
  if (clients.names.length) {
    const reach = await checkDivisionReach(input.client, clients, requires.has('wfm-business-unit'));
    if (reach) checks.push(reach);
  }
  if (input.observe) checks.push(await checkObserve(input));
  let existing: ExistingInstall | undefined;
  if (input.existing) {
    // One context: the listings the input check reads (presences) serve the existing-install look too.
    const ctx = new ResourceContext(input.client);
    checks.push(await checkInputs(ctx, input.existing.desired));
    const r = await checkExisting(ctx, input.existing);
    checks.push(r.check);
    existing = r.found;
  }
  return { ok: checks.every((c) => c.status !== 'fail'), checks, ...(existing ? { existing } : {}) };
}

/** The values given against the org, as plan checks them before its first write (a presence name that is a typo, a division). */
async function checkInputs(ctx: ResourceContext, desired: Desired): Promise<CheckResult> {
  const title = 'Variables against the org';
  try {
    await checkInputsAgainstOrg(ctx, desired);
    return { id: 'inputs', title, status: 'pass', detail: 'every presence and division the variables name is in the org' };
  } catch (err) {
    if (!(err instanceof EngineError)) return { id: 'inputs', title, status: 'fail', detail: errorLine(err), fix: err instanceof GenesysError ? err.hint : undefined };
    return { id: 'inputs', title, status: 'fail', detail: err.message.replace(/; nothing was written$/, ''), fix: 'give the variable a value the org has (--set, the config file)' };
  }
}

/**
 * The existing install: a name presence-kit would use that someone else holds, unanswered (no
 * --adopt / --use for it), stops `plan` — so it fails here too; enabled triggers that would run
 * beside the kit's stop `apply` unless --allow-overlap.
 */
async function checkExisting(ctx: ResourceContext, e: NonNullable<DoctorInput['existing']>): Promise<{ check: CheckResult; found?: ExistingInstall }> {
  const title = 'Existing install';
  let found: ExistingInstall;
  try {
    found = await recogniseInstall({ ctx, desired: e.desired, deployment: e.deployment });
  } catch (err) {
    return { check: { id: 'existing-install', title, status: 'fail', detail: `could not read what is in the org: ${errorLine(err)}`, fix: err instanceof GenesysError ? err.hint : undefined } };
  }
  const answered = new Set([...(e.adopt ?? []), ...(e.use ?? [])].map((r) => r.toLowerCase()));
  const blocking = found.taken.filter((t) => !answered.has(t.ref.toLowerCase()));
  const overlapBlocks = found.overlaps.length > 0 && !e.allowOverlap;
  const status: CheckStatus = blocking.length || overlapBlocks ? 'fail' : found.originals.length || found.taken.length || found.overlaps.length ? 'warn' : 'pass';
  const fixes: string[] = [];
  if (blocking.length) fixes.push(`for each taken name: make ours beside it (--set namePrefix="PK "), take it over (--adopt ${blocking[0]!.ref}) or use it as it is (--use ${blocking[0]!.ref}) — the wizard asks`);
  if (overlapBlocks) fixes.push('disable those triggers (presence-kit apply --disable-overlapping), or run both on purpose (--allow-overlap)');
  return { check: { id: 'existing-install', title, status, detail: existingSummary(found, blocking), ...(fixes.length ? { fix: fixes.join('; ') } : {}), lines: existingLines(found) }, found };
}

async function checkPermissions(input: DoctorInput): Promise<CheckResult> {
  const title = 'Admin client permissions';
  let held;
  try {
    held = await readHeldPermissions(input.client, input.clientId);
  } catch (err) {
    // An operator's read-only client cannot read its own roles, and must not be told to: the admin's
    // check is not theirs.
    const operator = 'an operator checking timeline and watch: presence-kit doctor --as observer';
    return { id: 'permissions', title, status: 'fail', detail: errorLine(err), fix: err instanceof GenesysError && err.hint ? `${err.hint} (the admin client that applies; ${operator})` : `for ${operator}` };
  }
  const missing = missingPermissions(held.permissions, needsOf(input.blueprints));
  const roleNames = held.roles.map((r) => r.name).join(', ') || 'no roles';
  if (!missing.length) return { id: 'permissions', title, status: 'pass', detail: `every permission the chosen blueprints need (roles: ${roleNames})` };
  return {
    id: 'permissions',
    title,
    status: 'fail',
    detail: `missing ${missing.length} permission${missing.length > 1 ? 's' : ''}: ${missing.map(describeMissing).join('; ')}`,
    fix: `add them to a role granted to OAuth client ${input.clientId} (Admin > Roles / Permissions), or use a client with Master Admin`,
    missing,
  };
}

/**
 * Whether this client can read what timeline and watch read. Asked of the org itself, one harmless
 * read per call: an operator's client usually cannot read its own roles, and the org's answer is
 * the truth anyway (403 = missing; anything else, even a 404, means the permission is there).
 */
async function checkObserve(input: DoctorInput, as: DoctorRole = 'admin'): Promise<CheckResult> {
  const title = 'timeline and watch';
  const day = { from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date().toISOString() };
  const probes: Array<{ call: (typeof OBSERVE_CALLS)[number]['call']; run: () => Promise<unknown> }> = [
    { call: 'POST /api/v2/analytics/users/details/query', run: () => input.client.request('POST', '/api/v2/analytics/users/details/query', { body: { interval: `${day.from}/${day.to}`, paging: { pageSize: 1, pageNumber: 1 } } }) },
    { call: 'POST /api/v2/flows/instances/query', run: () => input.client.request('POST', '/api/v2/flows/instances/query', { body: { query: [{ criteria: { key: 'startDateTime', operator: 'gte', value: day.to } }] }, query: { pageSize: 1 } }) },
    { call: 'GET /api/v2/flows/instances/{instanceId}', run: () => input.client.request('GET', '/api/v2/flows/instances/00000000-0000-4000-8000-000000000000') },
    { call: 'GET /api/v2/flows', run: () => input.client.request('GET', '/api/v2/flows', { query: { pageSize: 1, pageNumber: 1, type: 'workflow' } }) },
  ];
  const missing: MissingPermission[] = [];
  for (const probe of probes) {
    try {
      await probe.run();
    } catch (err) {
      if (!(err instanceof GenesysError) || err.status !== 403) continue;
      for (const permission of OBSERVE_CALLS.find((c) => c.call === probe.call)!.permissions) missing.push({ permission, neededBy: ['timeline/watch'], operation: probe.call });
    }
  }
  if (!missing.length) return { id: 'observe', title, status: 'pass', detail: `OAuth client ${input.clientId} can read presence history, workflow runs and live presence` };
  return {
    id: 'observe',
    title,
    status: 'fail',
    detail: `missing ${missing.map((m) => `${m.permission} (${m.operation})`).join('; ')}`,
    // Exactly the observer role: never more than timeline and watch read.
    fix:
      as === 'observer'
        ? 'ask an admin to grant this client or user the "Presence Kit Observer" role (presence-kit apply --blueprint observe): exactly what timeline and watch read, nothing else'
        : 'grant the "Presence Kit Observer" role (presence-kit apply --blueprint observe) to this client or user',
    missing,
  };
}

export const describeMissing = (m: MissingPermission) => `${m.permission} (for ${m.neededBy.join(', ')})`;

async function checkEventOrchestration(client: GenesysClient, needed: string[]): Promise<CheckResult> {
  const title = 'Event Orchestration';
  let topics: string[];
  try {
    // Cursor-paged, as Genesys pages triggers.
    topics = await allCursorPages<string>(client, '/api/v2/processautomation/triggers/topics', {}, 200);
  } catch (err) {
    const fix =
      err instanceof GenesysError && err.status === 403
        ? 'grant processautomation:trigger:view to the admin client'
        : 'Event Orchestration (Admin > Triggers) must be available in the org: ask Genesys to enable it for your license';
    return { id: 'event-orchestration', title, status: 'fail', detail: `the triggers topics list does not answer: ${errorLine(err)}`, fix };
  }
  const missing = needed.filter((t) => !topics.includes(t));
  if (missing.length)
    return {
      id: 'event-orchestration',
      title,
      status: 'fail',
      detail: `topic${missing.length > 1 ? 's' : ''} not offered by this org: ${missing.join(', ')}`,
      fix: 'these topics need the matching Genesys feature (e.g. Communicate or the Microsoft Teams integration) licensed in the org',
    };
  return { id: 'event-orchestration', title, status: 'pass', detail: `available (${topics.length} topics${needed.length ? `, including the ${needed.length} the blueprints use` : ''})` };
}

async function checkTeamsIntegration(client: GenesysClient): Promise<CheckResult> {
  const title = 'Microsoft Teams integration';
  try {
    const listed = await allPages<{ id: string; name?: string; intendedState?: string; integrationType?: { id?: string; name?: string } }>(client, '/api/v2/integrations');
    const found = listed.filter((i) => isTeams(i.integrationType));
    if (!found.length)
      return {
        id: 'teams-integration',
        title,
        status: 'warn',
        detail: 'no Microsoft Teams integration in this org: teams-presence can be installed, but no Teams presence will arrive until it exists',
        fix: 'add and activate the Microsoft Teams integration (Admin > Integrations), with Teams presence sync and SCIM linking users',
      };
    const active = found.find((i) => i.intendedState === 'ENABLED');
    return active
      ? { id: 'teams-integration', title, status: 'pass', detail: `"${active.name ?? active.id}" is active` }
      : {
          id: 'teams-integration',
          title,
          status: 'warn',
          detail: `"${found[0]!.name ?? found[0]!.id}" exists but is not active`,
          fix: 'activate it in Admin > Integrations',
        };
  } catch (err) {
    return { id: 'teams-integration', title, status: 'warn', detail: `could not list integrations: ${errorLine(err)}` };
  }
}

async function checkWfm(client: GenesysClient): Promise<CheckResult> {
  const title = 'Workforce Management';
  try {
    const bus = await listBusinessUnits(client);
    if (!bus.length)
      return {
        id: 'wfm-business-unit',
        title,
        status: 'fail',
        detail: 'WFM has no business unit: pre-break reads scheduled breaks from WFM',
        fix: 'create a business unit and management unit in Admin > Workforce Management, or leave pre-break out',
      };
    return { id: 'wfm-business-unit', title, status: 'pass', detail: `${bus.length} business unit${bus.length > 1 ? 's' : ''} (${bus.map((b) => b.name).join(', ')})` };
  } catch (err) {
    return {
      id: 'wfm-business-unit',
      title,
      status: 'fail',
      detail: `WFM does not answer: ${errorLine(err)}`,
      fix: 'pre-break needs Workforce Management in the org; leave pre-break out if the org has none',
    };
  }
}


/**
 * The OAuth clients of the chosen blueprints, as the org says: with an existing-install look, those
 * carrying the deployment's mark for one of them, and by the names the variables give (a namePrefix
 * too) those carrying no mark; without one, by the blueprints' own names.
 */
function kitClients(input: DoctorInput): KitClients {
  const chosen = input.blueprints.map((b) => b.name);
  if (!input.existing) return { names: [...new Set(input.blueprints.flatMap((b) => b.clients ?? []))] };
  const names = input.existing.desired.nodes.filter((n) => n.kind === 'oauth-client').map((n) => n.name);
  return { names, deployment: input.existing.deployment, blueprints: chosen };
}

/** Only once the clients exist (after an apply): before that, what they will hold is the roleDivisions variable. */
async function checkDivisionReach(client: GenesysClient, clients: KitClients, wfm: boolean): Promise<CheckResult | undefined> {
  const title = 'Divisions the OAuth clients reach';
  let reach;
  try {
    reach = await divisionReach(client, clients, { wfm });
  } catch (err) {
    return { id: 'division-reach', title, status: 'warn', detail: `could not read the clients' divisions: ${errorLine(err)}` };
  }
  if (!reach.length) return undefined;
  const lines = reachLines(reach);
  if (!lines.length)
    return { id: 'division-reach', title, status: 'pass', detail: `every user${wfm ? ' and management unit' : ''} is in a division the roles of ${reach.map((r) => `"${r.client}"`).join(', ')} are granted on` };
  return {
    id: 'division-reach',
    title,
    status: 'warn',
    detail: lines.join('; '),
    fix: 'grant the roles on those divisions too: presence-kit apply --set roleDivisions=* (all divisions) or list them by name',
  };
}
