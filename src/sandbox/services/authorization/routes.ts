import type { SandboxService } from '../../core/context.js';
import { homeDivision, seedAuthorization } from './models.js';

export const authorizationService: SandboxService = {
  name: 'authorization',
  register(router, ctx) {
    router.get('/api/v2/authorization/divisions/home', () => homeDivision(ctx));
  },
  seed: seedAuthorization,
};
