import type { CredentialSpec } from '../../resources/credential.js';
import { V } from '../names.js';
import { api, createStep, forgetSecrets, idOf, lookupStep, request, teardownStep, type BuildContext } from '../requests.js';
import { json, stepTest } from '../scripts.js';
import type { TemplateNode } from '../template.js';
import type { KindSteps } from './types.js';

/**
 * When the credential must be created but its OAuth client existed before this run, nobody has the
 * client's secret any more (Genesys shows it only at creation): issue a new one, as `apply` does.
 */
function regenerateSecret(c: BuildContext, n: TemplateNode, client: string) {
  const label = `OAuth client “${c.node(client).title}”`;
  return request(`${c.blueprint}/setup/${n.logical}/regenerate/${client}`, {
    name: `New secret for ${label} (only when needed)`,
    method: 'POST',
    url: api(`/api/v2/oauth/clients/${idOf(client)}/secret`),
    prerequest: `
if (pm.collectionVariables.get(${json(V.id(n.logical))}) || pm.collectionVariables.get(${json(V.secret(client))})) {
  pm.execution.skipRequest(); // the credential exists, or this run created the client and holds its secret
} else {
  console.log(${json(`${label} existed before this run and its secret is never shown again: issuing a new one for the credential`)});
}`,
    test: stepTest({
      what: 'POST /api/v2/oauth/clients/{id}/secret',
      shape: `pm.test('a new secret came back (kept for the credential, never shown)', () => pm.expect(body.secret).to.be.a('string').and.not.empty);`,
      onOk: `if (body.secret) pm.collectionVariables.set(${json(V.secret(client))}, body.secret); // never logged`,
    }),
  });
}

/** An integration credential; a `pureCloudOAuthClient` one gets its client's secret straight from the client's create. */
export const credential: KindSteps = {
  setup: (n, c) => {
    const spec = n.spec as CredentialSpec;
    const forget = forgetSecrets(c, n);
    return [
      lookupStep(c, n, { list: '/api/v2/integrations/credentials', paging: 'pages' }),
      ...n.secretsFrom.map((client) => regenerateSecret(c, n, client)),
      createStep(c, n, {
        path: '/api/v2/integrations/credentials',
        body: { name: n.name, type: { name: spec.type }, credentialFields: { ...spec.fields, ...Object.fromEntries(Object.entries(spec.fieldsFromEnv ?? {}).map(([f, env]) => [f, `{{${env}}}`])) } },
        shape: `pm.test('the credential is of type ${spec.type}', () => pm.expect((body.type || {}).name).to.eql(${json(spec.type)}));`,
        onCreated: forget,
        onSkip: forget,
      }),
    ];
  },
  teardown: (n, c) => [teardownStep(c, n, `/api/v2/integrations/credentials/${idOf(n.logical)}`)],
};
