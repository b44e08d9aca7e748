import type { SandboxContext } from '../../core/context.js';
import { reply, type SandboxRequest } from '../../core/router.js';
import { issueToken, oauthClients, secretMatches } from './models.js';

/**
 * `POST /oauth/token` (client credentials): Basic auth, form body. Success and failure bodies
 * follow the login service (`{access_token, token_type, expires_in}` /
 * `{error, description, error_description}`).
 */
const failure = (status: number, error: string, description: string) => reply(status, { error, description, error_description: description });

export function tokenHandler(req: SandboxRequest, ctx: SandboxContext) {
  const auth = req.headers.authorization ?? '';
  const form = new URLSearchParams(req.rawBody.toString('utf8'));
  if (form.get('grant_type') !== 'client_credentials') return failure(400, 'unsupported_grant_type', 'grant type not supported');
  const m = /^Basic\s+(.+)$/i.exec(auth);
  if (!m) return failure(401, 'invalid_client', 'client authentication required');
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const sep = decoded.indexOf(':');
  const id = sep < 0 ? decoded : decoded.slice(0, sep);
  const secret = sep < 0 ? '' : decoded.slice(sep + 1);
  const client = oauthClients(ctx).get(id);
  if (!client) return failure(400, 'invalid_client', 'client not found: ' + id);
  if (!secretMatches(client, secret)) return failure(401, 'invalid_client', 'authentication failed');
  if (client.authorizedGrantType !== 'CLIENT-CREDENTIALS') return failure(400, 'unauthorized_client', 'grant type not allowed for this client');
  if (client.state !== 'active') return failure(400, 'invalid_client', 'client is not active');
  const { token, expiresIn } = issueToken(ctx, client);
  return reply(200, { access_token: token, token_type: 'bearer', expires_in: expiresIn });
}
