import type { FidelityEntry } from '../../core/fidelity.js';

const MODEL = 'purecloud-platform-client-v2 V2IntegrationPresenceEventPresenceActivityEvent';
const TEAMS_SETUP = 'https://help.mypurecloud.com/?p=222880';

/** Genesys Cloud's Microsoft Teams integration (presence), emulated from the sandbox's Microsoft Graph. */
export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'v2.users.{id}.integrationpresence is published by the Teams integration whenever Graph\'s aggregated presence of a linked user changes (never by hand), with userId, eventType, source MICROSOFTTEAMS, modifiedDate, presenceDefinition {id, systemPresence}, message, currentDisplaySourceId, previousDisplaySourceId and futurePresenceDefinition.',
    sources: [{ kind: 'sdk-model', ref: MODEL }, { kind: 'code', ref: 'GenesysCloudBlueprints/gc-presence-update-from-ms-teams', note: 'trigger on source == MICROSOFTTEAMS, the Teams status in message' }],
  },
  {
    behaviour: 'message carries Graph\'s activity (DoNotDisturb, InACall, Presenting, OffWork, …); presenceDefinition maps availability Available/AvailableIdle → Available, Away/BeRightBack → Away, Offline/PresenceUnknown → Offline, the rest → Busy.',
    sources: [
      { kind: 'code', ref: 'GenesysCloudBlueprints/gc-presence-update-from-ms-teams MsTeamsPresenceMappings.csv', note: 'its keys mix availability and activity values (InACall, Presenting, Focusing)' },
      { kind: 'assumed', confirm: 'which of availability/activity Genesys puts in message, and its presenceDefinition mapping: one live event per Teams status' },
    ],
  },
  {
    behaviour: 'eventType is "PresenceActivity"; currentDisplaySourceId/previousDisplaySourceId are the ids of the user\'s primary presence source (Genesys Cloud) before and after; futurePresenceDefinition is the presence Genesys displays for the user.',
    sources: [{ kind: 'sdk-model', ref: MODEL }, { kind: 'assumed', confirm: 'the SDK model names these fields but no values or meaning: one live integration-presence event from an org with the Teams integration' }],
  },
  {
    behaviour: 'Nothing in the event or in Graph\'s presence says which presence session (the person\'s client, the person\'s pick, an application) produced the aggregate; only the availability/activity pair, and the pairs setPresence accepts (Busy/InACall, Busy/InAConferenceCall, DoNotDisturb/Presenting) differ from the ones a person picks (activity equal to availability, or Offline/OffWork).',
    sources: [{ kind: 'doc', ref: 'https://learn.microsoft.com/en-us/graph/api/resources/presence' }, { kind: 'doc', ref: 'https://learn.microsoft.com/en-us/graph/api/presence-setpresence' }, { kind: 'sdk-model', ref: MODEL }],
  },
  {
    behaviour: 'The Teams presence is the user\'s presence from the registered source "Microsoft Teams" (GET /api/v2/users/{userId}/presences/{sourceId} with its id, bulk too); PATCH on a registered source answers 400.',
    endpoints: ['GET /api/v2/users/{userId}/presences/{sourceId}', 'GET /api/v2/users/presences/{sourceId}/bulk', 'PATCH /api/v2/users/{userId}/presences/{sourceId}'],
    sources: [{ kind: 'catalog', ref: 'patchUserPresence', note: '"does not support registered presence sources"' }, { kind: 'doc', ref: TEAMS_SETUP }],
  },
  {
    behaviour: 'GET /api/v2/presence/sources lists Genesys Cloud and Microsoft Teams (read-only here: creating, changing and deleting sources is not served).',
    endpoints: ['GET /api/v2/presence/sources', 'GET /api/v2/presence/sources/{sourceId}'],
    sources: [{ kind: 'catalog', ref: 'getPresenceSources' }, { kind: 'assumed', confirm: 'the names and type values of the built-in sources: GET /api/v2/presence/sources on a live org' }],
  },
  {
    behaviour: 'The emulated Teams integration runs whether or not the sandbox org lists an integration of type microsoft-teams; the demo org (presence-kit sandbox, the embedded sandbox) lists it installed and active, so a preflight there finds it; a bare org (tests) lists none, so doctor\'s Teams check can be shown both ways.',
    sources: [{ kind: 'assumed', confirm: 'a sandbox simplification, not Genesys behaviour: in an org, integration presence flows only while the Microsoft Teams integration is installed and active' }],
  },
  {
    behaviour: 'Every sandbox user is linked to a Teams user whose object id is their SCIM externalIds value with authority microsoftteams, and whose Teams client is signed in.',
    sources: [{ kind: 'doc', ref: TEAMS_SETUP }, { kind: 'code', ref: 'GenesysCloudBlueprints/update-ms-teams-presence-from-inbound-interaction-trigger-blueprint Find-Teams-User-Id.custom.json' }],
  },
  {
    behaviour: '(production profile) A Teams presence change reaches the integration (its source presence and the integrationpresence event) 5 s to 3 min later, uniformly; the late reflect carries Graph\'s presence as it is when it lands, and changes made while one is on its way join it, so Genesys ends on the latest Teams status',
    sources: [
      { kind: 'doc', ref: 'https://learn.microsoft.com/en-us/microsoftteams/presence-admins', note: 'Teams clients may take a few minutes to show a presence change (reference/production-behaviour.md)' },
      { kind: 'assumed', confirm: 'the delay between a Teams status change and Genesys\'s integrationpresence event in a live org, and whether intermediate statuses are ever reported' },
    ],
  },
];
