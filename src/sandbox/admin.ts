import type { SandboxContext } from './core/context.js';
import { ALL_DIVISIONS, masterAdminRole } from './services/authorization/models.js';
import { newSecret, oauthClients, setSecret } from './services/oauth/models.js';

export const ADMIN_CLIENT_NAME = 'presence-kit sandbox admin';

/**
 * The admin client holds every permission (Master Admin). Its id/secret are random unless given;
 * a restored `--data` org keeps its admin client, with a fresh secret when none was given (the
 * old one is not recoverable: only its hash was kept).
 */
export function ensureAdminClient(ctx: SandboxContext, id?: string, secret?: string) {
  const clients = oauthClients(ctx);
  const existing = id ? clients.get(id) : clients.find((c) => c.name === ADMIN_CLIENT_NAME);
  const generated = !secret;
  const theSecret = secret ?? newSecret();
  const role = masterAdminRole(ctx);
  const client = existing ?? {
    id: id ?? ctx.rng.uuid(),
    name: ADMIN_CLIENT_NAME,
    description: 'Created by the sandbox: holds every permission.',
    authorizedGrantType: 'CLIENT-CREDENTIALS' as const,
    // Master Admin on every division, as an org's own admin holds it.
    roleDivisions: [{ roleId: role.id, divisionId: ALL_DIVISIONS }],
    state: 'active' as const,
    dateCreated: ctx.clock.nowIso(),
    secretHash: '',
  };
  setSecret(client, theSecret);
  clients.put(client);
  return { id: client.id, secret: theSecret, generated };
}
