import type { SandboxService } from '../../core/context.js';

// Placeholder: the processautomation API family is not served yet.
export const processautomationService: SandboxService = {
  name: 'processautomation',
  register() {},
};
