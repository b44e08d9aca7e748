import type { GenesysClient } from '../genesys/client.js';
import { PreBreakJob } from '../jobs/pre-break/job.js';
import { DEFAULT_CATEGORIES, type ScheduledBreak } from '../jobs/pre-break/plan.js';
import { loadSchedules } from '../jobs/pre-break/schedule-cache.js';
import { DEFAULT_SEARCH } from '../jobs/pre-break/wfm.js';
import { SYSTEM_PRESENCE_IDS } from '../model/presence.js';
import type { SandboxControl } from './control.js';
import { advance, clockNow } from './drive.js';
import type { CallState } from './types.js';
import { seededRandom as rng } from '../util/seeded-random.js';

/**
 * `simulate day`: agents through their scheduled day on the sandbox, so `report pre-break` and
 * `timeline` have something real to show. The sandbox's own WFM schedules say when each agent's
 * breaks and meals are; the clock moves minute by minute; On Queue agents are offered ACD
 * interactions (a few minutes long, a few minutes apart), and an agent in an interaction when
 * their break starts finishes it first — the lateness pre-break exists for. The pre-break job
 * runs every minute for the management units chosen (half of them by default), so the day has
 * switched and not-switched breaks. Agents take breaks with a spread of lateness; some come back
 * late; some switched agents take their break in Pre-Break and stay there after it. Everything
 * is drawn from `seed`: the same seed gives the same day.
 */
export interface DayScript {
  hours: number;
  agents: number;
  preBreak: 'half' | 'all' | 'none';
  seed: number;
  leadMs: number;
  queueId: string;
  presenceName: string;
}

export interface DayResult {
  from: string;
  to: string;
  agents: Array<{ userId: string; managementUnitId: string; preBreak: boolean }>;
  preBreakManagementUnits: string[];
  breaks: number;
  interactions: number;
  switched: number;
}

export class DayError extends Error {}


type State = 'queue' | 'pre-break' | 'break';

interface Agent {
  userId: string;
  managementUnitId: string;
  preBreak: boolean;
  state: State;
  breaks: ScheduledBreak[];
  /** The next break not yet taken (index into breaks). */
  next: number;
  call?: { id: string; endsAt: number; ending?: boolean };
  nextOfferAt: number;
  /** When the agent goes into the current break's presence, and when they come back. */
  enterAt?: number;
  backAt?: number;
  /** This break is taken in Pre-Break (the agent never picks Break). */
  staysInPreBreak?: boolean;
}

const MINUTE = 60_000;

export async function simulateDay(client: GenesysClient, ctl: SandboxControl, s: DayScript): Promise<DayResult> {
  const random = rng(s.seed);
  const between = (lo: number, hi: number) => lo + random() * (hi - lo);
  const start = Math.ceil(Date.parse(await clockNow(ctl)) / MINUTE) * MINUTE;
  const end = start + s.hours * 3_600_000;
  await advance(ctl, (start - Date.parse(await clockNow(ctl))) / 1000);

  const presence = { name: s.presenceName };
  let loaded;
  try {
    loaded = await loadSchedules(client, { managementUnitIds: [], all: true, categories: [...DEFAULT_CATEGORIES], presence, search: DEFAULT_SEARCH }, { startMs: start, endMs: end }, start, () => true);
  } catch (e) {
    throw new DayError(`${(e as Error).message}`);
  }
  const { cache } = loaded;
  const mus = cache.managementUnits.map((m) => m.id);
  const preBreakMus = s.preBreak === 'all' ? mus : s.preBreak === 'none' ? [] : mus.slice(0, Math.ceil(mus.length / 2));
  // Agents with a break in the day, taken from each management unit in turn.
  const byMu = new Map<string, string[]>();
  for (const b of cache.breaks) if (!byMu.get(b.managementUnitId)?.includes(b.userId)) byMu.set(b.managementUnitId, [...(byMu.get(b.managementUnitId) ?? []), b.userId]);
  const chosen: Array<{ userId: string; mu: string }> = [];
  for (let i = 0; chosen.length < s.agents && [...byMu.values()].some((l) => l.length > i); i++) for (const [mu, ids] of byMu) if (ids[i] && chosen.length < s.agents) chosen.push({ userId: ids[i]!, mu });
  if (!chosen.length) throw new DayError(`no agent has a scheduled break or meal between ${new Date(start).toISOString()} and ${new Date(end).toISOString()}: try more --hours`);

  const setPresence = (userId: string, id: string) => client.request('PATCH', `/api/v2/users/${userId}/presences/purecloud`, { body: { presenceDefinition: { id }, primary: true } });
  // Everyone else in the management units is off for the day: the job leaves Offline agents alone, and the report leaves out breaks of agents not at work.
  const chosenIds = new Set(chosen.map((c) => c.userId));
  const others = [...new Set(cache.breaks.map((b) => b.userId))].filter((id) => !chosenIds.has(id));
  for (const id of others) await setPresence(id, SYSTEM_PRESENCE_IDS.Offline);
  const agents: Agent[] = chosen.map((c) => ({
    userId: c.userId,
    managementUnitId: c.mu,
    preBreak: preBreakMus.includes(c.mu),
    state: 'queue',
    breaks: (cache.byUser.get(c.userId) ?? []).filter((b) => b.startMs >= start),
    next: 0,
    nextOfferAt: start + between(0, 4) * MINUTE,
  }));
  for (const a of agents) await setPresence(a.userId, SYSTEM_PRESENCE_IDS['On Queue']);

  const job = preBreakMus.length
    ? new PreBreakJob(client, { managementUnitIds: preBreakMus, all: false, categories: [...DEFAULT_CATEGORIES], leadMs: s.leadMs, tickMs: MINUTE, dryRun: false, presence })
    : undefined;
  let interactions = 0;
  let switched = 0;
  const byId = new Map(agents.map((a) => [a.userId, a]));

  for (let t = start; t < end; t += MINUTE) {
    if (job) {
      const r = await job.tick(t);
      for (const row of r.agents)
        if (row.outcome === 'switched' && byId.get(row.userId)?.state === 'queue') {
          byId.get(row.userId)!.state = 'pre-break';
          switched++;
        }
    }
    // This minute's actions, at their own seconds, in order.
    const actions: Array<{ at: number; run: () => Promise<void> }> = [];
    for (const a of agents) {
      const b = a.breaks[a.next];
      if (a.call && !a.call.ending && a.call.endsAt < t + MINUTE) {
        const call = a.call;
        call.ending = true;
        actions.push({ at: call.endsAt, run: async () => void (await ctl.post(`calls/${call.id}/end`)) });
      }
      if (b && a.state !== 'break' && a.enterAt === undefined && t + MINUTE > b.startMs) {
        // The break starts: finish the interaction first, then go (a spread of lateness either way).
        const callEnd = a.call?.endsAt ?? 0;
        const jitter = (a.state === 'pre-break' ? between(-20, 40) : between(-40, 90)) * 1000;
        a.enterAt = callEnd > b.startMs ? callEnd + Math.abs(jitter) : b.startMs + jitter;
        a.staysInPreBreak = a.state === 'pre-break' && random() < 0.15;
        const lateBack = random() < 0.3;
        a.backAt = (b.endMs ?? b.startMs + 15 * MINUTE) + (lateBack ? between(2, 10) * MINUTE : between(0, 50) * 1000);
      }
      if (b && a.enterAt !== undefined && a.state !== 'break' && a.enterAt < t + MINUTE) {
        const at = Math.max(t, a.enterAt);
        const to = b.category === 'Meal' ? SYSTEM_PRESENCE_IDS.Meal : SYSTEM_PRESENCE_IDS.Break;
        a.state = 'break';
        if (!a.staysInPreBreak) actions.push({ at, run: async () => void (await setPresence(a.userId, to)) });
      }
      if (b && a.state === 'break' && a.backAt !== undefined && a.backAt < t + MINUTE) {
        const at = Math.max(t, a.backAt);
        actions.push({ at, run: async () => void (await setPresence(a.userId, SYSTEM_PRESENCE_IDS['On Queue'])) });
        a.state = 'queue';
        a.next++;
        a.enterAt = undefined;
        a.backAt = undefined;
        a.nextOfferAt = at + between(1, 5) * MINUTE;
      }
      // Routing offers only On Queue agents who are free: not in Pre-Break, not on a break.
      if (a.state === 'queue' && a.enterAt === undefined && a.nextOfferAt < t + MINUTE) {
        const at = Math.max(t, a.nextOfferAt);
        const length = between(2, 9) * MINUTE;
        a.call = { id: '', endsAt: at + length };
        a.nextOfferAt = at + length + between(1, 6) * MINUTE;
        const call = a.call;
        interactions++;
        actions.push({
          at,
          run: async () => {
            const c = await ctl.post<CallState>('calls', { userId: a.userId, direction: 'inbound', queueId: s.queueId });
            call.id = c.conversationId;
            await ctl.post(`calls/${c.conversationId}/answer`);
          },
        });
      }
    }
    actions.sort((x, y) => x.at - y.at);
    let now = t;
    for (const act of actions) {
      if (act.at > now) {
        await advance(ctl, Math.round(act.at - now) / 1000);
        now = act.at;
      }
      await act.run();
    }
    await advance(ctl, (t + MINUTE - now) / 1000);
  }
  // Calls still going at the day's end are ended, so no workflow waits forever.
  for (const a of agents) if (a.call?.id && !a.call.ending) await ctl.post(`calls/${a.call.id}/end`).catch(() => undefined);

  return {
    from: new Date(start).toISOString(),
    to: new Date(end).toISOString(),
    agents: agents.map((a) => ({ userId: a.userId, managementUnitId: a.managementUnitId, preBreak: a.preBreak })),
    preBreakManagementUnits: preBreakMus,
    breaks: agents.reduce((n, a) => n + a.breaks.filter((b) => b.startMs < end).length, 0),
    interactions,
    switched,
  };
}
