import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';

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

  it.skipIf(LIVE)('answers an API call without a bearer token with Genesys\'s 401 body', async () => {
    const res = await fetch(`${t.sandbox!.url}/api/v2/authorization/divisions/home`);
    expect(res.status).toBe(401);
    expect(res.headers.get('inin-correlation-id')).toMatch(/[0-9a-f-]{36}/);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 401, code: 'authentication.required', details: [], errors: [] });
    expect(body.contextId).toBe(res.headers.get('inin-correlation-id'));
  });
});
