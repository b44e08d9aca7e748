import type { GenesysClient } from '../genesys/client.js';
import { allPages } from '../resources/paging.js';
import { executionData, flowRuns } from '../resources/flow-instances.js';
import { ResourceContext } from '../resources/context.js';
import { listWorkflows } from '../resources/workflow.js';
import { userHistory } from '../resources/user-history.js';
import type { UserRef } from '../resources/users.js';
import { inputUserId, userTimeline, type KitRun, type UserTimeline } from './attribution.js';
import { defaultPreBreakPresenceName, observedWorkflows, type KitWorkflow, type ObservedDeployment } from './automations.js';
import { observedDeployment } from './deployment.js';

/**
 * `timeline`'s data: who changed each user's presence in a window. Reads only — analytics user
 * details, the kit's workflow runs (by flow, then each run's execution data), presence definitions.
 */
export interface TimelineReport {
  from: string;
  to: string;
  users: UserTimeline[];
  /** Every failed run of the kit's workflows in the window, for the users asked about (an original's beside it are not the kit's). */
  failures: Array<{ runId: string; userId: string; flowName: string; time: string; error: string }>;
  preBreakPresence?: { id: string; name: string };
}

export interface ObserveContext {
  /** The deployment's workflows (by mark, else by its variables' names) and the original blueprints' beside them. */
  flows: Array<{ id: string; name: string; workflow: KitWorkflow }>;
  presenceNames: Map<string, string>;
  preBreakPresence?: { id: string; name: string };
}

export interface ObserveOptions {
  preBreakPresenceName?: string;
  /** Which deployment, and its workflows' names (default: as plan would read them here). */
  deployment?: ObservedDeployment;
}

/** The kit's flows in this org and the presences' names: what attribution needs, read once. */
export async function observeContext(client: GenesysClient, opts: ObserveOptions = {}): Promise<ObserveContext> {
  const deployment = opts.deployment ?? observedDeployment();
  // The option (`--pre-break-presence`) first, then the deployment's `preBreakPresenceName`.
  const preBreakPresenceName = opts.preBreakPresenceName ?? deployment.preBreakPresenceName ?? defaultPreBreakPresenceName();
  // One listing of the org's workflows: their marks say which are the deployment's.
  const flows = observedWorkflows(await listWorkflows(new ResourceContext(client)), deployment);
  // The legacy listing needs no permission, so an observer role stays small.
  const defs = await allPages<{ id: string; name?: string; languageLabels?: Record<string, string>; primary?: boolean }>(client, '/api/v2/presencedefinitions');
  const presenceNames = new Map(defs.map((d) => [d.id, d.languageLabels?.en_US ?? d.name ?? d.id]));
  const pre = defs.find((d) => !d.primary && (d.languageLabels?.en_US ?? d.name)?.toLowerCase() === preBreakPresenceName.toLowerCase());
  return { flows, presenceNames, ...(pre ? { preBreakPresence: { id: pre.id, name: preBreakPresenceName } } : {}) };
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
      const { automation, owner, original } = oc.flows.find((f) => f.id === s.flowId)!.workflow;
      const run: KitRun = { data: await executionData(client, s.id), automation, ...(owner === 'original' ? { original: original! } : {}) };
      if (finished && (run.data.status === 'COMPLETED' || run.data.status === 'FAILED')) finished.set(s.id, run);
      return run;
    }),
  );
  return runs.filter((r) => !userIds || userIds.has(inputUserId(r.data) ?? ''));
}

export async function gatherTimeline(client: GenesysClient, users: readonly UserRef[], window: { from: string; to: string }, opts: ObserveOptions = {}): Promise<TimelineReport> {
  const oc = await observeContext(client, opts);
  const ids = new Set(users.map((u) => u.id));
  // A second earlier: a change right at the window's start still shows what it changed from
  // (the segment before it ends at that instant, and an interval takes only what overlaps it).
  const historyWindow = { from: new Date(Date.parse(window.from) - 1000).toISOString(), to: window.to };
  const [details, runs] = await Promise.all([userHistory(client, [...ids], historyWindow), kitRuns(client, oc, ids, window)]);
  const timelines = users.map((u) =>
    userTimeline({ user: u, detail: details.find((d) => d.userId === u.id), runs, preBreakPresenceId: oc.preBreakPresence?.id, presenceNames: oc.presenceNames, from: window.from }),
  );
  const failures = timelines
    .flatMap((t) => t.runs.filter((r) => r.outcome === 'failed' && !r.original).map((r) => ({ runId: r.id, userId: t.userId, flowName: r.flowName, time: r.start, error: r.error ?? 'the run failed' })))
    .sort((a, b) => a.time.localeCompare(b.time));
  return { from: window.from, to: window.to, users: timelines, failures, ...(oc.preBreakPresence ? { preBreakPresence: oc.preBreakPresence } : {}) };
}
