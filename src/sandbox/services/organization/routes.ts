import type { SandboxService } from '../../core/context.js';
import { theOrganization } from './models.js';

export const organizationService: SandboxService = {
  name: 'organization',
  register(router, ctx) {
    router.get('/api/v2/organizations/me', () => ({ ...theOrganization(ctx), selfUri: '/api/v2/organizations/me' }));
  },
  seed: (ctx) => {
    theOrganization(ctx);
  },
};
