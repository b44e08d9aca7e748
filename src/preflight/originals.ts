import type { Kind } from '../resources/types.js';

/**
 * The original Genesys Cloud blueprints presence-kit replaces, as an org holds them once their
 * guide (by hand), their Terraform or their Postman collection ran: the names and shapes those
 * leave behind (../shared/reference/blueprints.md §1–3, the exports in
 * ../shared/fixtures/blueprints). Preflight looks for them before asking anything, so an admin who
 * followed a guide is told what is there instead of being stopped at the plan.
 *
 * Names the kit's manifests share with an original (the "Update Genesys Cloud User Presence"
 * integration, the "MsTeamsPresenceMappings" table) are found through the manifests themselves;
 * listed here are the names only the original uses, and its triggers, whose names are the
 * admin's own: those are known by their topic and the workflow they run.
 */
export interface OriginalBlueprint {
  /** The GitHub repository (owner GenesysCloudBlueprints). */
  repo: string;
  /** What an admin calls it. */
  title: string;
  /** The presence-kit blueprint that does its job. */
  blueprint: string;
  /** Names its guide and Terraform give (Genesys compares names without case). */
  names: Partial<Record<Kind, string[]>>;
  /** Its triggers: the topic and the workflow each runs. */
  triggers: Array<{ topic: string; workflow: string }>;
}

const USER_START = 'v2.detail.events.conversation.{id}.user.start';
const USER_END = 'v2.detail.events.conversation.{id}.user.end';

export const ORIGINALS: readonly OriginalBlueprint[] = [
  {
    repo: 'update-gc-presence-on-communicate-call-activity-blueprint',
    title: 'Update Genesys Cloud presence on Communicate call activity',
    blueprint: 'communicate-call',
    names: {
      integration: ['Update Genesys Cloud User Presence', 'GetConversationDetailsPublicAPI'],
      // §1.4: the Busy flow calls two actions with a " (ConversationDirect)" suffix the exports lack.
      'data-action': [
        'GC User Presence Update',
        'Get Genesys Cloud User Presence',
        'GetInboundConversationCallsCheckForUserPickUp',
        'GetInboundConversationDetailsForPickUp (Includes Group Check)',
        'GetInboundConversationDetailsForPickUp (Includes Group Check) (ConversationDirect)',
        'GetOutboundConversationDetailsForPickUp',
        'GetOutboundConversationDetailsForPickUp (ConversationDirect)',
      ],
      workflow: ['Set GC User to Busy', 'Set GC User to Available'],
    },
    triggers: [
      { topic: USER_START, workflow: 'Set GC User to Busy' },
      { topic: USER_END, workflow: 'Set GC User to Available' },
    ],
  },
  {
    repo: 'gc-presence-update-from-ms-teams',
    title: 'Update Genesys Cloud presence from Microsoft Teams presence',
    blueprint: 'teams-presence',
    names: {
      // §3.4: the guide says "Genesys Cloud Presence API" and "Update Genesys Cloud User Presence", its Terraform "… Action".
      integration: ['Update Genesys Cloud User Presence Action', 'Update Genesys Cloud User Presence', 'Genesys Cloud Presence API'],
      // §3.5: the credential the Terraform module makes.
      credential: ['Genesys Cloud OAuth Client Credential'],
      'data-action': ['GC User Presence Update', 'Get Genesys Cloud User Presence'],
      'data-table': ['MsTeamsPresenceMappings'],
      workflow: ['Microsoft Teams Integration Presence Trigger'],
    },
    triggers: [{ topic: 'v2.users.{id}.integrationpresence', workflow: 'Microsoft Teams Integration Presence Trigger' }],
  },
  {
    repo: 'update-ms-teams-presence-from-inbound-interaction-trigger-blueprint',
    title: 'Update Microsoft Teams presence from an inbound interaction',
    blueprint: 'teams-presence-outbound',
    names: {
      // §3.7: the two integration categories its workflows call.
      integration: ['Get MS Teams User ID', 'MS Teams Graph Authentication (Presence Update)'],
      'data-action': ['Find Teams User Id', 'Update Teams User Presence'],
      workflow: ['GC User Set MS Teams to DoNotDisturb', 'GC User Set MS Teams to Available'],
    },
    triggers: [
      { topic: USER_START, workflow: 'GC User Set MS Teams to DoNotDisturb' },
      { topic: USER_END, workflow: 'GC User Set MS Teams to Available' },
    ],
  },
  {
    repo: 'agent-utilization-and-adherence',
    title: 'Agent Presence Automation',
    blueprint: 'pre-break',
    // §2: its Lambda runs in AWS; in the org the guide leaves the "Pre-Break" presence it has the
    // admin make by hand, and an OAuth client its Terraform / CloudFormation are given, by no name.
    names: { 'presence-definition': ['Pre-Break'] },
    triggers: [],
  },
];

/** Genesys compares entity names without case (a role "presence api admin" is refused as a duplicate). */
export const sameName = (a: string, b: string): boolean => a.localeCompare(b, undefined, { sensitivity: 'accent' }) === 0;
