import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { runTick, PreBreakRunError, type TickOptions } from '../../src/jobs/pre-break/run.js';
import { SYSTEM_PRESENCE_IDS as P } from '../../src/model/presence.js';
import { PRE_BREAK_CREDENTIALS_FILE } from '../../src/model/pre-break-credentials.js';
import { runDoctor } from '../../src/preflight/checks.js';
import { simulateCall } from '../../src/simulate/drive.js';
import { loadBlueprintInfo } from '../../src/wizard/blueprint-info.js';
import type { SandboxContext } from '../../src/sandbox/core/context.js';
import { divisionNamed, OTHER_DIVISIONS } from '../../src/sandbox/services/authorization/models.js';
import { setUserPresence } from '../../src/sandbox/services/presence/models.js';
import { users } from '../../src/sandbox/services/users/models.js';
import { agentsWithActivityStarting, managementUnits } from '../../src/sandbox/services/workforcemanagement/models.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { LIVE } from '../helpers/target.js';

/**
 * Agents in a division other than Home. Genesys checks a role's permissions in the division of the
 * object acted on, so the kit grants its clients' roles on all divisions by default; with the roles
 * on Home only, the presence data action and the pre-break job are refused for those agents with
 * Genesys's 403, and doctor names whom the clients cannot reach.
 */
const LEAD = 15 * 60_000;
const TICK = 60_000;
const PARTNER = OTHER_DIVISIONS[0].name;

describe.skipIf(LIVE)('agents outside the Home division', () => {
  let s: Solution;
  let ctx: SandboxContext;
  let partnerUsers: string[];
  let preBreakId: string;
  const blueprints = ['communicate-call', 'pre-break'];

  beforeAll(async () => {
    s = await openSolution(blueprints);
    ctx = s.t.sandbox!.ctx;
    const partner = divisionNamed(ctx, PARTNER).id;
    partnerUsers = users(ctx).filter((u) => u.divisionId === partner && u.state === 'active').map((u) => u.id);
    expect(partnerUsers.length).toBeGreaterThan(2);
    await s.applyBlueprints();
    preBreakId = JSON.parse(readFileSync(join(s.workDir, PRE_BREAK_CREDENTIALS_FILE), 'utf8')).presenceDefinitionId;
  });
  afterAll(() => s?.close());

  const jobClient = () => {
    const creds = JSON.parse(readFileSync(join(s.workDir, PRE_BREAK_CREDENTIALS_FILE), 'utf8')) as { clientId: string; clientSecret: string };
    return GenesysClient.connect({ ...s.client.connection, clientId: creds.clientId, clientSecret: creds.clientSecret, requestsPerMinute: 0 });
  };

  /** A partner-division agent in a Home management unit whose break starts in a tick window, and that window's "now". */
  function duePartnerAgent(taken: Set<string>): { userId: string; nowMs: number } {
    const homeMus = managementUnits(ctx).filter((m) => m.divisionId === divisionNamed(ctx, 'Home').id);
    const candidates = new Set(homeMus.flatMap((m) => m.userIds).filter((id) => partnerUsers.includes(id) && !taken.has(id)));
    const start = ctx.clock.now();
    for (let nowMs = start; nowMs < start + 2 * 86_400_000; nowMs += TICK) {
      const due = agentsWithActivityStarting(ctx, { startMs: nowMs + LEAD - TICK, endMs: nowMs + LEAD });
      const hit = [...due].find((id) => candidates.has(id));
      if (hit) return { userId: hit, nowMs };
    }
    throw new Error('no partner-division agent has a break in the next two days');
  }

  const tick = (nowMs: number): TickOptions => ({
    managementUnitIds: [],
    all: true,
    categories: ['Break', 'Meal'],
    leadMs: LEAD,
    tickMs: TICK,
    nowMs,
    dryRun: false,
    presence: { id: preBreakId },
  });

  /** A Communicate call to the user, who starts Available; their presence changes from then on. */
  async function communicateCall(userId: string) {
    setUserPresence(ctx, userId, P.Available, { primary: true });
    await s.advance(1);
    const since = await s.now();
    await simulateCall(s.ctl, { userId, direction: 'inbound', answerAfterSeconds: 5, durationSeconds: 60, settleSeconds: 10 });
    return (await s.changesSince(userId, since)).map((c) => c.systemPresence);
  }
  const taken = new Set<string>();

  it('with the roles on all divisions (the default): Busy on a Communicate call, Pre-Break before a break', async () => {
    const caller = partnerUsers.find((id) => !taken.has(id))!;
    taken.add(caller);
    expect(await communicateCall(caller)).toEqual(['Busy', 'Available']);

    const { userId, nowMs } = duePartnerAgent(taken);
    taken.add(userId);
    setUserPresence(ctx, userId, P['On Queue'], { primary: true });
    const job = await jobClient();
    const r = await runTick(job, tick(nowMs));
    expect(r.agents.find((a) => a.userId === userId)?.outcome).toBe('switched');
    expect((await s.presenceOf(userId)).id).toBe(preBreakId);

    const report = await runDoctor({ client: s.client, clientId: s.client.connection.clientId, where: 'the sandbox', blueprints: loadBlueprintInfo().filter((b) => blueprints.includes(b.name)).map((b) => b.needs) });
    expect(report.checks.find((c) => c.id === 'division-reach')?.status).toBe('pass');
  });

  it('with the roles on Home only: the same fail with the 403 Genesys gives, and doctor names whom the clients cannot reach', async () => {
    const { result } = await s.applyBlueprints(['roleDivisions=home']);
    expect(result.steps.filter((x) => x.performed === 'update').map((x) => x.kind)).toEqual(['oauth-client', 'oauth-client', 'oauth-client']);

    const caller = partnerUsers.find((id) => !taken.has(id))!;
    taken.add(caller);
    expect(await communicateCall(caller)).toEqual([]);
    const busyRun = (await s.runsOf(caller, 'Set GC User to Busy'))[0]!;
    // The run reads the presence (no permission asked) and is refused setting it.
    const refused = busyRun.steps.find((x) => x.action === 'callData' && (x.detail?.response as { status?: number } | undefined)?.status === 403);
    expect(JSON.stringify(refused?.detail?.response)).toContain('missing.division.permission');

    const { userId, nowMs } = duePartnerAgent(taken);
    setUserPresence(ctx, userId, P['On Queue'], { primary: true });
    const job = await jobClient();
    const err = await runTick(job, tick(nowMs)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PreBreakRunError);
    expect((err as PreBreakRunError).result.errors.join('\n')).toMatch(/403|missing\.division\.permission/);
    expect((await s.presenceOf(userId)).systemPresence).toBe('On Queue');

    const report = await runDoctor({ client: s.client, clientId: s.client.connection.clientId, where: 'the sandbox', blueprints: loadBlueprintInfo().filter((b) => blueprints.includes(b.name)).map((b) => b.needs) });
    const reach = report.checks.find((c) => c.id === 'division-reach')!;
    expect(reach.status).toBe('warn');
    const partnerMu = managementUnits(ctx).find((m) => m.divisionId === divisionNamed(ctx, PARTNER).id)!;
    expect(reach.detail).toContain(`${partnerMu.name} (${PARTNER})`);
    expect(reach.detail).toMatch(/^OAuth clients "GetConversationDetailsPublic API", "Pre-Break Presence Job", "Presence Public API" cannot reach/);
    const home = divisionNamed(ctx, 'Home').id;
    const outside = users(ctx).filter((u) => u.state === 'active' && u.divisionId !== home);
    expect(reach.detail).toContain(`; ${outside.length} users: `);
    const first = [...outside].sort((a, b) => a.name.localeCompare(b.name) || a.id.localeCompare(b.id))[0]!;
    expect(reach.detail).toContain(`${first.name} (`);
  });
});
