import type { SandboxService } from '../../core/context.js';

// Placeholder: the architect API family is not served yet.
export const architectService: SandboxService = {
  name: 'architect',
  register() {},
};
