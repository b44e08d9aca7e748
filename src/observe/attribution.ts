import type { ExecutionItem, FlowExecutionData } from '../model/flow-execution.js';
import type { AnalyticsUserDetail } from '../model/user-details.js';
import { heldRule } from '../model/presence-policy.js';
import { SYSTEM_PRESENCE_IDS } from '../model/presence.js';
import { AUTOMATION_LABEL, type Automation, type WorkflowOwner } from './automations.js';

/**
 * Joins a user's presence history with the kit's workflow runs and says what made each change:
 * the run whose presence-setting data action wrote that presence at that moment (Communicate call,
 * Teams), the pre-break job (the only one that sets the Pre-Break presence), or otherwise a person
 * (or anything outside the kit). Runs that changed nothing say which rule held; failed runs say why.
 */
/** `unknown`: only live, when the runs could not be read at that moment. */
export type CauseKind = Automation | 'person' | 'unknown';

export interface Cause {
  kind: CauseKind;
  label: string;
  /**
   * `recorded`: a run of the kit wrote this presence at this moment (its data action is in the run's
   * execution data). `inferred`: nothing recorded it, so it is read from what is left — the presence
   * only the pre-break job sets, or no kit run at all (a person, or a tool outside the kit) — and
   * `note` says so. `unknown`: the runs could not be read.
   */
  certainty: 'recorded' | 'inferred' | 'unknown';
  runId?: string;
  flowName?: string;
  /** Whose workflow made it (recorded causes): presence-kit's, or an original blueprint's installed beside it. */
  owner?: WorkflowOwner;
  /** The original blueprint's title, when its workflow made it. */
  original?: string;
  /** The rule that applied: the run's recorded rule or exit reason, else the decisions it took. */
  rule?: string;
  /** The run found no mapping and used the fallback presence: what it could not map and the step it took. */
  fallback?: string;
  /** What else could have made it, when the data cannot tell. */
  note?: string;
}

/** A run's write to Teams (Genesys → Teams): the application presence session it opened, or cleared. */
export interface TeamsChange {
  time: string;
  /** "DoNotDisturb / Presenting", or "cleared" (the session ended: Teams shows the person's own status again). */
  to: string;
}

export interface PresenceChange {
  time: string;
  userId: string;
  /** Analytics spelling (AVAILABLE, ON_QUEUE, …) of the new and previous system presence. */
  from?: string;
  to: string;
  presenceId?: string;
  /** The organisation presence's name when known (e.g. "Pre-Break"). */
  presenceName?: string;
  /** The name of the presence it came from, when known: "Pre-Break → Break" must not read "BREAK → BREAK". */
  fromPresenceName?: string;
  cause: Cause;
}

export interface RoutingChange {
  time: string;
  userId: string;
  from?: string;
  to: string;
}

export type RunOutcome = 'changed' | 'held' | 'failed' | 'running';

export interface RunView {
  id: string;
  userId: string;
  flowName: string;
  automation: Automation;
  start: string;
  end?: string;
  status: string;
  outcome: RunOutcome;
  rule?: string;
  error?: string;
  conversationId?: string;
  /** What the run did to the user's Teams presence (Genesys → Teams runs). */
  teams?: TeamsChange[];
  /** Set when the run took its fallback (see Cause.fallback). */
  fallback?: string;
  /** The original blueprint's title, when the run is of its workflow (beside presence-kit), not of the kit's. */
  original?: string;
}

export interface PresenceSpan {
  start: string;
  end?: string;
  systemPresence: string;
  presenceId?: string;
  presenceName?: string;
}

export interface UserTimeline {
  userId: string;
  name: string;
  spans: PresenceSpan[];
  changes: PresenceChange[];
  routing: RoutingChange[];
  runs: RunView[];
}

export interface KitRun {
  data: FlowExecutionData;
  automation: Automation;
  /** The original blueprint's title, when the run is of its workflow, not of the kit's. */
  original?: string;
}

/** A data action's write to this user's presence: its time and the presence id it sent. */
interface PresenceWrite {
  time: number;
  presenceId?: string;
  run: KitRun;
}

/** How far apart a data action's write and the analytics segment start may be (clocks, ingestion rounding). */
const MATCH_TOLERANCE_MS = 5_000;

export const inputUserId = (d: FlowExecutionData): string | undefined => {
  const v = Object.entries(d.inputData).find(([k]) => k.toLowerCase() === 'flow.userid')?.[1];
  return typeof v === 'string' ? v : undefined;
};

function bodyPresenceId(body: unknown): string | undefined {
  let b = body;
  if (typeof b === 'string') {
    try {
      b = JSON.parse(b);
    } catch {
      return undefined;
    }
  }
  const first = Array.isArray(b) ? b[0] : b;
  const id = (first as { presenceDefinition?: { id?: unknown } } | undefined)?.presenceDefinition?.id;
  return typeof id === 'string' ? id : undefined;
}

/** A presence id among a data action's inputs (`PRESENCE_DEFINITION_ID`, `presenceId`, …). */
function inputPresenceId(inputs: Record<string, unknown> | undefined): string | undefined {
  const hit = Object.entries(inputs ?? {}).find(([k, v]) => /presence.*id/i.test(k) && typeof v === 'string' && v.length > 0);
  return hit ? (hit[1] as string) : undefined;
}

/**
 * A successful data action that set this user's presence: known by its request where the execution
 * data carries it (the sandbox), else by its inputs — this user's id and a presence id (what the
 * kit's "GC User Presence Update" action takes), which is all an org's execution data may show.
 */
function presenceWrite(item: ExecutionItem, userId: string): { presenceId?: string } | undefined {
  const a = item.dataAction;
  if (a?.outcome !== 'success') return undefined;
  const r = a.request;
  if (r) return /^(PATCH|PUT)$/i.test(r.method) && (r.url.includes(`/users/${userId}/presences`) || r.url.endsWith('/users/presences/bulk')) ? { presenceId: bodyPresenceId(r.body) ?? inputPresenceId(a.inputs) } : undefined;
  // The call-memory row actions take this user and a presence too (the presence to restore), but
  // they write a data-table row — the call session's claim, or a Teams change a call holds — never the presence.
  if (Object.keys(a.inputs ?? {}).some((k) => /^datatable_?id$/i.test(k))) return undefined;
  const presenceId = inputPresenceId(a.inputs);
  return presenceId && Object.values(a.inputs ?? {}).includes(userId) ? { presenceId } : undefined;
}

const GRAPH_PRESENCE_WRITE = /\/presence\/(setPresence|setUserPreferredPresence|clearPresence|clearUserPreferredPresence)$/;

/**
 * A successful data action that wrote the user's Teams presence: known by its Graph request where
 * the execution data carries it, else by the kit's action names ("Set/Clear Microsoft Teams
 * Presence Session"); what it set is read from the request body or the action's inputs.
 */
function teamsWrite(item: ExecutionItem): TeamsChange | undefined {
  const a = item.dataAction;
  if (a?.outcome !== 'success') return undefined;
  const url = a.request?.url ?? '';
  const isWrite = a.request ? GRAPH_PRESENCE_WRITE.test(url.split('?')[0]!) : /^(set|clear) microsoft teams presence/i.test(a.name.split(' / ').pop()!.trim());
  if (!isWrite) return undefined;
  if (/clear/i.test(a.request ? url : a.name)) return { time: item.dateTime, to: 'cleared' };
  let body = a.request?.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      body = undefined;
    }
  }
  const pick = (k: string) => {
    const v = (body as Record<string, unknown> | undefined)?.[k] ?? a.inputs?.[k];
    return typeof v === 'string' ? v : undefined;
  };
  return { time: item.dateTime, to: [pick('availability'), pick('activity')].filter(Boolean).join(' / ') || 'set' };
}

/** The fallback a run took: the value it could not map (its Teams status) and the step ("Use Fallback Presence"). */
function fallbackOf(d: FlowExecutionData): string | undefined {
  const step = d.executionItems.find((i) => /fallback/i.test(i.actionName));
  if (!step) return undefined;
  const message = Object.entries(d.inputData).find(([k]) => k.toLowerCase() === 'flow.message')?.[1];
  return `${typeof message === 'string' ? `"${message}" is not in the mapping table` : 'no mapping'}: "${step.actionName}"`;
}

function writesOf(run: KitRun, userId: string): PresenceWrite[] {
  return run.data.executionItems.flatMap((i) => {
    const w = presenceWrite(i, userId);
    return w ? [{ time: Date.parse(i.dateTime), presenceId: w.presenceId, run }] : [];
  });
}

/** The rule a run applied: what it recorded (outputs `rule`/`policyRule`, exit reason), else the named exit it took, else its decisions. */
export function ruleOf(d: FlowExecutionData): string | undefined {
  const recorded = [d.outputData.rule, d.outputData.policyRule, d.outputData['Flow.rule'], d.exitReason].find((v) => typeof v === 'string' && v.length > 0);
  if (typeof recorded === 'string') return recorded;
  // The kit's workflows name the exit they take: "Held By Policy (Protected Presence)", "Call Not Counted (The Call Set Nothing)".
  const exit = d.executionItems.filter((i) => i.actionType === 'endWorkflow' && !/^end workflow$/i.test(i.actionName)).at(-1)?.actionName;
  const held = exit && heldRule(exit);
  if (held) return `presence policy: ${held}`;
  if (exit) return exit;
  // A decision a loop asked again counts once, with its last answer (the one that let the run go on).
  const decisions = new Map<string, string>();
  for (const i of d.executionItems) if ((i.actionType === 'decision' || i.actionType === 'switch') && i.outputPath !== undefined) decisions.set(i.actionName, i.outputPath);
  return decisions.size ? [...decisions].map(([name, answer]) => `${name} ${answer}`).join(' → ') : undefined;
}

export function runView(run: KitRun, userId: string): RunView {
  const d = run.data;
  const teams = d.executionItems.flatMap((i) => teamsWrite(i) ?? []);
  const fallback = fallbackOf(d);
  const wrote = writesOf(run, userId).length > 0 || teams.length > 0;
  const failed = d.status === 'FAILED' || d.flowErrorReason !== undefined;
  const outcome: RunOutcome = failed ? 'failed' : wrote ? 'changed' : d.status === 'RUNNING' || d.status === 'WAITING' ? 'running' : 'held';
  const rule = ruleOf(d);
  const conv = Object.entries(d.inputData).find(([k]) => k.toLowerCase() === 'flow.conversationid')?.[1];
  return {
    id: d.id,
    userId,
    flowName: d.flowName,
    automation: run.automation,
    start: d.startDateTime,
    ...(d.endDateTime ? { end: d.endDateTime } : {}),
    status: d.status,
    outcome,
    ...(rule ? { rule } : {}),
    ...(failed ? { error: d.flowErrorReason ?? 'the run failed' } : {}),
    ...(typeof conv === 'string' ? { conversationId: conv } : {}),
    ...(teams.length ? { teams } : {}),
    ...(fallback ? { fallback } : {}),
    ...(run.original ? { original: run.original } : {}),
  };
}

export interface AttributionInput {
  user: { id: string; name: string };
  detail: AnalyticsUserDetail | undefined;
  runs: KitRun[];
  preBreakPresenceId?: string;
  presenceNames?: ReadonlyMap<string, string>;
  /** Only changes inside the window are reported (segments may start before it). */
  from: string;
}

/** Attributes one presence change (also used live by `watch`). */
export function attribute(change: { time: string; presenceId?: string; userId: string; fromPresenceId?: string }, runs: readonly KitRun[], preBreakPresenceId?: string): Cause {
  const t = Date.parse(change.time);
  const writes = runs.flatMap((r) => writesOf(r, change.userId)).filter((w) => Math.abs(w.time - t) <= MATCH_TOLERANCE_MS && (!change.presenceId || !w.presenceId || w.presenceId === change.presenceId));
  writes.sort((a, b) => Math.abs(a.time - t) - Math.abs(b.time - t));
  const hit = writes[0];
  if (hit) {
    const rule = ruleOf(hit.run.data);
    const fallback = fallbackOf(hit.run.data);
    return {
      kind: hit.run.automation,
      label: hit.run.original ? `${AUTOMATION_LABEL[hit.run.automation]} (original blueprint)` : AUTOMATION_LABEL[hit.run.automation],
      certainty: 'recorded',
      runId: hit.run.data.id,
      flowName: hit.run.data.flowName,
      owner: hit.run.original ? 'original' : 'presence-kit',
      ...(hit.run.original ? { original: hit.run.original } : {}),
      ...(rule ? { rule } : {}),
      ...(fallback ? { fallback } : {}),
      // Same automation, someone else's install: said in so many words, so no one reads it as the kit's.
      ...(hit.run.original ? { note: `a workflow of the original blueprint "${hit.run.original}", not presence-kit's` } : {}),
    };
  }
  // The job is not a flow: it leaves no execution data, and the presence it sets is its only trace.
  if (preBreakPresenceId && change.presenceId === preBreakPresenceId)
    return { kind: 'pre-break', label: AUTOMATION_LABEL['pre-break'], certainty: 'inferred', rule: 'on queue, a break or meal starts within the lead time', note: 'read from the presence only the job sets; an agent picking it themselves reads the same' };
  // Out of Pre-Break, the job may have done it too (nothing in the history tells it from the agent):
  // back On Queue when a break moved (or, opt-in, after it), or into the break at its start (opt-in).
  if (preBreakPresenceId && change.fromPresenceId === preBreakPresenceId) {
    const job = change.presenceId === SYSTEM_PRESENCE_IDS['On Queue'] ? 'putting the agent back On Queue (their break moved, or the opt-in release after it)' : change.presenceId === SYSTEM_PRESENCE_IDS.Break || change.presenceId === SYSTEM_PRESENCE_IDS.Meal ? "moving the agent into their break (the opt-in preBreakAtBreakStart=job)" : undefined;
    if (job) return { kind: 'person', label: AUTOMATION_LABEL.person, certainty: 'inferred', note: `no kit run wrote it; or the pre-break job ${job}` };
  }
  return { kind: 'person', label: AUTOMATION_LABEL.person, certainty: 'inferred', note: 'no kit run wrote it: the person, an admin or another tool' };
}

export function userTimeline(input: AttributionInput): UserTimeline {
  const { user, detail, runs, preBreakPresenceId, presenceNames, from } = input;
  const mine = runs.filter((r) => inputUserId(r.data) === user.id);
  const presence = [...(detail?.primaryPresence ?? [])].sort((a, b) => a.startTime.localeCompare(b.startTime));
  const spans: PresenceSpan[] = presence.map((p) => ({
    start: p.startTime,
    ...(p.endTime ? { end: p.endTime } : {}),
    systemPresence: p.systemPresence,
    ...(p.organizationPresenceId ? { presenceId: p.organizationPresenceId, ...(presenceNames?.get(p.organizationPresenceId) ? { presenceName: presenceNames.get(p.organizationPresenceId) } : {}) } : {}),
  }));
  const changes: PresenceChange[] = [];
  spans.forEach((s, i) => {
    const prev = spans[i - 1];
    // The first segment of the recorded history is where it starts, not a change anyone made.
    if (s.start < from || !prev) return;
    changes.push({
      time: s.start,
      userId: user.id,
      from: prev.systemPresence,
      to: s.systemPresence,
      ...(s.presenceId ? { presenceId: s.presenceId } : {}),
      ...(s.presenceName ? { presenceName: s.presenceName } : {}),
      ...(prev.presenceName ? { fromPresenceName: prev.presenceName } : {}),
      cause: attribute({ time: s.start, presenceId: s.presenceId, userId: user.id, fromPresenceId: prev.presenceId }, mine, preBreakPresenceId),
    });
  });
  const routingRecords = [...(detail?.routingStatus ?? [])].sort((a, b) => a.startTime.localeCompare(b.startTime));
  const routing: RoutingChange[] = routingRecords
    .map((r, i) => ({ time: r.startTime, userId: user.id, ...(routingRecords[i - 1] ? { from: routingRecords[i - 1]!.routingStatus } : {}), to: r.routingStatus }))
    .filter((r) => r.time >= from);
  return { userId: user.id, name: user.name, spans, changes, routing, runs: mine.map((r) => runView(r, user.id)) };
}
