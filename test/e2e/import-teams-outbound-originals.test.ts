import { afterAll, beforeAll, expect, it } from 'vitest';
import { join, resolve } from 'node:path';
import platformClient from 'purecloud-platform-client-v2';
import { runCli } from '../helpers/cli.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { describeSandbox } from '../helpers/target.js';

/**
 * The original "Update MS Teams presence from inbound interaction" blueprint's exports, imported
 * with `presence-kit import` into an org where teams-presence-outbound made the Graph integration
 * (under the original's name, with its auth action configured): the Graph action goes into it as
 * it is, and both original flows import and publish. Their Genesys-side action lives in an
 * integration the admin makes as the original guide says ("Get MS Teams User ID").
 */
const REVERSE = resolve(process.cwd(), '../shared/fixtures/blueprints/update-ms-teams-presence-from-inbound-interaction-trigger-blueprint');
const GRAPH = 'MS Teams Graph Authentication (Presence Update)';
const FIND = 'Get MS Teams User ID';

describeSandbox('Microsoft Graph', 'import of the original Teams-from-interaction blueprint next to teams-presence-outbound', () => {
  let s: Solution;
  beforeAll(async () => {
    s = await openSolution(['teams-presence-outbound']);
    const app = await s.ctl.get<{ tenantId: string; clientId: string; clientSecret: string }>('graph/app');
    process.env.PRESENCE_KIT_GRAPH_CLIENT_SECRET = app.clientSecret;
    await s.applyBlueprints([`graphTenantId=${app.tenantId}`, `graphClientId=${app.clientId}`]);
    const integrations = s.client.api(platformClient.IntegrationsApi);
    const made = await integrations.postIntegrations({ body: { integrationType: { id: 'purecloud-data-actions' } } as platformClient.Models.CreateIntegrationRequest });
    const cfg = await integrations.getIntegrationConfigCurrent(made.id!);
    await integrations.putIntegrationConfigCurrent(made.id!, { body: { ...cfg, name: FIND, properties: {}, advanced: {}, notes: '', credentials: {} } });
  });
  afterAll(async () => {
    delete process.env.PRESENCE_KIT_GRAPH_CLIENT_SECRET;
    await s?.close();
  });

  it('imports the original actions (the Graph one into the Graph integration teams-presence-outbound made) and both original flows', async () => {
    const target = s.t;
    const action = (file: string, integration: string) => runCli(target, 'import', 'action', join(REVERSE, file), '--integration', integration, '--json');
    const graphAction = await action('Update-Teams-User-Presence.custom.json', GRAPH);
    expect(graphAction.stderr).toBe('');
    expect(graphAction.code).toBe(0);
    expect((await action('Find-Teams-User-Id.custom.json', FIND)).code).toBe(0);
    // The auth action is Genesys's own, made with the integration: the import names the way, and writes nothing.
    const auth = await action('Office-365-Auth.customAuth.json', GRAPH);
    expect(auth.code).not.toBe(0);
    expect(auth.stderr).toContain('custom authentication action');

    for (const flow of ['GC User Set MS Teams to DoNotDisturb_v8-0.i3WorkFlow', 'GC User Set MS Teams to Available_v4-0.i3WorkFlow']) {
      const r = await runCli(target, 'import', 'workflow', join(REVERSE, flow), '--json');
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ format: 'i3WorkFlow', imported: true });
    }
    // The Graph action landed in the integration presence-kit manages, next to its own two.
    const actions = await s.client.api(platformClient.IntegrationsApi).getIntegrationsActions({ category: GRAPH, pageSize: 100 });
    expect(actions.entities!.map((a) => a.name).sort()).toEqual(['Clear Microsoft Teams Presence Session', 'Set Microsoft Teams Presence Session', 'Update Teams User Presence']);
  });
});
