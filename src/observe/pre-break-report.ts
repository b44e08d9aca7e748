import type { GenesysClient } from '../genesys/client.js';
import { DEFAULT_CATEGORIES } from '../jobs/pre-break/plan.js';
import type { PresenceTarget } from '../jobs/pre-break/presence.js';
import { loadSchedules } from '../jobs/pre-break/schedule-cache.js';
import { DEFAULT_SEARCH } from '../jobs/pre-break/wfm.js';
import { userHistory } from '../resources/user-history.js';
import { userNames } from '../resources/users.js';
import { preBreakOutcomes, SWITCH_LOOKBACK_MS, type PreBreakReport } from './pre-break-outcomes.js';

/**
 * `report pre-break`'s reads. The schedules as the pre-break job reads them (WFM published
 * schedules: management units, activity codes by category, `agentschedules/search`), and each
 * scheduled agent's presence history from analytics user details. Not the adherence APIs: the
 * historical adherence query is asynchronous (its answer comes on a notification channel a
 * client-credentials report does not have) and it judges presence by system presence — Pre-Break
 * is a Break presence, so an agent switched early reads as "in adherence" for the break, which is
 * exactly what this report must tell apart. User details carry the organisation presence id.
 */
export interface ReportScope {
  managementUnitIds: string[];
  all: boolean;
  categories?: string[];
  presence: PresenceTarget;
}

export const REPORT_SOURCES = [
  'WFM published schedules: GET /api/v2/workforcemanagement/managementunits, …/businessunits/{id}/activitycodes, …/managementunits/{id}/users, POST …/businessunits/{id}/agentschedules/search',
  'presence history: POST /api/v2/analytics/users/details/query (organisation presence id tells Pre-Break from Break)',
];

export async function gatherPreBreakReport(client: GenesysClient, window: { from: string; to: string }, scope: ReportScope): Promise<{ report: PreBreakReport; errors: string[] }> {
  const range = { startMs: Date.parse(window.from), endMs: Date.parse(window.to) };
  const { cache, errors } = await loadSchedules(
    client,
    { managementUnitIds: scope.managementUnitIds, all: scope.all, categories: scope.categories ?? [...DEFAULT_CATEGORIES], presence: scope.presence, search: DEFAULT_SEARCH },
    range,
    range.endMs,
    () => true,
  );
  const ids = [...new Set(cache.breaks.map((b) => b.userId))];
  // From before the first break's look-back, so a switch just before the window's first break is seen.
  const history = { from: new Date(range.startMs - SWITCH_LOOKBACK_MS).toISOString(), to: window.to };
  const [details, names] = await Promise.all([ids.length ? userHistory(client, ids, history) : Promise.resolve([]), ids.length ? userNames(client, ids) : Promise.resolve(new Map<string, string>())]);
  const name = cache.presence.languageLabels?.en_US ?? cache.presence.name ?? scope.presence.name ?? 'Pre-Break';
  const report = preBreakOutcomes({ ...window, breaks: cache.breaks, details, preBreakPresence: { id: cache.presence.id, name }, names, sources: REPORT_SOURCES });
  return { report, errors };
}
