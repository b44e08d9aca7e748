import type { IntegrationSpec } from '../../resources/integration.js';
import { ph, V } from '../names.js';
import { api, createStep, idOf, lookupStep, request, teardownStep } from '../requests.js';
import { json, stepTest } from '../scripts.js';
import type { KindSteps } from './types.js';

/**
 * A Genesys Cloud Data Actions integration, the way Terraform's provider and `apply` set one up:
 * create it, put its configuration (name, notes, credentials — `version` is the optimistic lock
 * read just before), then set it ENABLED. Configure and enable are skipped when already so.
 */
export const integration: KindSteps = {
  variables: (n) => [V.of(n.logical, 'state'), V.of(n.logical, 'configVersion')],
  setup: (n, c) => {
    const spec = n.spec as IntegrationSpec;
    const state = spec.enabled ? 'ENABLED' : 'DISABLED';
    const credentials = Object.fromEntries(Object.entries(spec.credentials).map(([k, id]) => [k, { id }]));
    const configured = V.of(n.logical, 'configured');
    const configPath = `/api/v2/integrations/${idOf(n.logical)}/config/current`;
    // `version` goes in unquoted: the placeholder becomes the number Genesys expects.
    const configBody = JSON.stringify(
      { name: n.name, version: '@VERSION@', notes: spec.notes ?? '', properties: spec.properties ?? {}, advanced: spec.advanced ?? {}, credentials },
      null,
      2,
    ).replace('"@VERSION@"', ph(V.of(n.logical, 'configVersion')));
    const base = `${c.blueprint}/setup/${n.logical}`;
    return [
      lookupStep(c, n, {
        list: '/api/v2/integrations',
        paging: 'pages',
        onFound: `pm.collectionVariables.set(${json(V.of(n.logical, 'state'))}, hit.intendedState || '');`,
      }),
      createStep(c, n, {
        path: '/api/v2/integrations',
        body: { name: n.name, integrationType: { id: spec.integrationType } },
        shape: `pm.test('the new integration is of type ${spec.integrationType}', () => pm.expect((body.integrationType || {}).id).to.eql(${json(spec.integrationType)}));`,
        onCreated: `pm.collectionVariables.set(${json(V.of(n.logical, 'state'))}, body.intendedState || '');`,
      }),
      request(`${base}/config-read`, {
        name: `Read the configuration of integration “${n.title}”`,
        method: 'GET',
        url: api(configPath),
        test: stepTest({
          what: 'GET /api/v2/integrations/{id}/config/current',
          shape: `pm.test('the configuration has a version', () => pm.expect(body.version).to.be.a('number'));`,
          onOk: `pm.collectionVariables.set(${json(V.of(n.logical, 'configVersion'))}, body.version);
  const want = JSON.parse(pm.variables.replaceIn(${json(JSON.stringify({ name: n.name, notes: spec.notes ?? '', credentials: spec.credentials }))}));
  const have = Object.fromEntries(Object.entries(body.credentials || {}).map(([k, v]) => [k, v && v.id]));
  const same = body.name === want.name && (body.notes || '') === want.notes && JSON.stringify(have, Object.keys(have).sort()) === JSON.stringify(want.credentials, Object.keys(want.credentials).sort());
  pm.variables.set(${json(configured)}, same ? 'yes' : '');`,
        }),
      }),
      request(`${base}/config-put`, {
        name: `Configure integration “${n.title}”`,
        method: 'PUT',
        url: api(configPath),
        body: { mode: 'raw', raw: configBody, options: { raw: { language: 'json' } } },
        prerequest: `
if (pm.variables.get(${json(configured)})) {
  console.log(${json(`integration “${n.title}” is configured as wanted`)});
  pm.execution.skipRequest();
}`,
        test: stepTest({ what: 'PUT /api/v2/integrations/{id}/config/current', shape: `pm.test('the configuration names its credential', () => pm.expect(body.credentials).to.be.an('object'));` }),
      }),
      request(`${base}/enable`, {
        name: `Set integration “${n.title}” ${state}`,
        method: 'PATCH',
        url: api(`/api/v2/integrations/${idOf(n.logical)}`),
        body: { mode: 'raw', raw: JSON.stringify({ intendedState: state }, null, 2), options: { raw: { language: 'json' } } },
        prerequest: `
if (pm.collectionVariables.get(${json(V.of(n.logical, 'state'))}) === ${json(state)}) {
  console.log(${json(`integration “${n.title}” is already ${state}`)});
  pm.execution.skipRequest();
}`,
        test: stepTest({
          what: 'PATCH /api/v2/integrations/{id}',
          shape: `pm.test('the integration is ${state}', () => pm.expect(body.intendedState).to.eql(${json(state)}));`,
          onOk: `pm.collectionVariables.set(${json(V.of(n.logical, 'state'))}, body.intendedState || '');`,
        }),
      }),
    ];
  },
  teardown: (n, c) => [teardownStep(c, n, `/api/v2/integrations/${idOf(n.logical)}`)],
};
