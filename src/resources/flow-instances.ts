import type { GenesysClient } from '../genesys/client.js';
import { FLOW_INSTANCES_MAX_PAGE_SIZE, FlowExecutionData, FlowExecutionDataJob, FlowInstanceListing, type CriteriaQuery, type FlowInstanceSummary } from '../model/flow-execution.js';

/**
 * Runs of some flows in a time window (`POST /api/v2/flows/instances/query`,
 * architect:flowInstance:search) and each run's execution data (`GET /api/v2/flows/instances/{id}`
 * → its download, architect:flowInstance:view).
 */
export async function flowRuns(client: GenesysClient, flowIds: readonly string[], window: { from: string; to: string }): Promise<FlowInstanceSummary[]> {
  const out = new Map<string, FlowInstanceSummary>();
  for (const flowId of flowIds) {
    // The search has no page numbers: a full page moves the window's start to its last run.
    let from = window.from;
    for (let i = 0; i < 10_000; i++) {
      const body: CriteriaQuery = {
        query: [
          {
            and: [
              { key: 'flowId', operator: 'eq', value: flowId },
              { key: 'startDateTime', operator: 'gte', value: from },
              { key: 'startDateTime', operator: 'lt', value: window.to },
            ],
          },
        ],
      };
      const page = FlowInstanceListing.parse(await client.request('POST', '/api/v2/flows/instances/query', { body, query: { pageSize: FLOW_INSTANCES_MAX_PAGE_SIZE } }));
      const before = out.size;
      for (const e of page.entities) out.set(e.id, e);
      const last = page.entities.at(-1);
      if (page.entities.length < FLOW_INSTANCES_MAX_PAGE_SIZE || !last || out.size === before) break;
      from = last.startDateTime;
    }
  }
  return [...out.values()].sort((a, b) => a.startDateTime.localeCompare(b.startDateTime));
}

export async function executionData(client: GenesysClient, instanceId: string): Promise<FlowExecutionData> {
  const job = FlowExecutionDataJob.parse(await client.request('GET', `/api/v2/flows/instances/${instanceId}`));
  const entity = job.entities.find((e) => e.id === instanceId) ?? job.entities[0];
  if (!entity?.downloadUri || entity.failed) throw new Error(`the execution data of flow instance ${instanceId} is not available (job ${job.id}: ${job.jobState ?? 'no state'})`);
  const doc = await client.fetchUrl(entity.downloadUri);
  return FlowExecutionData.parse(JSON.parse(doc.text));
}
