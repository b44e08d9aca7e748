import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { GenesysClient } from '../../src/genesys/client.js';
import { apply, destroy, plan, type ApplyResult, type Plan } from '../../src/engine/index.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import { presenceChanges } from '../../src/simulate/drive.js';
import type { Execution } from '../../src/simulate/types.js';
import { controlOf, dataActionCalls, executions, setPresence, someUsers } from './simulate.js';
import type { SandboxOptions } from '../../src/sandbox/server.js';
import { clockPause, openTestTarget, PRODUCTION, type TestTarget } from './target.js';

/**
 * A sandbox with our own blueprints applied by the engine — `plan` then `apply`, the path
 * `presence-kit apply --blueprint … --set …` takes — and what a test needs to drive it: a fresh
 * user per test, the user's presence, the presence changes and workflow runs since a moment.
 */
export interface Solution {
  t: TestTarget;
  client: GenesysClient;
  ctl: SandboxControl;
  /** Where `.presence-kit/state.json` lives for this org. */
  workDir: string;
  /** Plans and applies the blueprints with `--set` values (the values of the last apply are remembered). */
  applyBlueprints(set?: string[]): Promise<{ plan: Plan; result: ApplyResult }>;
  destroyBlueprints(): Promise<ApplyResult>;
  /**
   * A user no earlier test has touched, put in `presenceId` first; `since` is a moment after that
   * change (the clock moves on a second), for `changesSince`.
   */
  freshUser(presenceId: string): Promise<{ id: string; since: string }>;
  presenceOf(userId: string): Promise<{ systemPresence: string; id: string }>;
  /** The user's presence changes (as the presence notification topic published them) since `since`. */
  changesSince(userId: string, since: string): Promise<Array<{ time: string; systemPresence: string; id: string }>>;
  runsOf(userId: string, flowName?: string): Promise<Execution[]>;
  /** The data actions each of the user's runs called, by action name, run by run. */
  actionsOf(userId: string, flowName?: string): Promise<string[][]>;
  now(): Promise<string>;
  advance(seconds: number): Promise<void>;
  close(): Promise<void>;
}

export const START = '2026-01-05T09:00:00.000Z';

/** A fresh sandbox for `blueprints` — nothing applied yet: call `applyBlueprints` (after creating what `--set` will name). */
export async function openSolution(blueprints: string[], set: string[] = [], options: { users?: number; now?: string; sandbox?: Partial<SandboxOptions> } = {}): Promise<Solution> {
  // Several applies and many workflow runs with one token: lift the 300/min budgets (sandbox and
  // client) so nothing waits on pacing; pacing is not what these files prove.
  // Under the production profile (PRESENCE_KIT_TEST_PROFILE=production, or options.sandbox), apply's
  // pollers and its waits on a data action's transient 400s pass on the sandbox clock (no real sleeping).
  const production = (options.sandbox?.profile ?? (PRODUCTION ? 'production' : 'default')) === 'production';
  const t = await openTestTarget({
    now: options.now ?? START,
    rateLimit: 0,
    ...(options.users ? { users: options.users } : {}),
    ...options.sandbox,
    // Teams changes reach Genesys within 1–5 s, not minutes: shorter than any call these files
    // place, so a Teams status set before a step is heard before it (the minutes-long delay and
    // its coalescing: test/e2e/sandbox-production-profile.test.ts).
    ...(production ? { profileTuning: { teamsPropagationMs: { min: 1_000, max: 5_000 }, ...options.sandbox?.profileTuning } } : {}),
  });
  const client = await t.client({ requestsPerMinute: 0, ...clockPause(t) });
  const ctl = controlOf(t);
  const workDir = mkdtempSync(join(tmpdir(), 'pk-solution-'));
  const users = await someUsers(client, Math.min(20, options.users ?? 20));
  let next = 0;

  const s: Solution = {
    t,
    client,
    ctl,
    workDir,
    async applyBlueprints(extra = []) {
      const p = await plan({ client, workDir, blueprints, set: [...set, ...extra] });
      return { plan: p, result: await apply(p) };
    },
    destroyBlueprints: () => destroy({ client, workDir, blueprints }),
    async freshUser(presenceId) {
      const u = users[next++];
      if (!u) throw new Error('no untouched user left: raise the count in openSolution');
      await setPresence(client, u.id, presenceId);
      await s.advance(1);
      return { id: u.id, since: await s.now() };
    },
    async presenceOf(userId) {
      const p = await client.request<{ presenceDefinition: { id: string; systemPresence: string } }>('GET', `/api/v2/users/${userId}/presences/purecloud`);
      return { systemPresence: p.presenceDefinition.systemPresence, id: p.presenceDefinition.id };
    },
    async changesSince(userId, since) {
      return (await presenceChanges(ctl, userId, since)).map((c) => ({ time: c.time, systemPresence: c.systemPresence, id: c.presenceDefinitionId }));
    },
    runsOf: (userId, flowName) => executions(ctl, { userId, flowName }),
    async actionsOf(userId, flowName) {
      // The record names an action "category / name"; the name is what a reader knows it by.
      return (await executions(ctl, { userId, flowName })).map((e) => dataActionCalls(e).map((c) => c.dataAction.split(' / ').pop()!));
    },
    async now() {
      return (await ctl.get<{ now: string }>('clock')).now;
    },
    async advance(seconds) {
      await ctl.post('clock', { advanceSeconds: seconds });
    },
    close: () => t.close(),
  };
  return s;
}

/**
 * `openSolution` with teams-presence-outbound applied against the sandbox's own Entra app (its
 * tenant and client id as variables, its secret in PRESENCE_KIT_GRAPH_CLIENT_SECRET, as an admin
 * would give it); `close` takes the secret out of the environment again.
 */
export async function openOutboundSolution(blueprints: string[]): Promise<Solution> {
  const s = await openSolution(blueprints);
  const app = await s.ctl.get<{ tenantId: string; clientId: string; clientSecret: string }>('graph/app');
  process.env.PRESENCE_KIT_GRAPH_CLIENT_SECRET = app.clientSecret;
  await s.applyBlueprints([`graphTenantId=${app.tenantId}`, `graphClientId=${app.clientId}`]);
  const close = s.close;
  s.close = async () => {
    delete process.env.PRESENCE_KIT_GRAPH_CLIENT_SECRET;
    await close();
  };
  return s;
}
