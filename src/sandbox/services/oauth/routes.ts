import type { SandboxService } from '../../core/context.js';
import { reply } from '../../core/router.js';
import { clientView, createClient, deleteClient, getClient, listClients, regenerateSecret, updateClient, type ClientInput } from './clients.js';
import { tokenHandler } from './token.js';

export const oauthService: SandboxService = {
  name: 'oauth',
  register(router, ctx) {
    router.post('/oauth/token', tokenHandler, { auth: 'none', rawBody: true });

    // The secret travels only in the answers to create and regenerate (Genesys, June 2025).
    router.get('/api/v2/oauth/clients', () => {
      const entities = listClients(ctx).map(clientView);
      return { entities, pageSize: entities.length, pageNumber: 1, total: entities.length, pageCount: 1, selfUri: '/api/v2/oauth/clients' };
    });
    router.post('/api/v2/oauth/clients', (req) => {
      const { client, secret } = createClient(ctx, (req.body ?? {}) as ClientInput, { clientId: req.caller!.clientId, permissions: req.caller!.permissions });
      return { ...clientView(client), secret };
    });
    router.get('/api/v2/oauth/clients/{clientId}', (req) => clientView(getClient(ctx, req.params.clientId!)));
    router.put('/api/v2/oauth/clients/{clientId}', (req) => clientView(updateClient(ctx, req.params.clientId!, (req.body ?? {}) as ClientInput, req.caller!.permissions)));
    router.delete('/api/v2/oauth/clients/{clientId}', (req) => {
      deleteClient(ctx, req.params.clientId!);
      return reply(204);
    });
    router.post('/api/v2/oauth/clients/{clientId}/secret', (req) => {
      const { client, secret } = regenerateSecret(ctx, req.params.clientId!);
      return { ...clientView(client), secret };
    });
  },
};
