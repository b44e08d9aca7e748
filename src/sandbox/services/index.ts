import type { SandboxService } from '../core/context.js';
import { authorizationService } from './authorization/routes.js';
import { oauthService } from './oauth/routes.js';

/**
 * Every API family the sandbox serves, one folder each (routes.ts = HTTP only, models.ts = state
 * and rules). Order matters for seeding: later services may read what earlier ones seeded.
 */
export const services: SandboxService[] = [authorizationService, oauthService];
