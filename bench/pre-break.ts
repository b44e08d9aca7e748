/**
 * `npm run bench -- pre-break [--sizes 100,1000,10000,50000] [--json]`: one pre-break tick against
 * the sandbox (default 300 requests/min) for growing contact centers spread over 4 management
 * units: API calls by endpoint, agents due and switched, wall time, and the target
 * `calls ≤ 3 + schedule-search calls + 2 × ⌈due/50⌉`. The same data is then run through a
 * re-creation of the original blueprint Lambda's call pattern (one page of 100 users → one MU's
 * schedule search for the day → one bulk PUT; break codes '1'/'2') — as written, and with the
 * activity codes fixed — to show how many of the agents due this tick each one misses.
 * Figures only: nothing here passes or fails on time.
 */
import platformClient from 'purecloud-platform-client-v2';
import { GenesysClient } from '../src/genesys/client.js';
import { runTick } from '../src/jobs/pre-break/run.js';
import { startSandbox, type StartedSandbox } from '../src/sandbox/server.js';
import { systemPresenceOf, getUserPresence } from '../src/sandbox/services/presence/models.js';
import { activityCodes, agentsWithActivityStarting, managementUnits } from '../src/sandbox/services/workforcemanagement/models.js';

const SEEDED_AT = '2026-03-02T09:45:00Z';
/** An hour after the schedules' anchor: an ordinary minute, not the burst of breaks right after it. */
const TICK_AT = Date.parse(SEEDED_AT) + 60 * 60_000;
const LEAD = 15 * 60_000;
const TICK = 60_000;
const MUS = 4;

async function org(agents: number): Promise<{ s: StartedSandbox; client: GenesysClient; preBreak: string }> {
  const s = await startSandbox({ port: 0, now: SEEDED_AT, wfmAgents: agents, wfmManagementUnits: MUS, seed: 7 });
  const admin = await GenesysClient.connect({ clientId: s.adminClient.id, clientSecret: s.adminClient.secret, gatewayUrl: s.url });
  const preBreak = (await admin.request<{ id: string }>('POST', '/api/v2/presencedefinitions', { body: { languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'Break' } })).id;
  // A fresh client (own token, own 300/min budget) for the run being measured.
  const client = await GenesysClient.connect({ clientId: s.adminClient.id, clientSecret: s.adminClient.secret, gatewayUrl: s.url });
  return { s, client, preBreak };
}

/** The agents that should be switched this tick, from the sandbox's own model. */
const dueOnQueue = (s: StartedSandbox): Set<string> =>
  new Set([...agentsWithActivityStarting(s.ctx, { startMs: TICK_AT + LEAD - TICK, endMs: TICK_AT + LEAD })].filter((id) => systemPresenceOf(s.ctx, id) === 'On Queue'));

type Users = { entities: Array<{ id: string; presence?: { presenceDefinition?: { systemPresence?: string } }; routingStatus?: { status?: string } }> };
type Search = { result?: { agentSchedules: Array<{ user: { id: string }; shifts: Array<{ activities: Array<{ startDate: string; activityCodeId: string }> }> }> } };

/** The original Lambda's algorithm and call pattern (blueprints.md §2.2), literal ids or fixed ids. */
async function original(client: GenesysClient, s: StartedSandbox, preBreak: string, fixedIds: boolean): Promise<{ switched: Set<string>; error?: string }> {
  const ctx = s.ctx;
  const mu = managementUnits(ctx).list().sort((a, b) => a.name.localeCompare(b.name))[0]!;
  const breakIds = fixedIds
    ? new Set(activityCodes(ctx).filter((a) => a.category === 'Break' || a.category === 'Meal').map((a) => a.id))
    : new Set(['1', '2']);
  try {
    const users = (await client.api(platformClient.UsersApi).getUsers({
      pageSize: 100,
      expand: ['presence', 'routingStatus', 'integrationPresence', 'conversationSummary', 'profileSkills', 'groups'],
      state: 'active',
    })) as Users;
    const day = new Date(TICK_AT);
    const startDate = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate())).toISOString();
    const endDate = new Date(Date.parse(startDate) + 86_400_000 - 1).toISOString();
    const res = (await client
      .api(platformClient.WorkforceManagementApi)
      .postWorkforcemanagementManagementunitAgentschedulesSearch(mu.id, { startDate, endDate, userIds: users.entities.map((u) => u.id) })) as Search;
    const byId = new Map(users.entities.map((u) => [u.id, u]));
    const updates: Array<{ id: string; presenceDefinition: { id: string }; source: string }> = [];
    for (const a of res.result!.agentSchedules) {
      const u = byId.get(a.user.id);
      if (!u || u.presence?.presenceDefinition?.systemPresence !== 'On Queue' || !['IDLE', 'INTERACTING'].includes(u.routingStatus?.status ?? '')) continue;
      outer: for (const sh of a.shifts)
        for (const act of sh.activities) {
          const at = Date.parse(act.startDate);
          if (breakIds.has(act.activityCodeId) && at >= TICK_AT && at <= TICK_AT + LEAD) {
            updates.push({ id: a.user.id, presenceDefinition: { id: preBreak }, source: 'PURECLOUD' });
            break outer;
          }
        }
    }
    if (updates.length) await client.api(platformClient.PresenceApi).putUsersPresencesBulk(updates);
    return { switched: new Set(updates.map((u) => u.id)) };
  } catch (e) {
    // The original logs and returns {statusCode: 500}: the run "succeeds" having switched no one.
    return { switched: new Set(), error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

export async function run(args: string[]): Promise<void> {
  const at = args.indexOf('--sizes');
  const sizes = at >= 0 ? args[at + 1]!.split(',').map(Number) : [100, 1000, 10_000, 50_000];
  const json = args.includes('--json');
  const rows: Array<Record<string, unknown>> = [];
  for (const n of sizes) {
    const mine = await org(n);
    const shouldSwitch = dueOnQueue(mine.s);
    const t0 = performance.now();
    const r = await runTick(mine.client, { managementUnitIds: [], all: true, categories: ['Break', 'Meal'], leadMs: LEAD, tickMs: TICK, nowMs: TICK_AT, dryRun: false, presence: { id: mine.preBreak } });
    const wallMs = Math.round(performance.now() - t0);
    const searchCalls = Object.entries(r.callsByEndpoint)
      .filter(([k]) => /agentschedules\/search|downloadUrl|operations/.test(k))
      .reduce((a, [, v]) => a + v, 0);
    const bound = 3 + searchCalls + 2 * Math.ceil(r.due / 50);
    const switched = managementUnits(mine.s.ctx)
      .list()
      .flatMap((m) => m.userIds)
      .filter((id) => getUserPresence(mine.s.ctx, id).presenceDefinition.id === mine.preBreak);
    const missedMine = [...shouldSwitch].filter((id) => !switched.includes(id)).length;
    await mine.s.close();

    const variants: Array<Record<string, unknown>> = [];
    for (const fixed of [false, true]) {
      const o = await org(n);
      // Counted like presence-kit's tick: calls after login.
      const before = o.client.stats.byEndpoint();
      const t1 = performance.now();
      const res = await original(o.client, o.s, o.preBreak, fixed);
      const ms = Math.round(performance.now() - t1);
      const due = dueOnQueue(o.s);
      const callsByEndpoint = Object.fromEntries(
        Object.entries(o.client.stats.byEndpoint())
          .map(([k, v]) => [k, v - (before[k] ?? 0)] as const)
          .filter(([, v]) => v > 0),
      );
      variants.push({
        variant: fixed ? 'original, codes fixed' : 'original',
        calls: Object.values(callsByEndpoint).reduce((a, b) => a + b, 0),
        callsByEndpoint,
        changed: res.switched.size,
        missed: [...due].filter((id) => !res.switched.has(id)).length,
        early: [...res.switched].filter((id) => !due.has(id)).length,
        wallMs: ms,
        ...(res.error ? { error: res.error } : {}),
      });
      await o.s.close();
    }
    const row = { agents: n, managementUnits: MUS, due: r.due, shouldSwitch: shouldSwitch.size, changed: r.changed, missed: missedMine, apiCalls: r.apiCalls, bound, withinBound: r.apiCalls <= bound, wallMs, callsByEndpoint: r.callsByEndpoint, original: variants };
    rows.push(row);
    if (!json) {
      console.log(`\n${fmt(n)} agents in ${MUS} MUs, tick at ${new Date(TICK_AT).toISOString()} (lead 15m, tick 1m), sandbox at 300 req/min`);
      console.log(`  presence-kit   ${fmt(r.apiCalls)} calls (bound ${bound}${r.apiCalls <= bound ? ', within' : ', EXCEEDED'}), ${fmt(r.due)} due, ${fmt(r.changed)} switched of ${fmt(shouldSwitch.size)} On Queue, missed ${missedMine}, ${fmt(wallMs)} ms`);
      for (const [k, v] of Object.entries(r.callsByEndpoint)) console.log(`                   ${String(v).padStart(4)}  ${k}`);
      for (const v of variants) {
        console.log(
          `  ${String(v.variant).padEnd(22)} ${v.calls} calls, ${v.changed} switched, missed ${fmt(v.missed as number)} of ${fmt(shouldSwitch.size)}${(v.early as number) ? `, ${v.early} switched early` : ''}, ${v.wallMs} ms${v.error ? ` — failed: ${v.error}` : ''}`,
        );
        for (const [k, c] of Object.entries(v.callsByEndpoint as Record<string, number>)) console.log(`                   ${String(c).padStart(4)}  ${k}`);
      }
    }
  }
  if (json) console.log(JSON.stringify(rows, null, 2));
}
