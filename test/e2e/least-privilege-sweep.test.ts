import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionCalls, deriveIntegrationRoles, workflowActions } from '../../src/engine/least-privilege.js';
import { simulateTeamsStatus } from '../../src/simulate/drive.js';
import { findings } from '../../src/simulate/findings.js';
import { requirementForPath } from '../../src/sandbox/core/permissions.js';
import { loadAllBlueprints } from '../../scripts/write-role-permissions.js';
import { clientWith } from '../helpers/permissions.js';
import { policiesFor } from '../../src/resources/role.js';
import { errorLine, GenesysError } from '../../src/genesys/errors.js';
import { OBSERVE_PERMISSIONS } from '../../src/observe/permissions.js';
import { gatherTimeline } from '../../src/observe/timeline.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { LIVE } from '../helpers/target.js';

/**
 * Every permission of every role a data-action integration's client holds earns its place: with
 * it removed from the role, the blueprint's own flow fails with a 403 naming it (and `simulate`'s
 * findings name it); with all present, the same flow passes. One sandbox for every case, on its
 * clock: each case takes a fresh user, narrows the role in the org, drives the calls (or the Teams
 * status) and puts the role back. The roles and permissions come from the derivation, so a
 * permission added to a manifest is swept without touching this file. (The pre-break job's role:
 * test/e2e/pre-break-job.test.ts.)
 */
const all = loadAllBlueprints();
const derived = deriveIntegrationRoles(all, requirementForPath);
const BUSY = 'Set GC User to Busy';
const AVAILABLE = 'Set GC User to Available';
const TEAMS = 'Microsoft Teams Integration Presence Trigger';

/** The permissions some workflows' actions ask for (whichever one an ANY list's role holds). */
function permissionsUsedBy(workflows: readonly string[], held: readonly string[]): string[] {
  const actions = workflowActions(all).filter((w) => workflows.includes(w.workflow.name)).flatMap((w) => w.actions);
  return [...new Set(actionCalls(all, requirementForPath, actions).flatMap((c) => c.requirement?.permissions.filter((p) => held.includes(p)) ?? []))].sort();
}

/** The names of the data actions some workflows can call. */
const actionsOf = (workflows: readonly string[]) => [...new Set(workflowActions(all).filter((w) => workflows.includes(w.workflow.name)).flatMap((w) => w.actions.map((a) => a.name)))];

/** The data actions a user's runs called (by action name). */
const actionsRan = (runs: Parameters<typeof findings>[0]['executions']) =>
  new Set(runs.flatMap((r) => r.steps.filter((x) => x.action === 'callData').map((x) => String(x.detail?.dataAction).split(' / ').pop())));

describe.skipIf(LIVE)('least privilege, swept: each permission removed fails its blueprint with a 403 naming it', () => {
  let s: Solution;
  const roleIds = new Map<string, string>();
  /**
   * A secondary presence no policy protects, that each scenario's user starts in: the workflows
   * read a presence's label only for a secondary one (a system presence's label is its name), so
   * without it the label read — and its permission — would never be reached.
   */
  let errand: string;

  beforeAll(async () => {
    s = await openSolution(['communicate-call', 'teams-presence'], [], { users: 40 });
    await s.applyBlueprints();
    errand = (await s.client.request<{ id: string }>('POST', '/api/v2/presence/definitions', { body: { languageLabels: { en_US: 'Errand' }, systemPresence: 'Away' } })).id;
    const roles = await s.client.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/authorization/roles', { query: { pageSize: 100 } });
    for (const r of roles.entities) roleIds.set(r.name, r.id);
  });
  afterAll(() => s?.close());

  const setRole = (name: string, permissions: readonly string[]) =>
    s.client.request('PUT', `/api/v2/authorization/roles/${roleIds.get(name)!}`, { body: { name, permissionPolicies: policiesFor(permissions) } });

  /** Runs `scenario` with `permission` taken out of `role`, then puts the role back. */
  async function without<T>(role: string, permission: string | undefined, scenario: () => Promise<T>): Promise<T> {
    const full = derived.find((d) => d.role.name === role)!.permissions;
    if (permission) await setRole(role, full.filter((p) => p !== permission));
    try {
      return await scenario();
    } finally {
      if (permission) await setRole(role, full);
    }
  }

  /**
   * communicate-call's own flow, every action of it: from a secondary presence (its label read), an
   * outbound call answered (the row added — the session's claim — and Busy set), an inbound call
   * answered during it (it joins the session: no write), the inbound ended (the outbound still
   * going: held), the outbound ended (the row deleted, the presence put back). Returns the user's
   * workflow runs.
   */
  async function communicateCalls() {
    const u = await s.freshUser(errand);
    const outbound = await s.ctl.post<{ conversationId: string }>('calls', { userId: u.id, direction: 'outbound' });
    await s.advance(3);
    await s.ctl.post(`calls/${outbound.conversationId}/answer`);
    await s.advance(10);
    const inbound = await s.ctl.post<{ conversationId: string }>('calls', { userId: u.id, direction: 'inbound' });
    await s.advance(3);
    await s.ctl.post(`calls/${inbound.conversationId}/answer`);
    await s.advance(10);
    await s.ctl.post(`calls/${inbound.conversationId}/end`);
    await s.advance(10);
    await s.ctl.post(`calls/${outbound.conversationId}/end`);
    await s.advance(10);
    return { user: u, runs: await s.runsOf(u.id) };
  }

  /**
   * teams-presence's own flow, every action of it: from a secondary presence (its label read), a
   * Teams status with no call (the change claimed with a row keyed by user + modifiedDate, the
   * presence set, the claim row deleted a minute later), then one during a call (the call's memory
   * row updated, the user's calls read). Returns the Teams sync's runs.
   */
  async function teamsStatuses() {
    const u = await s.freshUser(errand);
    await simulateTeamsStatus(s.ctl, u.id, 'BeRightBack');
    const call = await s.ctl.post<{ conversationId: string }>('calls', { userId: u.id, direction: 'inbound' });
    await s.advance(3);
    await s.ctl.post(`calls/${call.conversationId}/answer`);
    await s.advance(10);
    await simulateTeamsStatus(s.ctl, u.id, 'DoNotDisturb');
    await s.ctl.post(`calls/${call.conversationId}/end`);
    await s.advance(10);
    // The first change's claim row outlives a second delivery by a minute, then goes.
    await s.advance(60);
    return { user: u, runs: (await s.runsOf(u.id)).filter((r) => r.name === TEAMS) };
  }

  const failures = (runs: Parameters<typeof findings>[0]['executions']) => findings({ executions: runs }).filter((f) => f.kind === 'failure').map((f) => f.text);

  it('with every permission present both blueprints run clean, and every action of their workflows ran', async () => {
    const c = await communicateCalls();
    expect(failures(c.runs)).toEqual([]);
    // Each scenario exercises every action its workflows can call, so each permission below is reached.
    const ran = actionsRan(c.runs);
    expect(actionsOf([BUSY, AVAILABLE]).filter((n) => !ran.has(n))).toEqual([]);
    expect(await s.presenceOf(c.user.id)).toEqual({ systemPresence: 'Away', id: errand });
    const t = await teamsStatuses();
    expect(failures(t.runs)).toEqual([]);
    const teamsRan = actionsRan(t.runs);
    expect(actionsOf([TEAMS]).filter((n) => !teamsRan.has(n))).toEqual([]);
    // Teams said DoNotDisturb during the call: the sync wrote it into the call's memory, which the end restored.
    expect((await s.presenceOf(t.user.id)).systemPresence).toBe('Busy');
  });

  // The permissions of the communicate-call roles its two workflows use.
  const cases = derived
    .filter((d) => ['Presence API Admin', 'ConversationReadPublic API Admin'].includes(d.role.name))
    .flatMap((d) => permissionsUsedBy([BUSY, AVAILABLE], d.permissions).map((p) => [d.role.name, p] as const));

  it('sweeps every permission of the communicate-call roles its workflows use — the row add and delete, not the row edit', () => {
    // Since the call workflows claim a session by adding the memory row and end it by deleting it
    // (issue 22), neither updates a row: the shared role's row edit is the Teams sync's (below).
    expect(cases.map(([r, p]) => `${r}: ${p}`)).toEqual([
      'Presence API Admin: architect:datatableRow:add',
      'Presence API Admin: architect:datatableRow:delete',
      'Presence API Admin: presence:presenceDefinition:view',
      'Presence API Admin: presence:userPresence:edit',
      'ConversationReadPublic API Admin: conversation:communication:view',
    ]);
  });

  it.each(cases)('communicate-call without %s › %s: its flow fails with a 403 naming it', async (role, permission) => {
    const { runs } = await without(role, permission, communicateCalls);
    const refused = runs.flatMap((r) => r.steps).filter((x) => x.action === 'callData' && (x.detail?.response as { status?: number } | undefined)?.status === 403);
    expect(refused.length, `no data action was refused without ${permission}`).toBeGreaterThan(0);
    expect(JSON.stringify(refused.map((x) => (x.detail?.response as { body?: unknown }).body))).toContain(permission);
    // What `presence-kit simulate` prints names it too.
    expect(failures(runs).join('\n')).toContain(permission);
  });

  const presenceRole = derived.find((d) => d.role.name === 'Presence API Admin')!;
  const teamsCases = permissionsUsedBy([TEAMS], presenceRole.permissions);

  it('the Teams sync uses every permission of Presence API Admin: the presence edit, the label read, the row add (a change\'s claim), edit (a call\'s memory) and delete', () => {
    expect(teamsCases).toEqual(['architect:datatableRow:add', 'architect:datatableRow:delete', 'architect:datatableRow:edit', 'presence:presenceDefinition:view', 'presence:userPresence:edit']);
  });

  it('every permission of every generated data-action role is swept by a blueprint whose own flow uses it', () => {
    const swept = new Set([...cases.map(([r, p]) => `${r}: ${p}`), ...teamsCases.map((p) => `${presenceRole.role.name}: ${p}`)]);
    expect(derived.flatMap((d) => d.permissions.map((p) => `${d.role.name}: ${p}`)).filter((x) => !swept.has(x))).toEqual([]);
  });

  it.each(teamsCases)('teams-presence without Presence API Admin › %s: the Teams sync fails with a 403 naming it', async (permission) => {
    const { runs } = await without('Presence API Admin', permission, teamsStatuses);
    expect(failures(runs).join('\n')).toContain(permission);
  });

  describe('observe: the operator\'s role for timeline (its own flow: a timeline over calls the kit handled)', () => {
    let user: { id: string; name: string };
    let window: { from: string; to: string };
    beforeAll(async () => {
      const from = await s.now();
      const { user: u } = await communicateCalls();
      user = { id: u.id, name: u.id };
      window = { from, to: await s.now() };
    });

    it('with the observer role exactly, timeline reads the calls\' runs', async () => {
      const observer = await clientWith(s.client, 'sweep observer', OBSERVE_PERMISSIONS, '*');
      const r = await gatherTimeline(observer, [user], window);
      expect(r.users[0]!.runs.length).toBeGreaterThan(0);
    });

    it.each([...OBSERVE_PERMISSIONS])('without %s, timeline fails with a 403 naming it', async (permission) => {
      const short = await clientWith(s.client, `sweep observer without ${permission}`, OBSERVE_PERMISSIONS.filter((p) => p !== permission), '*');
      const err = await gatherTimeline(short, [user], window).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GenesysError);
      expect((err as GenesysError).status).toBe(403);
      expect(errorLine(err)).toContain(permission);
    });
  });

  it('teams-presence-outbound: its client holds a role with no permission (its flows still run: test/e2e/solution-teams-outbound.test.ts)', () => {
    expect(derived.find((d) => d.role.name === 'Get MS Teams User ID API')?.permissions).toEqual([]);
  });
});
