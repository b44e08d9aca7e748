import type { SandboxService } from '../../core/context.js';

// Placeholder: the users API family is not served yet.
export const usersService: SandboxService = {
  name: 'users',
  register() {},
};
