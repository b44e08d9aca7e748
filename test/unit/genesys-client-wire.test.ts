import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import nock from 'nock';
import platformClient from 'purecloud-platform-client-v2';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { GenesysClient, type Connection } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { setDebug } from '../../src/genesys/log.js';
import { resolveRegion } from '../../src/genesys/regions.js';

/**
 * What only a mock can show: the exact bytes on the wire (the token request) and network faults
 * on demand (resets, hangs), against the real SDK and a real region's hosts — no network.
 */
// nock's interceptors call Promise.withResolvers, which Node 20 (our floor) lacks.
if (!('withResolvers' in Promise)) {
  Object.assign(Promise, {
    withResolvers<T>() {
      let resolve!: (v: T) => void;
      let reject!: (e: unknown) => void;
      const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
      return { promise, resolve, reject };
    },
  });
}

const LOGIN = 'https://login.mypurecloud.ie';
const API = 'https://api.mypurecloud.ie';
const ID = 'wire-client-id';
const SECRET = 'wire-secret-value-0123456789';
const TOKEN = 'wire-token-abcdefghijklmnopqrstuvwxyz';
const BASIC = `Basic ${Buffer.from(`${ID}:${SECRET}`).toString('base64')}`;

const connection = (extra: Partial<Connection> = {}): Connection => ({
  clientId: ID,
  clientSecret: SECRET,
  region: resolveRegion('eu-west-1'),
  // Fast backoff: these tests count attempts, they do not measure waits.
  retry: { baseDelayMs: 1, maxDelayMs: 5 },
  ...extra,
});

const netError = (code: string, message: string) => Object.assign(new Error(message), { code });
const tokenOk = () => nock(LOGIN).post('/oauth/token').reply(200, { access_token: TOKEN, token_type: 'bearer', expires_in: 86400 });
/** Lets I/O and zero-delay (fake) timers run, without moving the fake clock. */
const tick = async () => {
  await vi.advanceTimersByTimeAsync(0);
  await new Promise((r) => setImmediate(r));
};
const tickUntil = async (cond: () => boolean) => {
  for (let i = 0; i < 500 && !cond(); i++) await tick();
  expect(cond()).toBe(true);
};
const users = { entities: [{ id: 'u1', name: 'Ada' }], pageSize: 25, pageNumber: 1, total: 1, pageCount: 1 };

beforeAll(() => nock.disableNetConnect());
afterAll(() => nock.enableNetConnect());
afterEach(() => {
  nock.cleanAll();
  vi.useRealTimers();
  vi.restoreAllMocks();
  setDebug(false);
});

describe('the token request on the wire', () => {
  it('is POST /oauth/token with Basic base64(id:secret) and the form body grant_type=client_credentials', async () => {
    let seen: { headers: Headers; body: string } | undefined;
    const scope = nock(LOGIN)
      .post('/oauth/token', 'grant_type=client_credentials')
      .matchHeader('authorization', BASIC)
      .reply(200, { access_token: TOKEN, token_type: 'bearer', expires_in: 86400 });
    scope.on('request', (req: { headers: Headers }, _i: unknown, body: string) => (seen = { headers: req.headers, body }));
    const c = await GenesysClient.connect(connection());
    expect(scope.isDone()).toBe(true);
    expect(seen!.body).toBe('grant_type=client_credentials');
    expect(seen!.headers.get('content-type')).toMatch(/^application\/x-www-form-urlencoded/);
    expect(seen!.headers.get('authorization')).toBe(BASIC);
    expect(c.stats.byEndpoint()).toEqual({ 'POST /oauth/token': 1 });
  });

  it('sends the token as a bearer on API calls', async () => {
    tokenOk();
    const api = nock(API).get('/api/v2/users').query(true).matchHeader('authorization', `Bearer ${TOKEN}`).reply(200, users);
    const c = await GenesysClient.connect(connection());
    const res = await c.api(platformClient.UsersApi).getUsers({ pageSize: 25 });
    expect(res.entities?.[0]?.name).toBe('Ada');
    expect(api.isDone()).toBe(true);
  });
});

describe('retries on the wire', () => {
  it('honours Retry-After: the repeat is sent when it has elapsed and not a millisecond before', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // no jitter: the wait is exactly Retry-After
    tokenOk();
    const c = await GenesysClient.connect(connection());
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const first = nock(API)
      .get('/api/v2/users')
      .query(true)
      .reply(429, { message: 'Rate limit exceeded the maximum. Retry the request in [3] seconds', code: 'too.many.requests.retry.after', status: 429 }, { 'Retry-After': '3' });
    const second = nock(API).get('/api/v2/users').query(true).reply(200, users);
    let settled = false;
    const call = c.api(platformClient.UsersApi).getUsers({});
    void call.then(() => (settled = true), () => (settled = true));
    await tickUntil(() => first.isDone());
    for (let i = 0; i < 20; i++) await tick();
    await vi.advanceTimersByTimeAsync(2999);
    expect(second.isDone()).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await tickUntil(() => settled);
    await expect(call).resolves.toMatchObject({ total: 1 });
    expect(second.isDone()).toBe(true);
    expect(c.stats.retries).toBe(1);
    expect(c.stats.byEndpoint()['GET /api/v2/users']).toBe(2);
  });

  it('repeats a GET after ECONNRESET', async () => {
    tokenOk();
    const reset = nock(API).get('/api/v2/users').query(true).replyWithError(netError('ECONNRESET', 'socket hang up'));
    const ok = nock(API).get('/api/v2/users').query(true).reply(200, users);
    const c = await GenesysClient.connect(connection());
    await expect(c.api(platformClient.UsersApi).getUsers({})).resolves.toMatchObject({ total: 1 });
    expect(reset.isDone() && ok.isDone()).toBe(true);
    expect(c.stats).toMatchObject({ retries: 1, failures: 0 });
  });

  it('does not repeat a creating POST after a 500: the error says the outcome is ambiguous', async () => {
    tokenOk();
    const fail = nock(API).post('/api/v2/authorization/roles').reply(500, { message: 'The server encountered an unexpected condition.', code: 'internal.server.error', status: 500 });
    const repeat = nock(API).post('/api/v2/authorization/roles').reply(200, { id: 'r2' });
    const c = await GenesysClient.connect(connection());
    const err = await c.api(platformClient.AuthorizationApi).postAuthorizationRoles({ name: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GenesysError);
    expect(err).toMatchObject({ status: 500, ambiguous: true, attempts: 1 });
    expect((err as GenesysError).oneLine()).toMatch(/may or may not have been applied/);
    expect(fail.isDone()).toBe(true);
    expect(repeat.isDone()).toBe(false);
    expect(c.stats).toMatchObject({ retries: 0, failures: 1 });
  });

  it('does not repeat a creating POST after a dropped connection either', async () => {
    tokenOk();
    nock(API).post('/api/v2/authorization/roles').replyWithError(netError('ECONNRESET', 'socket hang up'));
    const repeat = nock(API).post('/api/v2/authorization/roles').reply(200, { id: 'r2' });
    const c = await GenesysClient.connect(connection());
    const err = await c.api(platformClient.AuthorizationApi).postAuthorizationRoles({ name: 'x' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, code: 'ECONNRESET', ambiguous: true });
    expect(repeat.isDone()).toBe(false);
  });

  it('does repeat a creating POST after a 503 (the service took nothing in)', async () => {
    tokenOk();
    nock(API).post('/api/v2/authorization/roles').reply(503, { code: 'service.unavailable', status: 503, message: 'busy' });
    const repeat = nock(API).post('/api/v2/authorization/roles').reply(200, { id: 'r2' });
    const c = await GenesysClient.connect(connection());
    await expect(c.api(platformClient.AuthorizationApi).postAuthorizationRoles({ name: 'x' })).resolves.toMatchObject({ id: 'r2' });
    expect(repeat.isDone()).toBe(true);
  });

  it('gives up after maxAttempts, saying how many', async () => {
    tokenOk();
    nock(API).get('/api/v2/users').query(true).times(3).reply(502, 'Bad gateway');
    const c = await GenesysClient.connect(connection({ retry: { baseDelayMs: 1, maxDelayMs: 2, maxAttempts: 3 } }));
    const err = await c.api(platformClient.UsersApi).getUsers({}).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 502, attempts: 3, message: 'Bad gateway' });
    expect(c.stats).toMatchObject({ retries: 2, failures: 1 });
  });

  it('times a hanging request out and repeats it when safe', async () => {
    tokenOk();
    // The hang outlasts the deadline by far, and the deadline leaves a busy machine ample time for
    // the answers that do come (the login, the repeat): 50 ms made this test fail under load.
    nock(API).get('/api/v2/users').query(true).delay(60_000).reply(200, users);
    const ok = nock(API).get('/api/v2/users').query(true).reply(200, users);
    const c = await GenesysClient.connect(connection({ timeoutMs: 1500 }));
    await expect(c.api(platformClient.UsersApi).getUsers({})).resolves.toMatchObject({ total: 1 });
    expect(ok.isDone()).toBe(true);
    expect(c.stats.retryLog.filter((r) => r.path === '/api/v2/users').map((r) => r.reason)).toEqual(['ETIMEDOUT']);
  });

  it('logs in again once on a 401 and repeats the call', async () => {
    tokenOk();
    const c = await GenesysClient.connect(connection());
    nock(API).get('/api/v2/users').query(true).reply(401, { code: 'bad.credentials', status: 401, message: 'Invalid login credentials.' });
    const relogin = tokenOk();
    nock(API).get('/api/v2/users').query(true).reply(200, users);
    await expect(c.api(platformClient.UsersApi).getUsers({})).resolves.toMatchObject({ total: 1 });
    expect(relogin.isDone()).toBe(true);
    expect(c.stats.byEndpoint()['POST /oauth/token']).toBe(2);
  });
});

describe('presigned URLs (fetchUrl)', () => {
  const S3 = 'https://uploads.example-bucket.s3.amazonaws.com';
  const SIGNED = '/flows/abc.yaml?X-Amz-Signature=deadbeefcafe1234&X-Amz-Credential=AKIAEXAMPLE';

  it('repeats a PUT after a 503, sends no bearer token, and keeps the signed query out of errors and stats', async () => {
    tokenOk();
    const c = await GenesysClient.connect(connection());
    nock(S3).put(SIGNED).reply(503, 'Slow Down');
    const ok = nock(S3, { badheaders: ['authorization'] }).put(SIGNED, 'flow: yaml').reply(200, '');
    await expect(c.fetchUrl(`${S3}${SIGNED}`, { method: 'PUT', body: 'flow: yaml' })).resolves.toMatchObject({ status: 200 });
    expect(ok.isDone()).toBe(true);
    expect(c.stats.byEndpoint()['PUT /flows/abc.yaml']).toBe(2);
    nock(S3).get(SIGNED).times(8).reply(403, '<Error><Code>AccessDenied</Code></Error>');
    const err = await c.fetchUrl(`${S3}${SIGNED}`).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, path: '/flows/abc.yaml', attempts: 1 });
    expect(JSON.stringify(err) + (err as GenesysError).oneLine()).not.toMatch(/deadbeef|AKIAEXAMPLE/);
  });

  it('reports a network failure of a presigned URL with its code, retried when safe', async () => {
    tokenOk();
    const c = await GenesysClient.connect(connection());
    nock(S3).get(SIGNED).replyWithError(netError('ECONNRESET', 'socket hang up'));
    nock(S3).get(SIGNED).reply(200, 'content');
    await expect(c.fetchUrl(`${S3}${SIGNED}`)).resolves.toEqual({ status: 200, text: 'content' });
    expect(c.stats.retryLog.map((r) => r.reason)).toEqual(['ECONNRESET']);
  });
});

describe('no secret leaves the client', () => {
  let home: string;
  const prevHome = process.env.HOME;
  beforeEach(() => {
    // A user's SDK config that turns on trace logging to the console and points at a gateway.
    home = mkdtempSync(join(tmpdir(), 'pk-home-'));
    mkdirSync(join(home, '.genesyscloudjavascript'));
    writeFileSync(
      join(home, '.genesyscloudjavascript', 'config'),
      '[logging]\nlog_level = trace\nlog_to_console = true\nlog_request_body = true\nlog_response_body = true\n[gateway]\nhost = evil.example\nprotocol = http\n',
    );
    process.env.HOME = home;
  });
  afterEach(() => {
    process.env.HOME = prevHome;
  });

  it('ignores the SDK config file: no redirect, no SDK logging, nothing printed', async () => {
    const writes: string[] = [];
    const capture = (chunk: unknown) => {
      writes.push(String(chunk));
      return true;
    };
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    for (const m of ['log', 'info', 'warn', 'error', 'debug'] as const) vi.spyOn(console, m).mockImplementation((...a) => void writes.push(a.join(' ')));
    tokenOk(); // on the real login host: the file's gateway was not applied
    nock(API).get('/api/v2/users').query(true).reply(403, { code: 'missing.permissions', status: 403, message: 'You are missing the following permission(s): [directory:user:view]' });
    const c = await GenesysClient.connect(connection());
    const err = await c.api(platformClient.UsersApi).getUsers({}).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 403, missingPermissions: ['directory:user:view'] });
    vi.restoreAllMocks();
    expect(writes.join('')).toBe('');
  });

  it('keeps the secret, the Basic header and the token out of errors, their JSON, inspection, debug logs and the client itself', async () => {
    const logged: string[] = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: unknown) => {
      logged.push(String(chunk));
      return true;
    });
    setDebug(true);
    tokenOk();
    // A server that echoes the credentials back in its error body must not leak them either.
    nock(API)
      .post('/api/v2/authorization/roles')
      .reply(500, { message: `echo ${BASIC} Bearer ${TOKEN} ${SECRET}`, code: 'internal.server.error', status: 500 });
    nock(LOGIN).post('/oauth/token').reply(401, { error: 'invalid_client', description: 'authentication failed', error_description: 'authentication failed' });
    const c = await GenesysClient.connect(connection());
    const apiErr = await c.api(platformClient.AuthorizationApi).postAuthorizationRoles({ name: 'x' }).catch((e: unknown) => e);
    const loginErr = await GenesysClient.connect(connection()).catch((e: unknown) => e);
    nock(API).get('/api/v2/users').query(true).replyWithError(netError('ECONNREFUSED', `connect ECONNREFUSED ${BASIC}`));
    const netErr = await c.api(platformClient.UsersApi).getUsers({}).catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(loginErr).toBeInstanceOf(GenesysError);
    expect((loginErr as GenesysError).oneLine()).toContain('GENESYSCLOUD_OAUTHCLIENT_SECRET');
    const everything = [apiErr, loginErr, netErr]
      .flatMap((e) => [inspect(e, { depth: 10, showHidden: true }), JSON.stringify(e), (e as GenesysError).oneLine(), (e as Error).stack ?? ''])
      .concat(logged, inspect(c, { depth: 10 }), JSON.stringify(c));
    const text = everything.join('\n');
    expect(logged.length).toBeGreaterThan(0);
    for (const secret of [SECRET, TOKEN, BASIC.slice('Basic '.length)]) expect(text).not.toContain(secret);
  });
});

describe("an org's clock against this machine's (the Date header of Genesys's answers)", () => {
  it('warns, naming the difference, when the Date Genesys answers with is more than a minute off; says nothing within a minute', async () => {
    const { targetClock } = await import('../../src/cli/target-clock.js');
    for (const [offsetMs, warned] of [
      [5 * 60_000, true],
      [20_000, false],
    ] as const) {
      tokenOk();
      const date = nock(API).get('/api/v2/date').reply(200, { currentDate: new Date(Date.now() + offsetMs).toISOString() }, { Date: new Date(Date.now() + offsetMs).toUTCString() });
      const client = await GenesysClient.connect(connection());
      const warnings: string[] = [];
      const clock = await targetClock(client, { warn: (m) => warnings.push(m) });
      expect(date.isDone()).toBe(true);
      expect(clock.source).toBe('machine');
      expect(Math.abs(clock.now() - Date.now())).toBeLessThan(1000);
      if (warned) expect(warnings).toEqual([expect.stringMatching(/this machine's clock is (29\d|30\d) s behind Genesys's/)]);
      else expect(warnings).toEqual([]);
    }
  });
});
