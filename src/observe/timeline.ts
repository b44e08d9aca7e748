import type { GenesysClient } from '../genesys/client.js';
import { allPages } from '../resources/paging.js';
import { executionData, flowIdsByName, flowRuns } from '../resources/flow-instances.js';
import { userHistory } from '../resources/user-history.js';
import type { UserRef } from '../resources/users.js';
import { inputUserId, userTimeline, type KitRun, type UserTimeline } from './attribution.js';
import { defaultPreBreakPresenceName, kitWorkflows, type KitWorkflow } from './automations.js';

/**
 * `timeline`'s data: who changed each user's presence in a window. Reads only — analytics user
 * details, the kit's workflow runs (by flow, then each run's execution data), presence definitions.
 */
export interface TimelineReport {
  from: string;
  to: string;
  users: UserTimeline[];
  /** Every failed run of the kit's workflows in the window, for the users asked about. */
  failures: Array<{ runId: string; userId: string; flowName: string; time: string; error: string }>;
  preBreakPresence?: { id: string; name: string };
}

export interface ObserveContext {
  workflows: KitWorkflow[];
  flows: Array<{ id: string; name: string; workflow: KitWorkflow }>;
  presenceNames: Map<string, string>;
  preBreakPresence?: { id: string; name: string };
}

/** The kit's flows in this org and the presences' names: what attribution needs, read once. */
export async function observeContext(client: GenesysClient, preBreakPresenceName = defaultPreBreakPresenceName()): Promise<ObserveContext> {
  const workflows = kitWorkflows();
  const found = await flowIdsByName(client, workflows.map((w) => w.name));
  const flows = found.map((f) => ({ ...f, workflow: workflows.find((w) => w.name === f.name)! }));
  // The legacy listing needs no permission, so an observer role stays small.
  const defs = await allPages<{ id: string; name?: string; languageLabels?: Record<string, string>; primary?: boolean }>(client, '/api/v2/presencedefinitions');
  const presenceNames = new Map(defs.map((d) => [d.id, d.languageLabels?.en_US ?? d.name ?? d.id]));
  const pre = defs.find((d) => !d.primary && (d.languageLabels?.en_US ?? d.name)?.toLowerCase() === preBreakPresenceName.toLowerCase());
  return { workflows, flows, presenceNames, ...(pre ? { preBreakPresence: { id: pre.id, name: preBreakPresenceName } } : {}) };
}

/** The kit's runs in a window whose inputs name one of the users, with their execution data. */
export async function kitRuns(
  client: GenesysClient,
  oc: ObserveContext,
  userIds: ReadonlySet<string> | undefined,
  window: { from: string; to: string },
  /** Finished runs never change: `watch` keeps their execution data instead of downloading it per event. */
  finished?: Map<string, KitRun>,
): Promise<KitRun[]> {
  const summaries = await flowRuns(client, oc.flows.map((f) => f.id), window);
  const runs = await Promise.all(
    summaries.map(async (s) => {
      const known = finished?.get(s.id);
      if (known) return known;
      const run = { data: await executionData(client, s.id), automation: oc.flows.find((f) => f.id === s.flowId)!.workflow.automation };
      if (finished && (run.data.status === 'COMPLETED' || run.data.status === 'FAILED')) finished.set(s.id, run);
      return run;
    }),
  );
  return runs.filter((r) => !userIds || userIds.has(inputUserId(r.data) ?? ''));
}

export async function gatherTimeline(client: GenesysClient, users: readonly UserRef[], window: { from: string; to: string }, opts: { preBreakPresenceName?: string } = {}): Promise<TimelineReport> {
  const oc = await observeContext(client, opts.preBreakPresenceName);
  const ids = new Set(users.map((u) => u.id));
  // A second earlier: a change right at the window's start still shows what it changed from
  // (the segment before it ends at that instant, and an interval takes only what overlaps it).
  const historyWindow = { from: new Date(Date.parse(window.from) - 1000).toISOString(), to: window.to };
  const [details, runs] = await Promise.all([userHistory(client, [...ids], historyWindow), kitRuns(client, oc, ids, window)]);
  const timelines = users.map((u) =>
    userTimeline({ user: u, detail: details.find((d) => d.userId === u.id), runs, preBreakPresenceId: oc.preBreakPresence?.id, presenceNames: oc.presenceNames, from: window.from }),
  );
  const failures = timelines
    .flatMap((t) => t.runs.filter((r) => r.outcome === 'failed').map((r) => ({ runId: r.id, userId: t.userId, flowName: r.flowName, time: r.start, error: r.error ?? 'the run failed' })))
    .sort((a, b) => a.time.localeCompare(b.time));
  return { from: window.from, to: window.to, users: timelines, failures, ...(oc.preBreakPresence ? { preBreakPresence: oc.preBreakPresence } : {}) };
}
