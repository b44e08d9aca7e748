import { OAuthClientSpecSchema, type OAuthClientSpec } from '../../resources/oauth-client.js';
import { ph, V } from '../names.js';
import { createStep, idOf, lookupStep, teardownStep } from '../requests.js';
import { json } from '../scripts.js';
import type { KindSteps } from './types.js';

/**
 * An OAuth client (Client Credentials) holding its roles in the divisions its spec names (`*`, all
 * of them, by default; `home` is the home division; a collection takes ids, not names). Genesys shows the
 * secret only in the create's answer: it goes into a collection variable for the resources that
 * consume it (credential, credentials file) and is never logged; the last consumer clears it.
 */
export const oauthClient: KindSteps = {
  homeDivision: true,
  variables: (n) => [V.secret(n.logical)],
  setup: (n, c) => {
    const spec = n.spec as OAuthClientSpec;
    const consumed = c.nodes.some((x) => x.secretsFrom.includes(n.logical));
    return [
      lookupStep(c, n, { list: '/api/v2/oauth/clients', paging: 'none' }),
      createStep(c, n, {
        path: '/api/v2/oauth/clients',
        body: {
          name: n.name,
          description: spec.description ?? '',
          authorizedGrantType: 'CLIENT-CREDENTIALS',
          roleDivisions: spec.roles.flatMap((roleId) =>
            OAuthClientSpecSchema.shape.divisions.parse(spec.divisions).map((d) => ({ roleId, divisionId: d.toLowerCase() === 'home' ? ph(V.homeDivisionId) : d })),
          ),
          ...(spec.accessTokenValiditySeconds ? { accessTokenValiditySeconds: spec.accessTokenValiditySeconds } : {}),
        },
        shape: `pm.test('the new OAuth client uses the Client Credentials grant', () => pm.expect(body.authorizedGrantType).to.eql('CLIENT-CREDENTIALS'));${
          consumed ? `\npm.test('its secret came back (kept for the credential, never shown)', () => pm.expect(body.secret).to.be.a('string').and.not.empty);` : ''
        }`,
        onCreated: consumed ? `if (body.secret) pm.collectionVariables.set(${json(V.secret(n.logical))}, body.secret); // never logged` : undefined,
      }),
    ];
  },
  teardown: (n, c) => [teardownStep(c, n, `/api/v2/oauth/clients/${idOf(n.logical)}`)],
};
