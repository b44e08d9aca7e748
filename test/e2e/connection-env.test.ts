import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliWithEnv } from '../helpers/cli.js';
import { adminEnv } from '../helpers/terminal.js';
import { targetFromEnv } from '../../src/genesys/config.js';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/server.js';

/**
 * The connection settings of CX as Code work here too: a bearer token instead of the client pair
 * (GENESYSCLOUD_ACCESS_TOKEN), the gateway as GENESYSCLOUD_GATEWAY_*, a proxy as
 * GENESYSCLOUD_PROXY_* or the usual HTTP_PROXY — each proven by `whoami` against a sandbox.
 */
const NAMES = /^(GENESYSCLOUD_|HTTPS?_PROXY$|NO_PROXY$|https?_proxy$|no_proxy$)/;

/** `whoami --json` with exactly these connection variables (every other one of NAMES unset for the run). */
function whoami(env: Record<string, string>, ...extra: string[]) {
  const cleared = Object.fromEntries(Object.keys(process.env).filter((k) => NAMES.test(k)).map((k) => [k, undefined]));
  return runCliWithEnv({ ...cleared, ...env }, 'whoami', '--json', ...extra);
}

/** A forward HTTP proxy (absolute-URI requests) that counts what passes through it. */
async function forwardProxy() {
  let count = 0;
  const server: Server = createServer((req, res) => {
    count++;
    const target = new URL(req.url!);
    const up = httpRequest({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: req.method, headers: req.headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, count: () => count, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('connection settings from the environment, as CX as Code reads them', () => {
  let sandbox: StartedSandbox;
  let token: string;
  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0 });
    const res = await fetch(`${sandbox.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${sandbox.adminClient.id}:${sandbox.adminClient.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    token = ((await res.json()) as { access_token: string }).access_token;
  });
  afterAll(() => sandbox?.close());

  it('GENESYSCLOUD_ACCESS_TOKEN: no client pair needed; the client id is read from the token; the token is never printed', async () => {
    const r = await whoami({ GENESYSCLOUD_API_URL: sandbox.url, GENESYSCLOUD_ACCESS_TOKEN: token });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ clientId: sandbox.adminClient.id });
    expect(r.stdout + r.stderr).not.toContain(token);
  });

  it('a refused GENESYSCLOUD_ACCESS_TOKEN names itself and the way out', async () => {
    const r = await whoami({ GENESYSCLOUD_API_URL: sandbox.url, GENESYSCLOUD_ACCESS_TOKEN: 'not-a-token-0123456789abcdef' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/GENESYSCLOUD_ACCESS_TOKEN was refused .* get a new token/);
    expect(r.stdout + r.stderr).not.toContain('not-a-token-0123456789abcdef');
  });

  it('GENESYSCLOUD_GATEWAY_HOST / _PORT / _PROTOCOL point at the gateway (the sandbox)', async () => {
    const u = new URL(sandbox.url);
    const r = await whoami({
      GENESYSCLOUD_GATEWAY_HOST: u.hostname,
      GENESYSCLOUD_GATEWAY_PORT: u.port,
      GENESYSCLOUD_GATEWAY_PROTOCOL: 'http',
      GENESYSCLOUD_OAUTHCLIENT_ID: sandbox.adminClient.id,
      GENESYSCLOUD_OAUTHCLIENT_SECRET: sandbox.adminClient.secret,
    });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ target: { kind: 'gateway', url: sandbox.url } });
    expect(() => targetFromEnv({ GENESYSCLOUD_GATEWAY_PORT: '8080', GENESYSCLOUD_ACCESS_TOKEN: 't', GENESYSCLOUD_REGION: 'us-east-1' })).toThrow(/GENESYSCLOUD_GATEWAY_PORT is set but GENESYSCLOUD_GATEWAY_HOST is not/);
  });

  it('GENESYSCLOUD_PROXY_HOST / _PORT, or HTTP_PROXY: every call, the login included, goes through the proxy', async () => {
    const proxy = await forwardProxy();
    try {
      const creds = adminEnv(sandbox);
      const viaOurs = await whoami({ ...creds, GENESYSCLOUD_PROXY_HOST: '127.0.0.1', GENESYSCLOUD_PROXY_PORT: String(proxy.port) });
      expect(viaOurs.code).toBe(0);
      const afterOurs = proxy.count();
      expect(afterOurs).toBeGreaterThanOrEqual(3); // login, home division, organization
      const viaEnv = await whoami({ ...creds, HTTP_PROXY: `http://127.0.0.1:${proxy.port}` });
      expect(viaEnv.code).toBe(0);
      expect(proxy.count()).toBeGreaterThanOrEqual(afterOurs + 3);
      const beforeBypass = proxy.count();
      const bypass = await whoami({ ...creds, HTTP_PROXY: `http://127.0.0.1:${proxy.port}`, NO_PROXY: '127.0.0.1' });
      expect(bypass.code).toBe(0);
      expect(proxy.count()).toBe(beforeBypass);
    } finally {
      await proxy.close();
    }
  });
});
