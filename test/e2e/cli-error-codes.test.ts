import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { runCli } from '../helpers/cli.js';
import { openTestTarget, type TestTarget } from '../helpers/target.js';
import { hasScript, runBin } from '../helpers/terminal.js';

/**
 * Every failure carries a stable `code` (in `--json`, and on a terminal at the end of the line) and
 * names its fix — also when Genesys stays down, and when it asks for a wait longer than we wait
 * (then we say what it asked and that we did not wait, and never blame the client budget).
 */

/** A Genesys stand-in whose API answers every call with `answer` (logins succeed); counts calls. */
async function gateway(answer: { status: number; headers?: Record<string, string>; body: unknown }) {
  let apiCalls = 0;
  const server: Server = createServer((req, res) => {
    if (req.url?.startsWith('/oauth/token')) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: 'tok-gateway-0123456789', token_type: 'bearer', expires_in: 86400 }));
      return;
    }
    apiCalls++;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers }).end(JSON.stringify(answer.body));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, calls: () => apiCalls, close: () => new Promise<void>((r) => server.close(() => r())) };
}

const failureOf = async (p: Promise<unknown>) => {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(GenesysError);
  return e as GenesysError;
};

describe('a server that stays down, a Retry-After beyond our wait', () => {
  it('503 on every attempt: gives up after the retries and says retry later, --debug, the status page', async () => {
    const g = await gateway({ status: 503, body: { status: 503, code: 'service.unavailable', message: 'The service is currently unavailable' } });
    try {
      const client = await GenesysClient.connect({ clientId: 'id', clientSecret: 'secret-value-0123', gatewayUrl: g.url, retry: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 } });
      const e = await failureOf(client.request('GET', '/api/v2/users'));
      expect(g.calls()).toBe(3);
      expect(e.toJSON()).toMatchObject({ status: 503, code: 'service.unavailable', attempts: 3 });
      expect(e.hint).toMatch(/retry later/);
      expect(e.hint).toContain('--debug');
      expect(e.hint).toContain('https://status.mypurecloud.com');
    } finally {
      await g.close();
    }
  });

  it('429 with Retry-After 600 (over the 180 s we wait): one call, no wait, says what was asked and that we did not wait', async () => {
    const g = await gateway({ status: 429, headers: { 'retry-after': '600' }, body: { status: 429, code: 'too.many.requests', message: 'Rate limit exceeded the maximum. Retry the request in [600] seconds' } });
    try {
      const client = await GenesysClient.connect({ clientId: 'id', clientSecret: 'secret-value-0123', gatewayUrl: g.url });
      const e = await failureOf(client.request('GET', '/api/v2/users'));
      expect(g.calls()).toBe(1);
      expect(e.hint).toMatch(/asked to wait 600 s .*more than the 180 s presence-kit waits, so it did not wait: run the command again after \d\d:\d\d:\d\d UTC/);
      expect(e.oneLine()).not.toMatch(/even after waiting|PRESENCE_KIT_RATE_LIMIT|budget/);
    } finally {
      await g.close();
    }
  });
});

describe('codes on local failures', () => {
  let target: TestTarget;
  beforeAll(async () => {
    target = await openTestTarget();
  });
  afterAll(() => target?.close());

  it('--json: a bad blueprint name is {"error": {"code": "blueprint.input", "message": …}} and exit 1', async () => {
    const r = await runCli(target, 'plan', '--blueprint', 'comunicate-call', '--json');
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout) as { error: { code: string; message: string } };
    expect(doc.error.code).toBe('blueprint.input');
    expect(doc.error.message).toMatch(/did you mean "communicate-call"/);
  });

  it('--json: a usage error is code usage, exit 2', async () => {
    const r = await runCli(undefined, 'simulate', 'call', '--user', 'x', '--direction', 'sideways', '--json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: { code: 'usage' } });
  });

  it('--json: an unknown option or command (commander\'s own usage errors) is one JSON document too, not an empty stdout', async () => {
    for (const args of [['plan', '--bogus', '--json'], ['bogus-command', '--json'], ['status', 'extra-arg', '--json']]) {
      const r = await runCli(undefined, ...args);
      expect(r.code, args.join(' ')).toBe(2);
      const doc = JSON.parse(r.stdout) as { error: { code: string; message: string; fix: string } };
      expect(doc.error).toMatchObject({ code: 'usage', fix: 'run with --help for usage' });
      expect(doc.error.message).not.toMatch(/^error:/);
    }
    expect(JSON.parse((await runCli(undefined, 'plan', '--bogus', '--json')).stdout).error.message).toBe("unknown option '--bogus'");
  });

  it.skipIf(!hasScript)('on a terminal the line ends with its code; through a pipe it is the bare line', async () => {
    const [tty, piped] = await Promise.all([
      runBin(['plan', '--sandbox', '--blueprint', 'comunicate-call', '--no-color'], {}, { terminal: true }),
      runBin(['plan', '--sandbox', '--blueprint', 'comunicate-call'], {}, { terminal: false }),
    ]);
    expect(tty.stdout).toMatch(/^error: unknown blueprint "comunicate-call" .* \[blueprint\.input\]\r?$/m);
    expect(piped.stderr).toMatch(/^error: unknown blueprint "comunicate-call" [^[]*$/);
  });
});
