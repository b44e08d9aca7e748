import { describe, expect, it } from 'vitest';
import { GenesysError, hintFor, permissionsNamed } from '../../src/genesys/errors.js';

describe('error hints', () => {
  it('names the missing permission of a 403, from messageParams or from the message', () => {
    const body = { message: 'Unable to perform the requested action. You are missing the following permission(s): [authorization:role:add]', messageParams: { permissions: 'authorization:role:add' } };
    expect(permissionsNamed(body)).toEqual(['authorization:role:add']);
    expect(permissionsNamed({ message: 'Unable to perform the requested action. You are missing the following permission(s): integrations:action:add, integrations:action:edit' })).toEqual([
      'integrations:action:add',
      'integrations:action:edit',
    ]);
    expect(hintFor(403, 'missing.permissions', body)).toBe('grant the OAuth client (GENESYSCLOUD_OAUTHCLIENT_ID) a role with authorization:role:add');
    expect(hintFor(403, 'missing.any.permissions', { messageParams: { permissions: 'a:b:view, a:b:edit' } })).toContain('one of a:b:view, a:b:edit');
  });

  it('names the env var behind a refused login', () => {
    expect(hintFor(401, 'invalid_client', { error_description: 'authentication failed' }, { login: true })).toContain('GENESYSCLOUD_OAUTHCLIENT_SECRET');
    expect(hintFor(400, 'invalid_client', { error_description: 'client not found: abc' }, { login: true })).toMatch(/^check GENESYSCLOUD_OAUTHCLIENT_ID/);
    expect(hintFor(401, 'bad.credentials', {})).toContain('GENESYSCLOUD_OAUTHCLIENT_SECRET');
  });

  it('tells to start the sandbox when nothing answers at a gateway, and to check the region otherwise', () => {
    expect(hintFor(0, 'ECONNREFUSED', {}, { gateway: 'http://127.0.0.1:8787' })).toContain('presence-kit sandbox');
    expect(hintFor(0, 'ENOTFOUND', {})).toContain('GENESYSCLOUD_REGION');
    expect(hintFor(0, 'ENOTFOUND', {}, { gateway: 'http://nohost:1' })).toContain('GENESYSCLOUD_API_URL');
  });

  it('prints one line with what failed, Genesys code, hint and correlation id', () => {
    const e = new GenesysError({ status: 403, code: 'missing.permissions', message: 'line one\nline two', method: 'POST', path: '/api/v2/authorization/roles', hint: 'grant it', correlationId: 'c-1' });
    expect(e.oneLine()).toBe('POST /api/v2/authorization/roles: 403 missing.permissions: line one line two — grant it (correlation id c-1)');
  });

  it('says when the outcome is unknown', () => {
    const e = new GenesysError({ status: 500, code: 'internal.server.error', message: 'x', ambiguous: true });
    expect(e.oneLine()).toContain('may or may not have been applied');
    expect(e.toJSON().ambiguous).toBe(true);
  });
});
