import type { SandboxService } from '../../core/context.js';

// Placeholder: the conversations API family is not served yet.
export const conversationsService: SandboxService = {
  name: 'conversations',
  register() {},
};
