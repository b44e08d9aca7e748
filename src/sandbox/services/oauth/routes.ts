import type { SandboxService } from '../../core/context.js';
import { tokenHandler } from './token.js';

export const oauthService: SandboxService = {
  name: 'oauth',
  register(router) {
    router.post('/oauth/token', tokenHandler, { auth: 'none', rawBody: true });
  },
};
