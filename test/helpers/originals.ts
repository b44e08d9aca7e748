import { join } from 'node:path';
import type { GenesysClient } from '../../src/genesys/client.js';
import { importAction } from '../../src/engine/import/import-action.js';
import { importWorkflowFile } from '../../src/engine/import/import-workflow.js';
import { createTrigger, FIXTURES, setupOriginalCommunicateCall, setupOriginalTeams } from './simulate.js';

export const REVERSE = join(FIXTURES, 'update-ms-teams-presence-from-inbound-interaction-trigger-blueprint');

/** An integration as an admin makes one in Admin > Integrations: type, name, active. */
async function integration(client: GenesysClient, name: string, type: string, credentials: Record<string, { id: string }> = {}): Promise<string> {
  const made = await client.request<{ id: string }>('POST', '/api/v2/integrations', { body: { integrationType: { id: type } } });
  const current = await client.request<{ version: number }>('GET', `/api/v2/integrations/${made.id}/config/current`);
  await client.request('PUT', `/api/v2/integrations/${made.id}/config/current`, { body: { name, version: current.version, properties: {}, advanced: {}, notes: '', credentials } });
  await client.request('PATCH', `/api/v2/integrations/${made.id}`, { body: { intendedState: 'ENABLED' } });
  return made.id;
}

/**
 * The original "Update MS Teams presence from an inbound interaction" blueprint as its guide leaves
 * an org: the two integrations its flows call ("Get MS Teams User ID", the Graph one), its two
 * exported actions imported into them, both exported flows imported, and the two triggers its
 * Postman collection makes (no match criteria: every user.start / user.end).
 */
export async function setupOriginalTeamsOutbound(client: GenesysClient): Promise<{ dndFlowId: string; availableFlowId: string }> {
  await integration(client, 'Get MS Teams User ID', 'purecloud-data-actions');
  const cred = await client.request<{ id: string }>('POST', '/api/v2/integrations/credentials', {
    body: { name: 'Office 365 Graph', type: { name: 'userDefinedOAuth' }, credentialFields: { tenant_id: 't', client_id: 'c', client_secret: 's' } },
  });
  await integration(client, 'MS Teams Graph Authentication (Presence Update)', 'custom-rest-actions', { basicAuth: { id: cred.id } });
  await importAction(client, { file: join(REVERSE, 'Find-Teams-User-Id.custom.json'), integration: 'Get MS Teams User ID' });
  await importAction(client, { file: join(REVERSE, 'Update-Teams-User-Presence.custom.json'), integration: 'MS Teams Graph Authentication (Presence Update)' });
  const dnd = await importWorkflowFile(client, { file: join(REVERSE, 'GC User Set MS Teams to DoNotDisturb_v8-0.i3WorkFlow') });
  const available = await importWorkflowFile(client, { file: join(REVERSE, 'GC User Set MS Teams to Available_v4-0.i3WorkFlow') });
  const dndFlowId = dnd.flow!.id;
  const availableFlowId = available.flow!.id;
  await createTrigger(client, { name: 'Agent joins conversation', topicName: 'v2.detail.events.conversation.{id}.user.start', flowId: dndFlowId });
  await createTrigger(client, { name: 'Agent leaves conversation', topicName: 'v2.detail.events.conversation.{id}.user.end', flowId: availableFlowId });
  return { dndFlowId, availableFlowId };
}

/** The three original presence blueprints, each as its guide or Terraform leaves the org. */
export async function setupThreeOriginals(client: GenesysClient): Promise<void> {
  await setupOriginalCommunicateCall(client);
  await setupOriginalTeams(client);
  await setupOriginalTeamsOutbound(client);
}
