import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import platformClient from 'purecloud-platform-client-v2';
import type { GenesysClient } from '../../src/genesys/client.js';

/** The Communicate-call blueprint's own exports, read from ../shared (never copied into the repo). */
export const COMMUNICATE_BLUEPRINT = resolve(process.cwd(), '../shared/fixtures/blueprints/update-gc-presence-on-communicate-call-activity-blueprint');
export const communicateFixture = (name: string) => readFileSync(resolve(COMMUNICATE_BLUEPRINT, name), 'utf8');
export const PRESENCE_CATEGORY = 'Update Genesys Cloud User Presence';

/**
 * The original presence data actions, imported as the setup guide says — a Genesys Cloud Data
 * Actions integration named as the flows' category, its two actions posted from their exports —
 * through the SDK's IntegrationsApi. Returns the integration id; `cleanup` gets its removal.
 */
export async function importOriginalPresenceActions(c: GenesysClient, cleanup: Array<() => Promise<unknown>>): Promise<string> {
  const integrations = c.api(platformClient.IntegrationsApi);
  const integration = await integrations.postIntegrations({ body: { integrationType: { id: 'purecloud-data-actions' } } as platformClient.Models.CreateIntegrationRequest });
  cleanup.push(() => integrations.deleteIntegration(integration.id!));
  const cfg = await integrations.getIntegrationConfigCurrent(integration.id!);
  await integrations.putIntegrationConfigCurrent(integration.id!, { body: { ...cfg, name: PRESENCE_CATEGORY, properties: {}, advanced: {}, notes: '', credentials: {} } });
  for (const file of ['Get-Genesys-Cloud-User-Presence.custom.json', 'GC-User-Presence-Update.custom.json']) {
    const { integrationType: _t, actionType: _a, ...action } = JSON.parse(communicateFixture(file)) as Record<string, unknown>;
    await integrations.postIntegrationsActions({ ...action, category: PRESENCE_CATEGORY, integrationId: integration.id } as platformClient.Models.PostActionInput);
  }
  return integration.id!;
}
