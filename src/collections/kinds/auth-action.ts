import { ActionConfigSchema } from '../../model/data-action.js';
import type { AuthActionSpec } from '../../resources/auth-action.js';
import { readActionExport } from '../../resources/data-action.js';
import { ph, V } from '../names.js';
import { api, idOf, lookupStep, request } from '../requests.js';
import { json, stepTest } from '../scripts.js';
import type { KindSteps } from './types.js';

/**
 * The authentication action Genesys created with a "User Defined (OAuth)" Web Services
 * integration: found among the auth actions (`includeAuthActions=true`, id `customAuth_-_…`) of
 * that integration, then given the export's request and response through a draft that is
 * published — as `apply` does. Teardown has nothing to do: it goes with its integration.
 */
export const authAction: KindSteps = {
  variables: (n) => [V.of(n.logical, 'version')],
  setup: (n, c) => {
    const spec = n.spec as AuthActionSpec;
    const config = ActionConfigSchema.parse(readActionExport(spec.file).config);
    const at = `/api/v2/integrations/actions/${idOf(n.logical)}`;
    const version = V.of(n.logical, 'version');
    const body = (extra: Record<string, unknown>) =>
      JSON.stringify({ version: '@VERSION@', ...extra }, null, 2).replace('"@VERSION@"', ph(version));
    const base = `${c.blueprint}/setup/${n.logical}`;
    return [
      lookupStep(c, n, {
        list: '/api/v2/integrations/actions?includeAuthActions=true',
        paging: 'pages',
        match: `e.integrationId === pm.variables.replaceIn(${json(spec.integrationId)}) && String(e.id).indexOf('customAuth_-_') === 0`,
      }),
      request(`${base}/draft`, {
        name: `Open a draft of ${n.title}`,
        method: 'POST',
        url: api(`${at}/draft`),
        prerequest: `
if (!pm.collectionVariables.get(${json(V.id(n.logical))})) throw new Error('the integration has no authentication action: its credential must be of type userDefinedOAuth');`,
        test: stepTest({
          what: 'POST /api/v2/integrations/actions/{id}/draft',
          codes: [200, 409],
          onOk: `if (pm.response.code === 200) pm.collectionVariables.set(${json(version)}, body.version);`,
        }),
      }),
      request(`${base}/draft-read`, {
        name: `Read the draft of ${n.title}`,
        method: 'GET',
        url: api(`${at}/draft`),
        test: stepTest({ what: 'GET /api/v2/integrations/actions/{id}/draft', onOk: `pm.collectionVariables.set(${json(version)}, body.version);` }),
      }),
      request(`${base}/draft-edit`, {
        name: `Put the token request in ${n.title}`,
        method: 'PATCH',
        url: api(`${at}/draft`),
        body: { mode: 'raw', raw: body({ config }), options: { raw: { language: 'json' } } },
        test: stepTest({ what: 'PATCH /api/v2/integrations/actions/{id}/draft', onOk: `pm.collectionVariables.set(${json(version)}, body.version);` }),
      }),
      request(`${base}/publish`, {
        name: `Publish ${n.title}`,
        method: 'POST',
        url: api(`${at}/draft/publish`),
        body: { mode: 'raw', raw: body({}), options: { raw: { language: 'json' } } },
        test: stepTest({ what: 'POST /api/v2/integrations/actions/{id}/draft/publish' }),
      }),
    ];
  },
  teardown: () => [],
};
