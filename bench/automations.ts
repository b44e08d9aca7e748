/**
 * `npm run bench -- automations [--json] [--seed N] [--events N] [--only AUTOMATION]`: per automation, the data-action
 * executions each event costs and the event-to-presence latency (p50/p95, sandbox-clock time)
 * under the sandbox's production profile — presence-kit's workflows (applied by the engine) beside
 * the original blueprints' flows (imported from ../shared/fixtures/blueprints, as
 * test/e2e/runtime-original-*.test.ts do), for the same events on the same seed:
 *   - communicate-call: answered calls (start + end events), and unanswered ones;
 *   - teams-presence: Teams status changes by the person;
 *   - teams-presence-outbound: ACD interactions (start and end), beside the original "Update MS
 *     Teams presence from inbound interaction" flows, imported into the Graph integration the kit's
 *     apply made (its auth action configured against the sandbox's Entra app), as
 *     test/e2e/import-teams-outbound-originals.test.ts does.
 * Latency: from the moment the presence should change (the call answered, the call ended, Teams
 * showing the change; for teams-presence-outbound the interaction's start and end) to the
 * presence change Genesys published (for teams-presence-outbound: the change of what Graph shows
 * the person's presence to be). Figures only, on the sandbox clock: nothing here passes or fails.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apply, plan } from '../src/engine/index.js';
import { GenesysClient } from '../src/genesys/client.js';
import { SYSTEM_PRESENCE_IDS as P } from '../src/model/presence.js';
import type { BusEvent } from '../src/sandbox/core/bus.js';
import type { SandboxContext } from '../src/sandbox/core/context.js';
import { Rng } from '../src/sandbox/core/rng.js';
import { listExecutions } from '../src/sandbox/runtime/executions.js';
import { answerCall, endCall, startCall } from '../src/sandbox/services/conversations/models.js';
import { apps, graphUserOfGenesys, onPresenceChange, setPersonStatus } from '../src/sandbox/services/graph/models.js';
import { setUserPresence } from '../src/sandbox/services/presence/models.js';
import { startSandbox } from '../src/sandbox/server.js';
import { setupOriginalCommunicateCall, setupOriginalTeams } from '../test/helpers/simulate.js';
import { setupOriginalTeamsOutbound } from '../test/helpers/originals.js';

const NOW = '2026-03-02T09:00:00.000Z';
/** Apply's own worst day is another bench's business (apply): here the automations are measured. */
const QUIET_APPLY = { dataActionBadRequestProbability: 0, flowDeleteConflictProbability: 0, flowJobSilentFailureProbability: 0, flowJobPolls: { min: 0, max: 0 } };
const TEAMS_STATUSES = ['Away', 'Available', 'DoNotDisturb', 'BeRightBack', 'Busy', 'InAMeeting'];

interface Row {
  automation: string;
  event: string;
  flows: 'presence-kit' | 'original';
  events: number;
  executionsPerEvent: number;
  latencyP50Ms: number | null;
  latencyP95Ms: number | null;
  changed: number;
}

const quantile = (xs: number[], q: number) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
};

const row = (flows: Row['flows'], automation: string, event: string, events: number, executions: number, lat: number[]): Row => ({
  automation,
  event,
  flows,
  events,
  executionsPerEvent: events ? Math.round((executions / events) * 100) / 100 : 0,
  latencyP50Ms: quantile(lat, 0.5),
  latencyP95Ms: quantile(lat, 0.95),
  changed: lat.length,
});

/** The user a workflow run was for (its Flow.userId input). */
const userOf = (inputs: Record<string, unknown>) => String(Object.entries(inputs).find(([k]) => k.toLowerCase() === 'flow.userid')?.[1] ?? '');

/** One event, at its moment (ms after the first). */
interface Play {
  atMs: number;
  run: (c: SandboxContext) => void;
}
/** When an answered call's events happened (sandbox-clock ms), once played. */
interface PlayedCall {
  conversation: string;
  startAt: number;
  answerAt: number;
  endAt: number;
}

/** An inbound call (ACD with a queue) of one person, some time in the first two minutes, answered after 2–12 s, 10–90 s long. */
function answeredCall(r: Rng, userId: string, queueId?: string): { call: PlayedCall; plays: Play[] } {
  const at = r.int(0, 120_000);
  const ring = r.int(2_000, 12_000);
  const talk = r.int(10_000, 90_000);
  const call: PlayedCall = { conversation: '', startAt: 0, answerAt: 0, endAt: 0 };
  return {
    call,
    plays: [
      { atMs: at, run: (c) => void ((call.conversation = startCall(c, { userId, direction: 'inbound', ...(queueId ? { queueId } : {}) }).id), (call.startAt = c.clock.now())) },
      { atMs: at + ring, run: (c) => void (answerCall(c, call.conversation), (call.answerAt = c.clock.now())) },
      { atMs: at + ring + talk, run: (c) => void (endCall(c, call.conversation), (call.endAt = c.clock.now())) },
    ],
  };
}

/** Moves the sandbox clock on, then waits until every event it set off has been handled. */
const advanceOn = (ctx: SandboxContext) => async (ms: number) => {
  await ctx.clock.advance(ms);
  await ctx.bus.idle();
};

/** Plays the events at their moments on the sandbox clock, then lets ten minutes pass for the runs to finish. */
async function play(ctx: SandboxContext, plays: Play[]): Promise<void> {
  const advance = advanceOn(ctx);
  plays.sort((a, b) => a.atMs - b.atMs);
  const t0 = ctx.clock.now();
  for (const p of plays) {
    await advance(Math.max(0, t0 + p.atMs - ctx.clock.now()));
    p.run(ctx);
    await ctx.bus.idle();
  }
  await advance(600_000);
}

async function sandboxFor(seed: number, users: number) {
  const sandbox = await startSandbox({ port: 0, now: NOW, rateLimit: 0, users, profile: 'production', seed, profileTuning: QUIET_APPLY });
  const client = await GenesysClient.connect({ clientId: sandbox.adminClient.id, clientSecret: sandbox.adminClient.secret, gatewayUrl: sandbox.url, requestsPerMinute: 0 });
  return { sandbox, client, ctx: sandbox.ctx };
}

async function provision(which: 'presence-kit' | 'original', client: GenesysClient, workDir: string) {
  if (which === 'original') {
    await setupOriginalCommunicateCall(client);
    await setupOriginalTeams(client);
    return;
  }
  const p = await plan({ client, workDir, blueprints: ['communicate-call', 'teams-presence'], set: [] });
  await apply(p);
}

/** Plays the same events on one side and measures them. */
async function measure(which: 'presence-kit' | 'original', seed: number, n: number): Promise<Row[]> {
  const users = 3 * n + 10;
  const { sandbox, client, ctx } = await sandboxFor(seed, users);
  const workDir = mkdtempSync(join(tmpdir(), 'pk-bench-automations-'));
  try {
    await provision(which, client, workDir);
    const ids = (await client.request<{ entities: Array<{ id: string }> }>('GET', '/api/v2/users', { query: { pageSize: users } })).entities.map((u) => u.id).slice(0, 3 * n);
    const changes = new Map<string, number[]>();
    const teamsShown = new Map<string, number[]>();
    ctx.bus.subscribe((e: BusEvent) => {
      const m = /^v2\.users\.([^.]+)\.(presence|integrationpresence)$/.exec(e.topic);
      if (!m) return;
      const into = m[2] === 'presence' ? changes : teamsShown;
      into.set(m[1]!, [...(into.get(m[1]!) ?? []), Date.parse(e.publishedAt)]);
    });
    const advance = advanceOn(ctx);
    for (const id of ids) setUserPresence(ctx, id, P.Available, { primary: true });
    await advance(1_000);
    const since = ctx.clock.nowIso();
    const r = new Rng(seed);
    const answeredUsers = ids.slice(0, n);
    const missedUsers = ids.slice(n, 2 * n);
    const teamsUsers = ids.slice(2 * n);
    const plays: Play[] = [];
    const answered = new Map<string, PlayedCall>();
    for (const u of answeredUsers) {
      const a = answeredCall(r, u);
      answered.set(u, a.call);
      plays.push(...a.plays);
    }
    for (const u of missedUsers) {
      const at = r.int(0, 120_000);
      let conversation = '';
      plays.push({ atMs: at, run: (c) => void (conversation = startCall(c, { userId: u, direction: 'inbound' }).id) });
      plays.push({ atMs: at + r.int(5_000, 30_000), run: (c) => void endCall(c, conversation) });
    }
    for (const u of teamsUsers) plays.push({ atMs: r.int(0, 120_000), run: (c) => void setPersonStatus(c, graphUserOfGenesys(c, u)!.id, r.pick(TEAMS_STATUSES)) });
    await play(ctx, plays);

    const runs = listExecutions(ctx).filter((e) => e.startTime >= since);
    const executionsOf = (userIds: readonly string[], flow: RegExp) =>
      runs.filter((e) => flow.test(e.name) && userIds.includes(userOf(e.inputs))).reduce((sum, e) => sum + e.steps.filter((s) => s.action === 'callData').length, 0);
    const after = (userId: string, from: number) => (changes.get(userId) ?? []).find((t) => t >= from);
    const startLat: number[] = [];
    const endLat: number[] = [];
    for (const [u, c] of answered) {
      const busy = after(u, c.answerAt);
      if (busy !== undefined && busy < c.endAt) startLat.push(busy - c.answerAt);
      const back = after(u, c.endAt);
      if (back !== undefined) endLat.push(back - c.endAt);
    }
    const teamsLat: number[] = [];
    for (const u of teamsUsers) {
      const shown = teamsShown.get(u)?.[0];
      const changed = shown === undefined ? undefined : after(u, shown);
      if (shown !== undefined && changed !== undefined) teamsLat.push(changed - shown);
    }
    return [
      row(which, 'communicate-call', 'call answered (start)', n, executionsOf(answeredUsers, /Busy/), startLat),
      row(which, 'communicate-call', 'call ended (end)', n, executionsOf(answeredUsers, /Available/), endLat),
      row(which, 'communicate-call', 'call not answered (start + end)', n, executionsOf(missedUsers, /Busy|Available/), []),
      row(which, 'teams-presence', 'Teams status change', teamsUsers.filter((u) => teamsShown.has(u)).length, executionsOf(teamsUsers, /Teams/), teamsLat),
    ];
  } finally {
    await sandbox.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** Any queue: an ACD interaction is one with a queueId, which is all the triggers look at. */
const QUEUE = 'b1a3c3a2-5f4e-4c1e-9d7a-0c0ffee0a11a';
const GRAPH_SECRET_ENV = 'PRESENCE_KIT_GRAPH_CLIENT_SECRET';
/** Each side's two flows, by the names their runs carry. */
const OUTBOUND_FLOWS = {
  'presence-kit': { start: /^Set Teams Presence For Interaction$/, end: /^Clear Teams Presence After Interaction$/ },
  original: { start: /^GC User Set MS Teams to DoNotDisturb/, end: /^GC User Set MS Teams to Available/ },
} as const;

/**
 * teams-presence-outbound applied against the sandbox's Entra app. For the original side, the
 * original blueprint is set up first as its guide leaves an org (its own two integrations, its
 * actions and flows, its triggers on every user.start / user.end); the kit's apply then adopts
 * those two integrations (`--adopt`), giving them working credentials and the Graph one its auth
 * action (which the kit cannot import from the export), so the original's Graph calls really
 * reach Graph; the kit's own triggers are deleted, so only the original's flows run.
 */
async function provisionOutbound(which: 'presence-kit' | 'original', client: GenesysClient, ctx: SandboxContext, workDir: string) {
  if (which === 'original') await setupOriginalTeamsOutbound(client);
  const app = apps(ctx).list()[0]!;
  process.env[GRAPH_SECRET_ENV] = app.secret;
  try {
    const adopt = which === 'original' ? ['integration/Get MS Teams User ID', 'integration/MS Teams Graph Authentication (Presence Update)', 'auth-action/Office 365 (Auth)'] : [];
    await apply(await plan({ client, workDir, blueprints: ['teams-presence-outbound'], set: [`graphTenantId=${app.tenantId}`, `graphClientId=${app.id}`], adopt }));
  } finally {
    delete process.env[GRAPH_SECRET_ENV];
  }
  if (which === 'presence-kit') return;
  const triggers = await client.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/processautomation/triggers');
  for (const t of triggers.entities.filter((x) => x.name.startsWith('Teams Presence '))) await client.request('DELETE', `/api/v2/processautomation/triggers/${t.id}`);
}

/** ACD interactions, one per person: Teams (as Graph shows it) during and after, and what each event cost. */
async function measureOutbound(which: 'presence-kit' | 'original', seed: number, n: number): Promise<Row[]> {
  const { sandbox, client, ctx } = await sandboxFor(seed, n + 10);
  const workDir = mkdtempSync(join(tmpdir(), 'pk-bench-automations-'));
  try {
    await provisionOutbound(which, client, ctx, workDir);
    const ids = (await client.request<{ entities: Array<{ id: string }> }>('GET', '/api/v2/users', { query: { pageSize: n + 10 } })).entities.map((u) => u.id).slice(0, n);
    /** What Graph showed each person, and when it changed. */
    const shown = new Map<string, Array<{ at: number; availability: string }>>();
    onPresenceChange(ctx, (user, _before, after) => {
      if (user.genesysUserId) shown.set(user.genesysUserId, [...(shown.get(user.genesysUserId) ?? []), { at: ctx.clock.now(), availability: after.availability }]);
    });
    const since = ctx.clock.nowIso();
    const r = new Rng(seed);
    const plays: Play[] = [];
    const calls = new Map<string, PlayedCall>();
    for (const u of ids) {
      const a = answeredCall(r, u, QUEUE);
      calls.set(u, a.call);
      plays.push(...a.plays);
    }
    await play(ctx, plays);

    const runs = listExecutions(ctx).filter((e) => e.startTime >= since);
    const flows = OUTBOUND_FLOWS[which];
    const executionsOf = (flow: RegExp) => runs.filter((e) => flow.test(e.name) && ids.includes(userOf(e.inputs))).reduce((sum, e) => sum + e.steps.filter((s) => s.action === 'callData').length, 0);
    const startLat: number[] = [];
    const endLat: number[] = [];
    for (const [u, c] of calls) {
      const seen = shown.get(u) ?? [];
      const dnd = seen.find((x) => x.at >= c.startAt && x.availability === 'DoNotDisturb');
      if (dnd && dnd.at <= c.endAt) startLat.push(dnd.at - c.startAt);
      const back = seen.find((x) => x.at >= c.endAt && x.availability !== 'DoNotDisturb');
      if (back) endLat.push(back.at - c.endAt);
    }
    return [
      row(which, 'teams-presence-outbound', 'ACD interaction start (Teams DoNotDisturb)', n, executionsOf(flows.start), startLat),
      row(which, 'teams-presence-outbound', 'ACD interaction end (Teams back)', n, executionsOf(flows.end), endLat),
    ];
  } finally {
    await sandbox.close();
    rmSync(workDir, { recursive: true, force: true });
  }
}

const fmt = (v: number | null) => (v === null ? '—' : `${v}`);

export async function run(args: string[]): Promise<void> {
  const json = args.includes('--json');
  const opt = (name: string, d: number) => {
    const i = args.indexOf(name);
    return i >= 0 ? Number(args[i + 1]) : d;
  };
  const seed = opt('--seed', 22);
  const n = opt('--events', 40);
  const onlyAt = args.indexOf('--only');
  const only = onlyAt >= 0 ? args[onlyAt + 1] : undefined;
  const rows: Row[] = [];
  // communicate-call and teams-presence share one org per side; teams-presence-outbound has its own.
  if (only !== 'teams-presence-outbound') rows.push(...(await measure('presence-kit', seed, n)), ...(await measure('original', seed, n)));
  if (!only || only === 'teams-presence-outbound') rows.push(...(await measureOutbound('presence-kit', seed, n)), ...(await measureOutbound('original', seed, n)));
  if (only) rows.splice(0, rows.length, ...rows.filter((r) => r.automation === only));
  if (json) {
    console.log(JSON.stringify({ profile: 'production', seed, events: n, rows }, null, 2));
    return;
  }
  console.log(`automations under the production profile (seed ${seed}, ${n} events of each kind; latency in sandbox-clock ms)`);
  console.log('| automation | event | flows | data actions / event | latency p50 | latency p95 | presence changed |');
  console.log('|---|---|---|---|---|---|---|');
  const order = [...rows].sort((a, b) => a.automation.localeCompare(b.automation) || a.event.localeCompare(b.event) || a.flows.localeCompare(b.flows));
  for (const r of order) console.log(`| ${r.automation} | ${r.event} | ${r.flows} | ${r.executionsPerEvent} | ${fmt(r.latencyP50Ms)} | ${fmt(r.latencyP95Ms)} | ${r.changed}/${r.events} |`);
}
