import type { SandboxService } from '../../core/context.js';
import { seedPresenceDefinitions } from './definitions.js';

export const presenceService: SandboxService = {
  name: 'presence',
  register() {},
  seed: seedPresenceDefinitions,
};
