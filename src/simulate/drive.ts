import type { SandboxControl } from './control.js';
import type { BusEventView, CallState, Execution, PresenceChange } from './types.js';

/**
 * Drives what Genesys would do on its own — a call ringing, being answered, hanging up; Teams
 * reporting a status — by moving the sandbox clock and publishing the same events, then reads
 * back what the org's automation did. Used by `presence-kit simulate` and by tests.
 */
export interface CallScript {
  userId: string;
  direction?: 'inbound' | 'outbound';
  group?: boolean;
  queueId?: string;
  /** Seconds of ringing before the user (inbound) or the far end (outbound) answers; null: never answered. */
  answerAfterSeconds: number | null;
  /** Seconds the call lasts once answered (or rings in all, when never answered). */
  durationSeconds: number;
  /** Seconds to let the clock run after the call ends, for flows still waiting. */
  settleSeconds?: number;
}

export interface Moment {
  /** ISO time on the sandbox clock. */
  time: string;
  what: string;
}

export interface CallResult {
  call: CallState;
  moments: Moment[];
  startedAt: string;
  finishedAt: string;
}

export async function clockNow(ctl: SandboxControl): Promise<string> {
  return (await ctl.get<{ now: string }>('clock')).now;
}

export async function advance(ctl: SandboxControl, seconds: number): Promise<string> {
  if (seconds <= 0) return clockNow(ctl);
  return (await ctl.post<{ now: string }>('clock', { advanceSeconds: seconds })).now;
}

export async function simulateCall(ctl: SandboxControl, s: CallScript): Promise<CallResult> {
  const moments: Moment[] = [];
  const startedAt = await clockNow(ctl);
  let call = await ctl.post<CallState>('calls', { userId: s.userId, direction: s.direction ?? 'inbound', group: s.group ?? false, ...(s.queueId ? { queueId: s.queueId } : {}) });
  const kind = `${call.direction}${s.queueId ? ' ACD' : s.group ? ' group' : ''} call`;
  moments.push({ time: call.startTime, what: `${kind} starts ringing` });
  if (s.answerAfterSeconds === null) {
    await advance(ctl, s.durationSeconds);
  } else {
    await advance(ctl, s.answerAfterSeconds);
    call = await ctl.post<CallState>(`calls/${call.conversationId}/answer`);
    moments.push({ time: call.answeredTime!, what: call.direction === 'inbound' ? 'user answers' : 'far end answers' });
    await advance(ctl, s.durationSeconds);
  }
  call = await ctl.post<CallState>(`calls/${call.conversationId}/end`);
  moments.push({ time: call.endTime!, what: call.answeredTime ? 'call ends' : 'call ends unanswered' });
  const finishedAt = await advance(ctl, s.settleSeconds ?? 30);
  return { call, moments, startedAt, finishedAt };
}

/**
 * The person sets their Teams status (in their Teams client, i.e. in the sandbox's Microsoft
 * Graph); Genesys's Teams integration then reports Graph's aggregated presence as
 * `v2.users.{id}.integrationpresence` — or nothing, when the aggregate did not move (an
 * application's DoNotDisturb session still wins over a client that only reports Available).
 */
export async function simulateTeamsStatus(ctl: SandboxControl, userId: string, status: string, settleSeconds = 5): Promise<{ moments: Moment[]; startedAt: string; finishedAt: string }> {
  const startedAt = await clockNow(ctl);
  const shown = await ctl.post<{ availability: string; activity: string }>(`graph/users/${encodeURIComponent(userId)}/status`, { status });
  // Under the production profile Genesys hears of a Teams change only after its propagation
  // delay: the settle covers the longest, so what follows sees the status landed.
  const finishedAt = await advance(ctl, settleSeconds + (await teamsPropagationMaxSeconds(ctl)));
  return { moments: [{ time: startedAt, what: `Teams reports ${shown.activity} (${shown.availability}; the person set ${status})` }], startedAt, finishedAt };
}

/** The production profile's longest Teams → Genesys propagation, in seconds (0 under the default profile). */
async function teamsPropagationMaxSeconds(ctl: SandboxControl): Promise<number> {
  const p = await ctl.get<{ tuning?: { teamsPropagationMs?: { max?: number } } }>('profile');
  return Math.ceil((p.tuning?.teamsPropagationMs?.max ?? 0) / 1000);
}

/** What Teams shows for a user (availability/activity), as the sandbox's Graph aggregates it. */
export async function teamsPresence(ctl: SandboxControl, userId: string): Promise<{ availability: string; activity: string } | undefined> {
  try {
    return await ctl.get<{ availability: string; activity: string }>(`graph/users/${encodeURIComponent(userId)}/presence`);
  } catch {
    return undefined; // a user with no Teams account
  }
}

/** Each change of the user's Teams presence, as Genesys's Teams integration reported it (its `message` is Teams' activity). */
export async function teamsChanges(ctl: SandboxControl, userId: string, since: string): Promise<Array<{ time: string; activity: string; systemPresence: string }>> {
  const { entities } = await ctl.get<{ entities: BusEventView[] }>('events', { topic: `v2.users.${userId}.integrationpresence`, since });
  return entities.map((e) => ({
    time: e.publishedAt,
    activity: String(e.body.message ?? '?'),
    systemPresence: String(((e.body.presenceDefinition ?? {}) as { systemPresence?: string }).systemPresence ?? '?'),
  }));
}

export async function presenceChanges(ctl: SandboxControl, userId: string, since: string): Promise<PresenceChange[]> {
  const { entities } = await ctl.get<{ entities: BusEventView[] }>('events', { topic: `v2.users.${userId}.presence`, since });
  return entities.map((e) => {
    const def = (e.body.presenceDefinition ?? {}) as { id?: string; systemPresence?: string };
    return { time: e.publishedAt, systemPresence: def.systemPresence ?? '?', presenceDefinitionId: def.id ?? '' };
  });
}

export async function executionsSince(ctl: SandboxControl, since: string, userId?: string): Promise<Execution[]> {
  return (await ctl.get<{ entities: Execution[] }>('executions', { since, userId })).entities;
}
