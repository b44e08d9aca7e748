import type { SandboxService } from '../../core/context.js';

// Placeholder: the workforcemanagement API family is not served yet.
export const workforcemanagementService: SandboxService = {
  name: 'workforcemanagement',
  register() {},
};
