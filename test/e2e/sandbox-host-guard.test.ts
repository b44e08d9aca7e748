import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startSandbox, type StartedSandbox } from '../../src/sandbox/server.js';

/**
 * The sandbox's control API has no token, so it must answer only its own host and origin: a page
 * that rebinds its DNS name to 127.0.0.1 (Host: attacker.example) reads nothing, and a page on
 * another origin cannot POST to it, not even a `text/plain` "simple" request the browser sends
 * without asking. Programs — the SDK, newman, curl — send no Origin and are unaffected.
 * Raw node:http requests: `fetch` will not let a test set `Host`.
 */
function raw(url: string, method: string, path: string, headers: Record<string, string>, body?: string): Promise<{ status: number; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: u.hostname, port: u.port, method, path, headers }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('sandbox control API answers only its own host and origin', () => {
  let sb: StartedSandbox;
  let port: string;
  beforeAll(async () => {
    sb = await startSandbox({ port: 0, users: 2 });
    port = new URL(sb.url).port;
  });
  afterAll(() => sb?.close());

  it('a foreign Host (DNS rebinding) gets a 403 and no Entra secret; loopback names and IP addresses (which no DNS answer re-points) are answered', async () => {
    const rebound = await raw(sb.url, 'GET', '/sandbox/v1/graph/app', { Host: `attacker.example:${port}` });
    expect(rebound.status).toBe(403);
    expect((JSON.parse(rebound.body) as { message: string }).message).toMatch(/^Host "attacker.example" is not this sandbox's: use 127.0.0.1 or localhost, or start it with --allow-host attacker.example/);
    expect(rebound.body).not.toMatch(/secret/i);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `app.localhost:${port}`, `[::1]:${port}`, `192.168.1.20:${port}`]) {
      const ok = await raw(sb.url, 'GET', '/sandbox/v1/graph/app', { Host: host });
      expect(ok.status, host).toBe(200);
    }
  });

  it('the Genesys API behind the same port refuses a foreign Host too (a token request included)', async () => {
    const token = await raw(sb.url, 'POST', '/oauth/token', { Host: 'attacker.example', 'Content-Type': 'application/x-www-form-urlencoded' }, 'grant_type=client_credentials');
    expect(token.status).toBe(403);
  });

  it('a cross-origin write is refused, text/plain simple requests included, and changes nothing', async () => {
    const before = await (await fetch(`${sb.url}/sandbox/v1/faults`)).json();
    const body = JSON.stringify({ probability: 1 });
    for (const [origin, type] of [
      ['http://attacker.example', 'text/plain'],
      ['null', 'text/plain'],
      [`http://localhost:${Number(port) + 1}`, 'application/json'],
    ] as const) {
      const r = await raw(sb.url, 'POST', '/sandbox/v1/faults', { Host: `127.0.0.1:${port}`, Origin: origin, 'Content-Type': type }, body);
      expect(r.status, origin).toBe(403);
      expect((JSON.parse(r.body) as { message: string }).message).toMatch(/^cross-origin POST from .* refused/);
    }
    expect(await (await fetch(`${sb.url}/sandbox/v1/faults`)).json()).toEqual(before);
  });

  it('a WebSocket handshake from another origin is refused before any service sees it', async () => {
    const status = (origin?: string) =>
      new Promise<number>((resolve, reject) => {
        const ws = new WebSocket(`${sb.url.replace('http', 'ws')}/no-such-socket`, origin ? { origin } : {});
        ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
        ws.on('open', () => (ws.close(), resolve(101)));
        ws.on('error', reject);
      });
    expect(await status('http://attacker.example')).toBe(403);
    // Without an Origin it reaches the services (none has that path).
    expect(await status()).toBe(404);
  });

  it('its own origin, and programs that send no Origin, may write', async () => {
    const same = await raw(sb.url, 'POST', '/sandbox/v1/faults', { Host: `127.0.0.1:${port}`, Origin: `http://127.0.0.1:${port}`, 'Content-Type': 'application/json' }, '{"probability":0}');
    expect(same.status).toBe(200);
    const res = await fetch(`${sb.url}/sandbox/v1/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"advanceSeconds":0}' });
    expect(res.status).toBe(200);
  });

  it('--allow-host names a host to answer besides the loopback ones', async () => {
    const named = await startSandbox({ port: 0, users: 1, allowedHosts: ['sandbox.internal'] });
    try {
      expect((await raw(named.url, 'GET', '/sandbox/v1/clock', { Host: 'sandbox.internal' })).status).toBe(200);
      expect((await raw(named.url, 'GET', '/sandbox/v1/clock', { Host: 'other.internal' })).status).toBe(403);
    } finally {
      await named.close();
    }
  });
});
