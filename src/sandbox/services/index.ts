import type { SandboxService } from '../core/context.js';
import { authorizationService } from './authorization/routes.js';
import { organizationService } from './organization/routes.js';
import { oauthService } from './oauth/routes.js';
import { tokensService } from './tokens/routes.js';
import { usersService } from './users/routes.js';
import { presenceService } from './presence/routes.js';
import { integrationsService } from './integrations/routes.js';
import { architectService } from './architect/routes.js';
import { processautomationService } from './processautomation/routes.js';
import { workforcemanagementService } from './workforcemanagement/routes.js';
import { conversationsService } from './conversations/routes.js';
import { analyticsService } from './analytics/routes.js';
import { notificationsService } from './notifications/routes.js';
import { graphService } from './graph/routes.js';
import { microsoftTeamsService } from './microsoftteams/routes.js';
import { scimService } from './scim/routes.js';
import { runtimeService } from '../runtime/service.js';

/**
 * Every API family the sandbox serves, one folder each (routes.ts = HTTP only, models.ts = state
 * and rules). Order matters for seeding: later services may read what earlier ones seeded
 * (users need presences' ids, WFM needs users). The runtime starts last.
 */
export const services: SandboxService[] = [
  organizationService,
  authorizationService,
  oauthService,
  tokensService,
  presenceService,
  usersService,
  integrationsService,
  architectService,
  processautomationService,
  workforcemanagementService,
  conversationsService,
  analyticsService,
  notificationsService,
  graphService,
  microsoftTeamsService,
  scimService,
  runtimeService,
];
