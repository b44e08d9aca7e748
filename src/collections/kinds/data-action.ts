import { actionInput, type DataActionSpec } from '../../resources/data-action.js';
import { createStep, idOf, lookupStep, queryValue, teardownStep } from '../requests.js';
import { json } from '../scripts.js';
import type { KindSteps } from './types.js';

/**
 * A data action, created published, its body built from our `data-actions/*.custom.json` export
 * exactly as `apply` builds it (category = the integration's name, which is how workflows find it).
 * The same name under another integration is another action.
 */
export const dataAction: KindSteps = {
  setup: (n, c) => {
    const spec = n.spec as DataActionSpec;
    const input = actionInput(n.name, spec);
    return [
      lookupStep(c, n, {
        list: `/api/v2/integrations/actions?name=${queryValue(n.name)}`,
        paging: 'pages',
        match: `e.name === name && (!e.integrationId || e.integrationId === pm.variables.replaceIn(${json(spec.integrationId)}))`,
      }),
      createStep(c, n, {
        path: '/api/v2/integrations/actions',
        body: input,
        shape: `pm.test('the new action is in category ' + ${json(input.category)}, () => pm.expect(body.category).to.eql(pm.variables.replaceIn(${json(input.category)})));`,
      }),
    ];
  },
  teardown: (n, c) => [teardownStep(c, n, `/api/v2/integrations/actions/${idOf(n.logical)}`)],
};
