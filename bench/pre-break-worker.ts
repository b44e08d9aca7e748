/**
 * One algorithm of `npm run bench -- pre-break`, in its own process so its peak memory is its own
 * (as Lambda measures "Max Memory Used"): `tsx bench/pre-break-worker.ts new|today|original`.
 * Reads one JSON command a line on stdin — `{"tick": ISO}` or `{"end": true}` — and answers one
 * JSON line on stdout per command. Connection and presence come from the environment.
 *  - new: the Lambda handler (src/jobs/pre-break/lambda.ts, the code the zip bundles), kept across
 *    ticks like a warm container, with a 55 s invocation budget per tick;
 *  - today: the algorithm before this change, re-created call for call (main's run.ts): every
 *    tick reads the presence, the MUs, the activity codes and 12 h of schedules per MU, then the
 *    presence of the agents whose break starts in (now + lead − 1 min, now + lead], 50 a call;
 *  - original: the original blueprint Lambda's call pattern (one page of 100 users with six
 *    expands, one MU's schedule search for the day, one bulk PUT; break codes '1'/'2' as written).
 */
import platformClient from 'purecloud-platform-client-v2';
import { createInterface } from 'node:readline';
import { GenesysClient } from '../src/genesys/client.js';
import { makeHandler } from '../src/jobs/pre-break/lambda.js';
import { chunk } from '../src/jobs/pre-break/plan.js';

const algorithm = process.argv[2] as 'new' | 'today' | 'original';
const env = process.env;
const LEAD = 15 * 60_000;
const connection = { clientId: env.GENESYSCLOUD_OAUTHCLIENT_ID!, clientSecret: env.GENESYSCLOUD_OAUTHCLIENT_SECRET!, gatewayUrl: env.GENESYSCLOUD_API_URL! };
const preBreak = env.PRE_BREAK_PRESENCE_ID!;

type Tick = (nowMs: number) => Promise<{ calls: number; due: number; changed: number; refreshed?: boolean; cold?: boolean; notDone?: string[]; callsByEndpoint?: Record<string, number> }>;

function newAlgorithm(): Tick {
  const handler = makeHandler({ env, getSecureParameter: async () => '', connect: (c) => GenesysClient.connect(c), log: () => undefined, now: () => Date.now() });
  return async (nowMs) => {
    const started = Date.now();
    const ctx = { getRemainingTimeInMillis: () => started + 55_000 - Date.now() };
    try {
      const r = await handler({ time: new Date(nowMs).toISOString() }, ctx);
      return { calls: r.apiCalls, due: r.due, changed: r.changed, refreshed: r.refreshed, cold: r.cold, notDone: r.notDone, callsByEndpoint: r.callsByEndpoint };
    } catch (e) {
      const r = (e as { result?: { apiCalls: number; due: number; changed: number; refreshed: boolean; cold: boolean; notDone: string[]; callsByEndpoint: Record<string, number> } }).result;
      if (!r) throw e;
      return { calls: r.apiCalls, due: r.due, changed: r.changed, refreshed: r.refreshed, cold: r.cold, notDone: r.notDone, callsByEndpoint: r.callsByEndpoint };
    }
  };
}

type Schedules = { agentSchedules: Array<{ user: { id: string }; shifts: Array<{ activities: Array<{ startDate: string; activityCodeId: string }> }> }> };
type SearchAnswer = { status: string; result?: Schedules; downloadUrl?: string };

async function counted<T>(client: GenesysClient, f: () => Promise<T>): Promise<{ value: T; calls: number }> {
  const before = client.stats.total;
  const value = await f();
  return { value, calls: client.stats.total - before };
}

function todayAlgorithm(client: GenesysClient): Tick {
  const wfm = client.api(platformClient.WorkforceManagementApi);
  const presence = client.api(platformClient.PresenceApi);
  return async (nowMs) => {
    const { value, calls } = await counted(client, async () => {
      await presence.getPresencedefinition(preBreak);
      const mus = ((await wfm.getWorkforcemanagementManagementunits()) as { entities: Array<{ id: string; businessUnit: { id: string } }> }).entities;
      const breakCodes = new Set<string>();
      for (const bu of new Set(mus.map((m) => m.businessUnit.id)))
        for (const c of ((await wfm.getWorkforcemanagementBusinessunitActivitycodes(bu)) as { entities: Array<{ id: string; category: string }> }).entities)
          if (c.category === 'Break' || c.category === 'Meal') breakCodes.add(c.id);
      const start = nowMs + LEAD - 60_000;
      const end = nowMs + LEAD;
      const range = { startDate: new Date(start - 12 * 3_600_000).toISOString(), endDate: new Date(end + 60_000).toISOString() };
      const due = new Set<string>();
      for (const mu of mus) {
        const res = (await wfm.postWorkforcemanagementManagementunitAgentschedulesSearch(mu.id, range)) as SearchAnswer;
        let schedules = res.result;
        if (!schedules && res.downloadUrl) schedules = JSON.parse((await client.fetchUrl(res.downloadUrl)).text) as Schedules;
        if (!schedules) {
          // Processing: today's code re-searches in batches of 1,000 after listing the MU's agents.
          const users = ((await wfm.getWorkforcemanagementManagementunitUsers(mu.id)) as { entities: Array<{ id: string }> }).entities.map((u) => u.id);
          schedules = { agentSchedules: [] };
          for (const ids of chunk(users, 1000)) {
            const part = (await wfm.postWorkforcemanagementManagementunitAgentschedulesSearch(mu.id, { ...range, userIds: ids })) as SearchAnswer;
            const got = part.result ?? (JSON.parse((await client.fetchUrl(part.downloadUrl!)).text) as Schedules);
            schedules.agentSchedules.push(...got.agentSchedules);
          }
        }
        for (const a of schedules.agentSchedules)
          for (const s of a.shifts)
            for (const act of s.activities) {
              const at = Date.parse(act.startDate);
              if (breakCodes.has(act.activityCodeId) && at > start && at <= end) due.add(a.user.id);
            }
      }
      const onQueue: string[] = [];
      for (const ids of chunk([...due], 50)) {
        const got = (await presence.getUsersPresencesPurecloudBulk({ id: ids })) as Array<{ userId: string; presenceDefinition?: { systemPresence?: string } }>;
        for (const p of got) if (p.presenceDefinition?.systemPresence === 'On Queue') onQueue.push(p.userId);
      }
      for (const ids of chunk(onQueue, 50)) await presence.putUsersPresencesBulk(ids.map((id) => ({ id, source: 'PURECLOUD', presenceDefinition: { id: preBreak } })));
      return { due: due.size, changed: onQueue.length };
    });
    return { calls, ...value };
  };
}

function originalAlgorithm(client: GenesysClient): Tick {
  return async (nowMs) => {
    const { value, calls } = await counted(client, async () => {
      const users = (await client.api(platformClient.UsersApi).getUsers({
        pageSize: 100,
        expand: ['presence', 'routingStatus', 'integrationPresence', 'conversationSummary', 'profileSkills', 'groups'],
        state: 'active',
      })) as { entities: Array<{ id: string; presence?: { presenceDefinition?: { systemPresence?: string } }; routingStatus?: { status?: string } }> };
      const mus = ((await client.api(platformClient.WorkforceManagementApi).getWorkforcemanagementManagementunits()) as { entities: Array<{ id: string; name: string }> }).entities;
      const mu = mus.sort((a, b) => a.name.localeCompare(b.name))[0]!;
      const day = new Date(nowMs);
      const startDate = new Date(Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate())).toISOString();
      const endDate = new Date(Date.parse(startDate) + 86_400_000 - 1).toISOString();
      const res = (await client.api(platformClient.WorkforceManagementApi).postWorkforcemanagementManagementunitAgentschedulesSearch(mu.id, { startDate, endDate, userIds: users.entities.map((u) => u.id) })) as SearchAnswer;
      const byId = new Map(users.entities.map((u) => [u.id, u]));
      const updates: string[] = [];
      for (const a of res.result?.agentSchedules ?? []) {
        const u = byId.get(a.user.id);
        if (!u || u.presence?.presenceDefinition?.systemPresence !== 'On Queue' || !['IDLE', 'INTERACTING'].includes(u.routingStatus?.status ?? '')) continue;
        if (a.shifts.some((s) => s.activities.some((x) => ['1', '2'].includes(x.activityCodeId) && Date.parse(x.startDate) >= nowMs && Date.parse(x.startDate) <= nowMs + LEAD))) updates.push(a.user.id);
      }
      if (updates.length) await client.api(platformClient.PresenceApi).putUsersPresencesBulk(updates.map((id) => ({ id, source: 'PURECLOUD', presenceDefinition: { id: preBreak } })));
      return { due: res.result?.agentSchedules.length ?? 0, changed: updates.length };
    });
    return { calls, ...value };
  };
}

const tick: Tick = algorithm === 'new' ? newAlgorithm() : algorithm === 'today' ? todayAlgorithm(await GenesysClient.connect(connection)) : originalAlgorithm(await GenesysClient.connect(connection));
const out = (o: object) => process.stdout.write(JSON.stringify(o) + '\n');
for await (const line of createInterface({ input: process.stdin })) {
  const cmd = JSON.parse(line) as { tick?: string; end?: boolean };
  if (cmd.end) {
    out({ maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024) });
    break;
  }
  const t0 = performance.now();
  const r = await tick(Date.parse(cmd.tick!));
  out({ ...r, wallMs: Math.round(performance.now() - t0) });
}
