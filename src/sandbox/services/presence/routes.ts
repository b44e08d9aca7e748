import type { SandboxService } from '../../core/context.js';

// Placeholder: the presence API family is not served yet.
export const presenceService: SandboxService = {
  name: 'presence',
  register() {},
};
