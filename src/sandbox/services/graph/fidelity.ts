import type { FidelityEntry } from '../../core/fidelity.js';

const SET = 'https://learn.microsoft.com/en-us/graph/api/presence-setpresence';
const CLEAR = 'https://learn.microsoft.com/en-us/graph/api/presence-clearpresence';
const PREFERRED = 'https://learn.microsoft.com/en-us/graph/api/presence-setuserpreferredpresence';
const BULK = 'https://learn.microsoft.com/en-us/graph/api/cloudcommunications-getpresencesbyuserid';
const THROTTLE = 'https://learn.microsoft.com/en-us/graph/throttling-limits';
const ERRORS = 'https://learn.microsoft.com/en-us/graph/errors';
const TOKEN = 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-client-creds-grant-flow';

/** Microsoft Graph (served at /graph for graph.microsoft.com, /entra for login.microsoftonline.com). */
export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'Client-credentials tokens per tenant: scope must be https://graph.microsoft.com/.default; the secret may come in the form or as HTTP Basic; answers {token_type, expires_in 3599, ext_expires_in, access_token}; failures carry AADSTS error, error_description and error_codes.',
    endpoints: ['POST /entra/{tenant}/oauth2/v2.0/token'],
    sources: [{ kind: 'doc', ref: TOKEN }, { kind: 'code', ref: 'GenesysCloudBlueprints/update-ms-teams-presence-from-inbound-interaction-trigger-blueprint Office-365-Auth.customAuth.json', note: 'Basic auth header, scope and grant_type from the credential' }],
  },
  {
    behaviour: 'Application permissions are checked per call: presence reads need Presence.Read.All or Presence.ReadWrite.All, setPresence/clearPresence/setUserPreferredPresence need Presence.ReadWrite.All, users need User.Read.All; a missing one is 403 Forbidden.',
    endpoints: ['POST /graph/{version}/users/{userId}/presence/setPresence', 'GET /graph/{version}/users/{userId}'],
    sources: [{ kind: 'doc', ref: SET }, { kind: 'doc', ref: 'https://learn.microsoft.com/en-us/graph/api/user-get' }],
  },
  {
    behaviour: 'Errors carry Graph\'s body {"error": {code, message, innerError: {date, request-id, client-request-id}}}, never Genesys\'s.',
    sources: [{ kind: 'doc', ref: ERRORS }],
  },
  {
    behaviour: 'A user is found by object id (the GUID Genesys stores as the SCIM external id with authority microsoftteams) or by userPrincipalName; unknown is 404 Request_ResourceNotFound.',
    endpoints: ['GET /graph/{version}/users/{userId}'],
    sources: [{ kind: 'doc', ref: 'https://learn.microsoft.com/en-us/graph/api/user-get' }],
  },
  {
    behaviour: 'Aggregation: a user-configured (preferred) presence overrides every session, but only while a session exists; among sessions DoNotDisturb > Busy > Available > Away; no live session is Offline/Offline.',
    endpoints: ['GET /graph/{version}/users/{userId}/presence'],
    sources: [{ kind: 'doc', ref: SET }, { kind: 'doc', ref: PREFERRED }, { kind: 'doc', ref: CLEAR }],
  },
  {
    behaviour: 'setPresence accepts only Available/Available, Busy/InACall, Busy/InAConferenceCall, Away/Away, DoNotDisturb/Presenting; sessionId must be the calling app id; expirationDuration PT5M..PT4H, default PT5M; an expired session counts as gone (on the sandbox clock).',
    endpoints: ['POST /graph/{version}/users/{userId}/presence/setPresence'],
    sources: [{ kind: 'doc', ref: SET }],
  },
  {
    behaviour: 'An Available session does not fade to AvailableInactive/Away after 5 minutes without a keep-alive: only expiry is modelled.',
    endpoints: ['POST /graph/{version}/users/{userId}/presence/setPresence'],
    sources: [{ kind: 'assumed', confirm: 'not modelled on purpose (the kit sets DoNotDisturb/Busy sessions, which do not time out); a live tenant with an Available session left 5 minutes would show the fading' }],
  },
  {
    behaviour: 'clearPresence removes the app\'s session (200), 404 when it has none.',
    endpoints: ['POST /graph/{version}/users/{userId}/presence/clearPresence'],
    sources: [{ kind: 'doc', ref: CLEAR }],
  },
  {
    behaviour: 'setUserPreferredPresence accepts Available, Busy, DoNotDisturb, BeRightBack, Away (activity equal to availability) and Offline/OffWork; default expiry 1 day for DoNotDisturb and Busy, 7 days otherwise.',
    endpoints: ['POST /graph/{version}/users/{userId}/presence/setUserPreferredPresence'],
    sources: [{ kind: 'doc', ref: PREFERRED }],
  },
  {
    behaviour: 'getPresencesByUserId takes at most 650 ids (400 above) and leaves unknown ids out.',
    endpoints: ['POST /graph/{version}/communications/getPresencesByUserId'],
    sources: [{ kind: 'doc', ref: BULK }, { kind: 'assumed', confirm: 'that unknown ids are left out rather than failing the call: a live call with one unknown id' }],
  },
  {
    behaviour: 'Presence calls are throttled at 1,500 per 30 seconds per app per tenant (a sliding window on the sandbox clock): 429 TooManyRequests with Retry-After in seconds.',
    endpoints: ['POST /graph/{version}/users/{userId}/presence/setPresence', 'POST /graph/{version}/communications/getPresencesByUserId'],
    sources: [{ kind: 'doc', ref: THROTTLE }, { kind: 'assumed', confirm: 'the window\'s shape (sliding vs fixed) and the Retry-After value Graph sends: a live burst of 1,501 calls' }],
  },
  {
    behaviour: 'A person\'s Teams client is one session (Available until they or the client report otherwise); a status they pick in the client is user-configured like setUserPreferredPresence, with no expiry.',
    sources: [{ kind: 'doc', ref: PREFERRED, note: 'a presence session exists when the user is signed in on a Teams client' }, { kind: 'assumed', confirm: 'that a status picked in the Teams client and setUserPreferredPresence are the same user-configured state: a live tenant, picking a status and reading presence' }],
  },
];
