import type { FidelityEntry } from '../../core/fidelity.js';

export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'Client credentials log in at `POST /oauth/token` (Basic auth, `grant_type=client_credentials`); a token lives `accessTokenValiditySeconds`, 86,400 s by default.',
    sources: [{ kind: 'sdk-model', ref: 'OAuthClient.accessTokenValiditySeconds' }, { kind: 'code', ref: "update-gc-presence-on-communicate-call-activity-blueprint Postman collection (\"Genesys Cloud Client Credential Token Creation\")" }],
  },
  {
    behaviour: 'The grant type is spelled `CLIENT-CREDENTIALS`; the client secret is answered only on create and on `POST …/secret`.',
    endpoints: ['POST /api/v2/oauth/clients', 'POST /api/v2/oauth/clients/{clientId}/secret'],
    sources: [{ kind: 'sdk-model', ref: 'OAuthClientRequest.authorizedGrantType (CODE, TOKEN, SAML2-BEARER, PASSWORD, CLIENT-CREDENTIALS)' }],
  },
  {
    behaviour: 'Each access token may make 300 requests a minute; beyond, a 429 `too.many.requests.retry.after` with `Retry-After` in seconds.',
    sources: [
      { kind: 'code', ref: 'MyPureCloud/terraform-provider-genesyscloud issue #2061', note: '429 storms on export' },
      { kind: 'assumed', confirm: 'the per-token limit of a client-credentials token in the org (Admin > Organization > Limits) and the body of a live 429' },
    ],
  },
  {
    behaviour: 'Deleting a client revokes its tokens at once.',
    endpoints: ['DELETE /api/v2/oauth/clients/{clientId}'],
    sources: [{ kind: 'assumed', confirm: 'a call with a token of a client deleted a moment before (401, or valid until expiry?)' }],
  },
];
