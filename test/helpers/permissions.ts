import { GenesysClient } from '../../src/genesys/client.js';
import { policiesFor } from '../../src/resources/role.js';

/**
 * An OAuth client holding exactly these permissions, made through the API as an admin would: a role
 * and a client-credentials OAuth client holding it in the home division, or in every division (`*`).
 */
export async function credentialsWith(admin: GenesysClient, name: string, permissions: readonly string[], division: 'home' | '*' = 'home'): Promise<{ clientId: string; clientSecret: string }> {
  const role = await admin.request<{ id: string }>('POST', '/api/v2/authorization/roles', { body: { name, permissionPolicies: policiesFor(permissions) } });
  const divisionId = division === '*' ? '*' : (await admin.request<{ id: string }>('GET', '/api/v2/authorization/divisions/home')).id;
  const c = await admin.request<{ id: string; secret: string }>('POST', '/api/v2/oauth/clients', {
    body: { name, authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: role.id, divisionId }] },
  });
  return { clientId: c.id, clientSecret: c.secret };
}

/** `credentialsWith`, connected. */
export async function clientWith(admin: GenesysClient, name: string, permissions: readonly string[], division: 'home' | '*' = 'home'): Promise<GenesysClient> {
  return GenesysClient.connect({ ...admin.connection, ...(await credentialsWith(admin, name, permissions, division)) });
}
