import type { FidelityEntry } from '../../core/fidelity.js';

/** Integrations: the parts teams-presence-outbound relies on (Web Services data actions with User Defined (OAuth)). */
export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'A Web Services Data Actions (custom-rest-actions) integration whose credential is userDefinedOAuth gets one authentication action when its configuration is saved; it is listed only with includeAuthActions=true, has an id starting customAuth_-_, is edited through a draft and publish, cannot be executed directly, and goes with its integration.',
    endpoints: ['GET /api/v2/integrations/actions', 'PUT /api/v2/integrations/{integrationId}/config/current', 'POST /api/v2/integrations/actions/{actionId}/draft/publish'],
    sources: [
      { kind: 'catalog', ref: 'getIntegrationsActions', note: 'includeAuthActions: "Some integrations create them and will run them as needed to refresh authentication information for other actions"' },
      { kind: 'code', ref: 'GenesysCloudBlueprints/update-ms-teams-presence-from-inbound-interaction-trigger-blueprint Office-365-Auth.customAuth.json' },
      { kind: 'assumed', confirm: 'the customAuth_-_ id prefix, the starting template and its name: GET /api/v2/integrations/actions?includeAuthActions=true on an org with a User Defined (OAuth) Web Services integration' },
    ],
  },
  {
    behaviour: 'Running a Web Services data action: the credential\'s fields are ${credentials.x} in the templates; with userDefinedOAuth the auth action runs first (its answer is ${authResponse.x}, kept until expires_in runs out or the fields change); no Genesys token is added; $encoding.base64 is available.',
    endpoints: ['POST /api/v2/integrations/actions/{actionId}/execute', 'POST /api/v2/integrations/actions/{actionId}/test'],
    sources: [
      { kind: 'code', ref: 'GenesysCloudBlueprints/update-ms-teams-presence-from-inbound-interaction-trigger-blueprint Update-Teams-User-Presence.custom.json', note: 'authorization header from ${authResponse.token_type} ${authResponse.access_token}' },
      { kind: 'assumed', confirm: 'the caching rule of authResponse and when Genesys re-runs the auth action: a live integration with a short-lived token' },
    ],
  },
  {
    behaviour: "A data action's output as Architect sees it (?flatten=true, and the names a flow's success outputs bind): nested objects as a.b, a field of an array of objects as the collection items.field, a period inside a property name as __ (\"…:2.0:User\" is \"…:2__0:User\").",
    endpoints: ['POST /api/v2/integrations/actions/{actionId}/execute'],
    sources: [
      {
        kind: 'code',
        ref: 'GenesysCloudBlueprints/update-ms-teams-presence-from-inbound-interaction-trigger-blueprint Find-Teams-User-Id.custom.json, GC User Set MS Teams to DoNotDisturb_v8-0.i3WorkFlow',
        note: 'the exported contract names the SCIM response\'s "urn:…:purecloud:2.0:User" as "…:2__0:User", and the exported flow binds "…:2__0:User.externalIds.value"',
      },
      { kind: 'assumed', confirm: 'the escape of a period in a key: a live ?flatten=true execute of an action whose response has a dotted key' },
    ],
  },
  {
    behaviour: 'Web Services data actions reach only the hosts the sandbox serves (graph.microsoft.com, login.microsoftonline.com); any other URL fails the action with ACTION.REMOTE_ENDPOINT.',
    endpoints: ['POST /api/v2/integrations/actions/{actionId}/execute'],
    sources: [{ kind: 'assumed', confirm: 'a sandbox limit, not Genesys behaviour: Genesys calls any public HTTPS host' }],
  },
  {
    behaviour: 'GET /api/v2/users/{userId}?expand=conversationSummary counts the user\'s calls in progress (contactCenter: through a queue, enterprise: not); other media are 0 (the sandbox has calls only).',
    endpoints: ['GET /api/v2/users/{userId}'],
    sources: [{ kind: 'sdk-model', ref: 'purecloud-platform-client-v2 UserConversationSummary / MediaSummary' }, { kind: 'assumed', confirm: 'that a ringing (alerting) call already counts as active: a live user with a call ringing' }],
  },
  {
    behaviour: '(production profile) 30 % of data action creates (POST /api/v2/integrations/actions) and draft publishes answer a transient 400 and write nothing',
    endpoints: ['POST /api/v2/integrations/actions', 'POST /api/v2/integrations/actions/{actionId}/draft/publish'],
    sources: [
      {
        kind: 'code',
        ref: 'MyPureCloud/terraform-provider-genesyscloud integration_action',
        note: 'create, draft and publish are wrapped in util.RetryWhen(util.IsStatus400): any 400, whatever its body, tried up to 10 times, 0.5 s × the attempt between tries (reference/production-behaviour.md)',
      },
      { kind: 'assumed', confirm: 'the rate, and the body (here code bad.request, a "try again" message the kit does not read), of the transient 400 in a live org' },
    ],
  },
];
