import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { itSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

describe('sandbox auth through the official SDK', () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await openTestTarget();
  });
  afterAll(() => t.close());

  it('logs in with client credentials and reads the home division', async () => {
    const c = await t.client();
    const home = await c.request<{ id: string; homeDivision: boolean }>('GET', '/api/v2/authorization/divisions/home');
    expect(home.homeDivision).toBe(true);
    expect(home.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('refuses a wrong secret with a 401 that names the env var to fix', async () => {
    const err = await GenesysClient.connect({ ...t.connection, clientSecret: 'not-the-secret-123' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GenesysError);
    expect((err as GenesysError).status).toBe(401);
    expect((err as GenesysError).oneLine()).toContain('GENESYSCLOUD_OAUTHCLIENT_SECRET');
    expect((err as GenesysError).oneLine()).not.toContain('not-the-secret-123');
  });

  itSandbox('login service and control API', 'answers an API call without a bearer token with Genesys\'s 401 body', async () => {
    const res = await fetch(`${t.sandbox!.url}/api/v2/authorization/divisions/home`);
    expect(res.status).toBe(401);
    expect(res.headers.get('inin-correlation-id')).toMatch(/[0-9a-f-]{36}/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 401, code: 'authentication.required', details: [], errors: [] });
    expect(body.contextId).toBe(res.headers.get('inin-correlation-id'));
  });

  /** The login service's raw answers, as the SDK and newman meet them (form body, Basic auth). */
  const token = (auth: string | undefined, body = 'grant_type=client_credentials') =>
    fetch(`${t.sandbox!.url}/oauth/token`, { method: 'POST', headers: { ...(auth ? { Authorization: auth } : {}), 'Content-Type': 'application/x-www-form-urlencoded' }, body });
  const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

  itSandbox('login service and control API', 'answers the token request with {access_token, token_type, expires_in} and refusals with {error, description, error_description}', async () => {
    const ok = await token(basic(t.connection.clientId, t.connection.clientSecret));
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ access_token: expect.stringMatching(/^\S{20,}$/), token_type: 'bearer', expires_in: 86_400 });

    const refusals: Array<[Response, number, string]> = [
      [await token(basic(t.connection.clientId, 'not-the-secret')), 401, 'invalid_client'],
      [await token(basic('no-such-client', 'x')), 400, 'invalid_client'],
      [await token(undefined), 401, 'invalid_client'],
      [await token(basic(t.connection.clientId, t.connection.clientSecret), 'grant_type=password'), 400, 'unsupported_grant_type'],
    ];
    for (const [res, status, error] of refusals) {
      expect(res.status).toBe(status);
      const body = (await res.json()) as Record<string, string>;
      expect(Object.keys(body).sort()).toEqual(['description', 'error', 'error_description']);
      expect(body.error).toBe(error);
      expect(body.error_description).toBe(body.description);
      expect(JSON.stringify(body)).not.toContain(t.connection.clientSecret);
    }
  });

  itSandbox('login service and control API', 'serves /platform/api/v2/… as /api/v2/…, and answers an unknown path with not.found', async () => {
    const { access_token } = (await (await token(basic(t.connection.clientId, t.connection.clientSecret))).json()) as { access_token: string };
    const get = (path: string) => fetch(`${t.sandbox!.url}${path}`, { headers: { Authorization: `Bearer ${access_token}` } });
    const [plain, alias] = await Promise.all([get('/api/v2/authorization/divisions/home'), get('/platform/api/v2/authorization/divisions/home')]);
    expect(alias.status).toBe(200);
    expect(await alias.json()).toEqual(await plain.json());
    const missing = await get('/api/v2/no/such/thing');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 404, code: 'not.found', contextId: missing.headers.get('inin-correlation-id') });
  });

  itSandbox('login service and control API', 'refuses a bearer token it never issued with 401 bad.credentials', async () => {
    const res = await fetch(`${t.sandbox!.url}/api/v2/authorization/divisions/home`, { headers: { Authorization: 'Bearer made-up-token-0123456789' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ status: 401, code: 'bad.credentials', message: 'Invalid login credentials.' });
  });

  itSandbox('login service and control API', 'its control API refuses a clock instant that is not a date with a 400, and leaves the clock alone', async () => {
    const before = (await (await fetch(`${t.sandbox!.url}/sandbox/v1/clock`)).json()) as { now: string };
    const res = await fetch(`${t.sandbox!.url}/sandbox/v1/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ now: 'next tuesday' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'bad.request' });
    const after = (await (await fetch(`${t.sandbox!.url}/sandbox/v1/clock`)).json()) as { now: string };
    expect(new Date(after.now).getTime() - new Date(before.now).getTime()).toBeLessThan(60_000);
  });
});
