import type { CredentialsFileSpec } from '../../resources/credentials-file.js';
import { ph, V } from '../names.js';
import { basic } from '../postman.js';
import { forgetSecrets, request } from '../requests.js';
import { json, stepTest } from '../scripts.js';
import type { TemplateNode } from '../template.js';
import type { KindSteps } from './types.js';

/** The environment variables that stand in for the credentials file (`pre-break.clientId`…). */
export const credentialsFileVariables = (blueprint: string) => ({
  clientId: `${blueprint}.clientId`,
  clientSecret: `${blueprint}.clientSecret`,
  presenceDefinitionId: `${blueprint}.presenceDefinitionId`,
  presenceDefinitionName: `${blueprint}.presenceDefinitionName`,
});

const secretSource = (n: TemplateNode) => n.secretsFrom[0];

/**
 * `apply` writes the job's OAuth client and presence to a 0600 file; Postman cannot write files.
 * Its stand-in proves the job's new client can log in, then hands id, secret and presence to the
 * environment (`--export-environment` in newman) — the only place the secret is kept, as the file
 * is for the CLI. A client that existed before the run has no secret to hand over: say so.
 */
export const credentialsFile: KindSteps = {
  setup: (n, c) => {
    const spec = n.spec as CredentialsFileSpec;
    const out = credentialsFileVariables(c.blueprint);
    const client = secretSource(n);
    const secretVar = client ? V.secret(client) : undefined;
    return [
      request(`${c.blueprint}/setup/${n.logical}/login`, {
        name: `Log in as the job's OAuth client and keep its credentials in the environment`,
        method: 'POST',
        url: `${ph('loginBase')}/oauth/token`,
        auth: basic(spec.clientId, spec.clientSecret),
        header: [{ key: 'Content-Type', value: 'application/x-www-form-urlencoded' }],
        body: { mode: 'urlencoded', urlencoded: [{ key: 'grant_type', value: 'client_credentials', type: 'text' }] },
        description: `The Postman stand-in for ${spec.path}: the job's client id and secret and the presence go to the environment variables ${Object.values(out).join(', ')}.`,
        prerequest: `
if (!${secretVar ? `pm.collectionVariables.get(${json(secretVar)})` : 'false'}) {
  console.log('The job\\'s OAuth client existed before this run: Genesys never shows its secret again. Keep using the one you saved, or issue a new one (POST /api/v2/oauth/clients/{id}/secret) and update the job.');
  pm.execution.skipRequest();
}`,
        test: stepTest({
          what: 'POST /oauth/token as the job',
          shape: `pm.test('the job\\'s client gets a token', () => pm.expect(body.access_token).to.be.a('string').and.not.empty);`,
          onOk: `pm.environment.set(${json(out.clientId)}, pm.variables.replaceIn(${json(spec.clientId)}));
  pm.environment.set(${json(out.clientSecret)}, pm.variables.replaceIn(${json(spec.clientSecret)})); // never logged
  pm.environment.set(${json(out.presenceDefinitionId)}, pm.variables.replaceIn(${json(spec.presenceDefinitionId)}));
  pm.environment.set(${json(out.presenceDefinitionName)}, pm.variables.replaceIn(${json(spec.presenceDefinitionName)}));
  ${forgetSecrets(c, n)}
  console.log('The job\\'s credentials are in the environment: ' + ${json(Object.values(out).join(', '))});`,
        }),
      }),
    ];
  },
  // Nothing in Genesys: the client and presence it names are deleted by their own steps.
  teardown: () => [],
};
