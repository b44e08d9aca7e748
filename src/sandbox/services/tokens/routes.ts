import type { SandboxService } from '../../core/context.js';
import { theOrganization } from '../organization/models.js';

/**
 * The Tokens API: `GET /api/v2/tokens/me` answers who the bearer token belongs to (Genesys's
 * TokenInfo: organization, homeOrganization, OAuthClient). presence-kit reads it when it is given
 * a token (GENESYSCLOUD_ACCESS_TOKEN) instead of client credentials, to learn whose permissions
 * `doctor` and apply's preflight check.
 */
export const tokensService: SandboxService = {
  name: 'tokens',
  register(router, ctx) {
    router.get('/api/v2/tokens/me', (req) => {
      const org = theOrganization(ctx);
      const named = { id: org.id, name: org.name, selfUri: '/api/v2/organizations/me' };
      return {
        organization: named,
        homeOrganization: named,
        OAuthClient: { id: req.caller!.clientId, name: req.caller!.clientName, organization: named },
      };
    });
  },
};
