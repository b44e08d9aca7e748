import type { SandboxService } from '../../core/context.js';

// Placeholder: the integrations API family is not served yet.
export const integrationsService: SandboxService = {
  name: 'integrations',
  register() {},
};
