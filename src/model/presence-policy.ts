import { z } from 'zod';
import { presenceKey, SystemPresenceName } from './presence.js';

/**
 * The presence policy: one place that says which presences each automation may move a user out
 * of and into. The workflows read the protected list (a manifest variable, substituted into their
 * YAML), the docs table (docs/presence-policy.md) is generated from `expectedChanges`, and the
 * matrix test (test/e2e/presence-policy-matrix.test.ts) reads that table back and drives the
 * sandbox with it — so the doc, the data and the behaviour cannot drift apart silently.
 *
 * Adding an automation (e.g. teams-outbound, #17) = one entry in AUTOMATIONS and, if it changes
 * presences on its own events, one branch in `expectedChanges` plus events in MATRIX_EVENTS.
 */

/** What an admin protects by default: no automation moves a user *out of* these (pre-break excepted, see below). */
export const DEFAULT_PROTECTED_PRESENCES = ['On Queue', 'Break', 'Meal', 'Training', 'Pre-Break', 'Offline'] as const;

/** The manifest variable holding the list (declared in every blueprint whose workflows obey it). */
export const PROTECTED_VARIABLE = 'protectedPresences';

/** A presence as a rule sees it: its label (a system presence's label is its name) and its system presence. */
export const PolicyPresenceSchema = z.object({ name: z.string().min(1), systemPresence: SystemPresenceName });
export type PolicyPresence = z.infer<typeof PolicyPresenceSchema>;

/** Which presences an automation may move a user out of. */
export const LeaveRuleSchema = z.discriminatedUnion('kind', [
  /** Any presence that is not protected, minus `alsoKeeps` (system presences it leaves alone as well). */
  z.object({ kind: z.literal('unprotected'), alsoKeeps: z.array(SystemPresenceName).default([]) }),
  /** Only these system presences, whatever the protected list says (an automation whose job is to leave one). */
  z.object({ kind: z.literal('only'), systemPresences: z.array(SystemPresenceName).min(1) }),
  /** None: it never sets a Genesys presence (it acts on another system's, e.g. Teams'). */
  z.object({ kind: z.literal('none') }),
]);
export type LeaveRule = z.infer<typeof LeaveRuleSchema>;

export const AutomationPolicySchema = z.object({
  id: z.string().regex(/^[a-z][a-z-]*$/),
  title: z.string(),
  /** The blueprint that installs it. */
  blueprint: z.string(),
  /** Where the rule is enforced (workflow names, or the job). */
  enforcedBy: z.array(z.string()).min(1),
  leaves: LeaveRuleSchema,
  /** What it may move a user into, in words (the docs table prints it). */
  enters: z.string(),
  /** What it undoes, and only while it still holds. */
  undoes: z.string().optional(),
});
export type AutomationPolicy = z.infer<typeof AutomationPolicySchema>;

export const AUTOMATIONS: readonly AutomationPolicy[] = z.array(AutomationPolicySchema).parse([
  {
    id: 'communicate-call',
    title: 'Communicate call',
    blueprint: 'communicate-call',
    enforcedBy: ['Set GC User to Busy', 'Set GC User to Available'],
    // A user already Busy (by hand, or Teams' Do not disturb) stays as they are: writing the call's Busy
    // over it would make the call's end "restore" a presence the call never set.
    leaves: { kind: 'unprotected', alsoKeeps: ['Busy'] },
    enters: 'the call Busy (`busyPresenceId`) at answer; at the end of the last call, the presence remembered at the first answer',
    undoes: 'its Busy, only while the user is still in exactly that Busy when the last overlapping call ends',
  },
  {
    id: 'teams-sync',
    title: 'Teams → Genesys sync',
    blueprint: 'teams-presence',
    enforcedBy: ['Microsoft Teams Integration Presence Trigger'],
    leaves: { kind: 'unprotected', alsoKeeps: [] },
    enters: 'the mapped (or fallback) presence, unless it is protected (a protected presence could never be left again); during a Communicate call it updates the call memory instead',
  },
  {
    id: 'teams-outbound',
    title: 'Genesys → Teams (interactions shown in Teams)',
    blueprint: 'teams-presence-outbound',
    // The echo rule lives where Teams comes back into Genesys: the sync ends at once for what
    // presence-kit's own session shows (Presenting, InAConferenceCall) while the user is on a
    // Genesys call — neither Graph nor the integration presence event says which session it is.
    enforcedBy: ['Set Teams Presence For Interaction', 'Clear Teams Presence After Interaction', 'Microsoft Teams Integration Presence Trigger'],
    leaves: { kind: 'none' },
    enters: "no Genesys presence: Teams shows presence-kit's application session (DoNotDisturb/Presenting, or Busy/InAConferenceCall) during an ACD interaction (and a Communicate call, if chosen) — a status the person picks in Teams wins (Graph's rule); the Teams → Genesys sync ignores that session's echo (Presenting or InAConferenceCall while the user is on a Genesys call)",
    undoes: 'its Teams session (clearPresence) when the interaction ends; Teams then shows what the person has',
  },
  {
    id: 'pre-break',
    title: 'Pre-break job',
    blueprint: 'pre-break',
    enforcedBy: ['presence-kit pre-break (job, Lambda)'],
    // Its whole purpose is to take agents off queue before a break: On Queue only, and nothing else.
    leaves: { kind: 'only', systemPresences: ['On Queue'] },
    enters: 'Pre-Break',
    // Who ends Pre-Break is the agent by default; the two opt-ins leave only the job's own Pre-Break.
    undoes:
      "by default nothing: the agent ends Pre-Break. Opt-in (`preBreakAtBreakStart=job`): at the break's start, an agent still in Pre-Break → the break's presence (Break, Meal); opt-in (`preBreakReleaseAfter`): an agent still in Pre-Break that long after the break ended → On Queue. Only while the agent is still in exactly that Pre-Break",
  },
]);

/**
 * Why each workflow is built the way it is (docs/presence-policy.md prints it): Event Orchestration
 * runs a workflow per event delivery — late, twice, out of order — and the runs for one person
 * overlap, each data action a round trip. A data table has no atomic update, so nothing here counts
 * in one: the two atomic answers it does give (adding a row whose key exists is a 409, deleting a
 * row that is gone fails) are the claims, and whether calls are still going is read from Genesys.
 */
export interface WorkflowDesign {
  workflow: string;
  automation: string;
  /** What Genesys tells it, and what it decides from. */
  truth: string;
  /** How it stays right when events come twice, late, out of order, or runs overlap. */
  races: string;
  /** Data-action executions per event on the usual path (the bench measures them). */
  cost: string;
}

export const WORKFLOW_DESIGN: readonly WorkflowDesign[] = [
  {
    workflow: 'Set GC User to Busy',
    automation: 'communicate-call',
    truth: "the call's own legs (pick-up check every 5 s), the user's presence, the call memory row (a call session), the user's Communicate calls still going (conversationSummary)",
    races:
      "adding the memory row is the claim: of a start delivered twice, or two calls answered at once, one run remembers and sets Busy, the other finds the row (or a 409) and writes nothing. After writing Busy it reads the user's calls: a call that ended on the way (its end found no row, or read the presence before this Busy landed) is settled here — the row goes and the remembered presence comes back",
    cost: 'pick-up checks (one per 5 s of ringing) + presence + memory + Busy + calls check (a secondary presence adds its label)',
  },
  {
    workflow: 'Set GC User to Available',
    automation: 'communicate-call',
    truth: "the call memory row, then one read of the user's Communicate calls still going and their presence",
    races:
      'any end (of any of the user’s calls, unanswered included) that finds the calls over ends the session; while one is still going it holds. Deleting the row is the claim: an end delivered twice restores once. It restores only while the user is still in the call’s Busy',
    cost: 'none without a row; else calls+presence, then delete + restore',
  },
  {
    workflow: 'Microsoft Teams Integration Presence Trigger',
    automation: 'teams-sync',
    truth: 'the Teams status in the event, the user’s presence, the call memory row, the user’s calls (after writing the memory)',
    races:
      'a change is claimed by a row keyed by user + modifiedDate (a change delivered twice writes once; the row goes after a minute). During a call it writes the memory, then reads the calls: if they ended meanwhile it settles the session itself, or — the end run having restored first — puts its presence over the old one 30 s later. A user in the call’s Busy with no memory may be a session ending this instant: it waits 5 s (the end’s restore) and reads the presence again before deciding. After a direct write it looks at the memory at once and 5 s later: a call answered meanwhile that remembered the presence from before the change gets the change, and a session that ended under the write (its restore landing over it) gets the change put back',
    cost: 'presence + claim + write (+ the claim’s delete a minute later); a protected or unchanged presence: the presence read only; from the call’s Busy without memory, one read more',
  },
  {
    workflow: 'Set Teams Presence For Interaction / Clear Teams Presence After Interaction',
    automation: 'teams-outbound',
    truth: 'Graph’s application presence session of the user',
    races: 'setPresence and clearPresence are idempotent in Graph: a duplicate start or end sets or clears the same session again; the sync ignores the session’s echo during a call',
    cost: 'Teams id + token + setPresence (or clearPresence)',
  },
  {
    workflow: 'presence-kit pre-break (job, Lambda)',
    automation: 'pre-break',
    truth: "schedules, then each due agent's presence and routing status read at the tick",
    races: 'it moves only On Queue agents, which every other automation leaves alone (protected), so a tick at the same moment as calls and Teams changes cannot undo them nor be undone',
    cost: 'no data actions (Platform API calls from the job)',
  },
];

/** Whether `p` is protected by `list` (entries match a presence's label or its system presence, in any spelling). */
export function isProtected(p: PolicyPresence, list: readonly string[]): boolean {
  const keys = new Set(list.map(presenceKey));
  return keys.has(presenceKey(p.name)) || keys.has(presenceKey(p.systemPresence));
}

/** Whether the automation may move a user out of `p`. */
export function mayLeave(a: AutomationPolicy, p: PolicyPresence, list: readonly string[]): boolean {
  if (a.leaves.kind === 'none') return false;
  if (a.leaves.kind === 'only') return a.leaves.systemPresences.includes(p.systemPresence);
  return !isProtected(p, list) && !a.leaves.alsoKeeps.includes(p.systemPresence);
}

/**
 * The kit's workflows end with a step named "Held By Policy (<rule>)" when a rule of this policy
 * stops them; simulate and timeline read the rule back from a run's steps by that name.
 */
export function heldRule(stepName: string): string | undefined {
  return /^Held By Policy \((.+)\)$/.exec(stepName)?.[1];
}

export const automation = (id: string): AutomationPolicy => {
  const a = AUTOMATIONS.find((x) => x.id === id);
  if (!a) throw new Error(`no automation "${id}" in the presence policy`);
  return a;
};

/** The starting presences the matrix covers (Pre-Break is the pre-break blueprint's, under Break). */
export const MATRIX_PRESENCES: readonly PolicyPresence[] = [
  { name: 'Available', systemPresence: 'Available' },
  { name: 'Away', systemPresence: 'Away' },
  { name: 'Busy', systemPresence: 'Busy' },
  { name: 'Meeting', systemPresence: 'Meeting' },
  { name: 'Training', systemPresence: 'Training' },
  { name: 'Break', systemPresence: 'Break' },
  { name: 'Meal', systemPresence: 'Meal' },
  { name: 'Pre-Break', systemPresence: 'Break' },
  { name: 'On Queue', systemPresence: 'On Queue' },
  { name: 'Offline', systemPresence: 'Offline' },
];

export type MatrixEvent =
  | { kind: 'call'; label: string }
  | { kind: 'unanswered-call'; label: string }
  | { kind: 'overlapping-calls'; label: string }
  | { kind: 'teams'; label: string; status: string }
  | { kind: 'pre-break-tick'; label: string }
  | { kind: 'pre-break-start'; label: string }
  | { kind: 'pre-break-release'; label: string };

/** The Teams mapping the teams-presence blueprint ships (its `teamsPresenceMapping` default), status → presence name. */
export const DEFAULT_TEAMS_MAPPING: Readonly<Record<string, string>> = {
  Available: 'Available',
  Away: 'Away',
  BeRightBack: 'Away',
  Busy: 'Busy',
  DoNotDisturb: 'Busy',
  Focusing: 'Busy',
  InACall: 'Busy',
  InAMeeting: 'Busy',
  Offline: 'Offline',
  OffWork: 'Offline',
  Presenting: 'Busy',
};

export function matrixEvents(mapping: Readonly<Record<string, string>> = DEFAULT_TEAMS_MAPPING): MatrixEvent[] {
  return [
    { kind: 'call', label: 'Communicate call answered, then ended' },
    { kind: 'unanswered-call', label: 'Communicate call not answered' },
    { kind: 'overlapping-calls', label: 'two overlapping Communicate calls' },
    ...Object.keys(mapping).map((status) => ({ kind: 'teams' as const, label: `Teams ${status}`, status })),
    { kind: 'pre-break-tick', label: 'pre-break tick (break due)' },
    { kind: 'pre-break-start', label: 'a break starts (opt-in preBreakAtBreakStart=job)' },
    { kind: 'pre-break-release', label: '10 min after a break ended (opt-in preBreakReleaseAfter=10m)' },
  ];
}

export interface PolicySettings {
  protectedPresences: readonly string[];
  /** The presence a call sets (name), `busyPresenceId`'s system Busy by default. */
  busy: PolicyPresence;
  teamsMapping: Readonly<Record<string, string>>;
  preBreak: PolicyPresence;
}

export const DEFAULT_SETTINGS: PolicySettings = {
  protectedPresences: DEFAULT_PROTECTED_PRESENCES,
  busy: { name: 'Busy', systemPresence: 'Busy' },
  teamsMapping: DEFAULT_TEAMS_MAPPING,
  preBreak: { name: 'Pre-Break', systemPresence: 'Break' },
};

const systemOf = (name: string): PolicyPresence => ({ name, systemPresence: SystemPresenceName.parse(name) });

/**
 * The presence changes the policy lets `event` cause for a user starting in `start`, in order
 * (empty: the presence is held), and the rule that decided.
 */
export function expectedChanges(start: PolicyPresence, event: MatrixEvent, s: PolicySettings = DEFAULT_SETTINGS): { changes: string[]; rule: string } {
  const list = s.protectedPresences;
  switch (event.kind) {
    case 'unanswered-call':
      return { changes: [], rule: 'an unanswered call sets nothing' };
    case 'call':
    case 'overlapping-calls': {
      if (isProtected(start, list)) return { changes: [], rule: `${start.name} is protected` };
      if (!mayLeave(automation('communicate-call'), start, list)) return { changes: [], rule: `already ${start.systemPresence}: the call leaves it` };
      // Overlapping calls: Busy once at the first answer, restored once after the last call.
      return { changes: [s.busy.name, start.name], rule: 'Busy for the call, then what was there before' };
    }
    case 'teams': {
      if (isProtected(start, list)) return { changes: [], rule: `${start.name} is protected` };
      const targetName = s.teamsMapping[event.status];
      if (!targetName) return { changes: [], rule: 'not in the mapping' };
      const target = systemOf(targetName);
      if (isProtected(target, list)) return { changes: [], rule: `${target.name} is protected: Teams may not move a user into it` };
      if (target.name === start.name) return { changes: [], rule: 'already in the mapped presence' };
      return { changes: [target.name], rule: 'the mapping' };
    }
    case 'pre-break-tick':
      return mayLeave(automation('pre-break'), start, list) ? { changes: [s.preBreak.name], rule: 'On Queue before a break' } : { changes: [], rule: 'pre-break moves only On Queue agents' };
    // The opt-in ends of Pre-Break leave only the job's own Pre-Break (the matrix's breaks are Breaks, not Meals).
    case 'pre-break-start':
      return start.name === s.preBreak.name ? { changes: ['Break'], rule: "still in Pre-Break: into the break's own presence" } : { changes: [], rule: 'only an agent still in Pre-Break' };
    case 'pre-break-release':
      return start.name === s.preBreak.name ? { changes: ['On Queue'], rule: 'still in Pre-Break after the break: back On Queue' } : { changes: [], rule: 'only an agent still in Pre-Break' };
  }
}

/** What happened to one person on a day, in the order it happened (the property test's history). */
export type HistoryEvent =
  | { kind: 'call'; answered: boolean }
  | { kind: 'acd-interaction' }
  | { kind: 'teams'; status: string }
  | { kind: 'pre-break-tick'; due: boolean };

/**
 * The presence a person ends in once a day's events have stopped and every automation has settled,
 * by the policy: calls (Communicate or ACD) leave nothing behind — what a call sets it undoes —, a
 * Teams status applies as the matrix says (a status the mapping lacks gets `fallback`, empty = none),
 * a pre-break tick moves a due On Queue agent to Pre-Break. The order of the events is the order in
 * which they happened, whatever order Genesys delivered them in.
 */
export function settledPresence(start: PolicyPresence, history: readonly HistoryEvent[], s: PolicySettings = DEFAULT_SETTINGS, fallback = 'Busy'): PolicyPresence {
  let now = start;
  for (const e of history) {
    if (e.kind === 'pre-break-tick') {
      if (e.due && mayLeave(automation('pre-break'), now, s.protectedPresences)) now = s.preBreak;
      continue;
    }
    if (e.kind !== 'teams' || isProtected(now, s.protectedPresences)) continue;
    const targetName = s.teamsMapping[e.status] ?? (fallback || undefined);
    if (!targetName) continue;
    const target = systemOf(targetName);
    if (!isProtected(target, s.protectedPresences)) now = target;
  }
  return now;
}
