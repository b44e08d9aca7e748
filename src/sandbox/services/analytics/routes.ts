import type { SandboxService } from '../../core/context.js';

// Placeholder: the analytics API family is not served yet.
export const analyticsService: SandboxService = {
  name: 'analytics',
  register() {},
};
