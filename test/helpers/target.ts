import { describe, it, type TestContext } from 'vitest';
import { GenesysClient, type Connection } from '../../src/genesys/client.js';
import { targetFromEnv } from '../../src/genesys/config.js';
import { startSandbox, type SandboxOptions, type StartedSandbox } from '../../src/sandbox/server.js';

/**
 * Where end-to-end tests run: a fresh sandbox by default; a real org when GENESYSCLOUD_* are set
 * and PRESENCE_KIT_LIVE=1 (`npm run test:live`). Tests that need the sandbox's clock, faults or
 * inventory call `requireSandbox` and are skipped on a live target, saying why.
 */
export const LIVE = process.env.PRESENCE_KIT_LIVE === '1';

/**
 * The sandbox profile end-to-end tests run under: `PRESENCE_KIT_TEST_PROFILE=production` runs them
 * against Genesys on its worst day (src/sandbox/profile/), `PRESENCE_KIT_TEST_SEED` picks the day.
 * A test that needs one profile passes `profile` itself, which wins.
 */
export const TEST_PROFILE: 'default' | 'production' = process.env.PRESENCE_KIT_TEST_PROFILE === 'production' ? 'production' : 'default';
export const PRODUCTION = TEST_PROFILE === 'production';
/**
 * How long after an event the production profile may take to show its effect, for a workflow with
 * up to 6 data actions and no waits of its own: the event's delivery (≤ 5 s) plus each data
 * action's round trip (≤ 2 s) — src/sandbox/profile/profile.ts, PRODUCTION.
 */
export const WORST_DAY_SETTLE_MS = 5_000 + 6 * 2_000;
const TEST_SEED = process.env.PRESENCE_KIT_TEST_SEED === undefined ? undefined : Number(process.env.PRESENCE_KIT_TEST_SEED);

export interface TestTarget {
  connection: Connection;
  /** Undefined on a live org. */
  sandbox?: StartedSandbox;
  client(overrides?: Partial<Connection>): Promise<GenesysClient>;
  close(): Promise<void>;
}

export async function openTestTarget(options: Partial<SandboxOptions> = {}): Promise<TestTarget> {
  if (LIVE) {
    const t = targetFromEnv();
    if (t.kind !== 'org') throw new Error('PRESENCE_KIT_LIVE=1 needs GENESYSCLOUD_OAUTHCLIENT_ID, GENESYSCLOUD_OAUTHCLIENT_SECRET and GENESYSCLOUD_REGION');
    const connection = t.connection;
    return { connection, client: (o = {}) => GenesysClient.connect({ ...connection, ...o }), close: async () => undefined };
  }
  const sandbox = await startSandbox({ port: 0, profile: TEST_PROFILE, ...(TEST_SEED === undefined ? {} : { seed: TEST_SEED }), ...options });
  const connection: Connection = { clientId: sandbox.adminClient.id, clientSecret: sandbox.adminClient.secret, gatewayUrl: sandbox.url };
  return {
    connection,
    sandbox,
    client: (o = {}) => GenesysClient.connect({ ...connection, ...o }),
    close: () => sandbox.close(),
  };
}

/**
 * Under the production profile, the client's pauses — between flows-job polls, after a data
 * action's transient 400 — pass on the sandbox clock instead of real time (Connection.pause), so a
 * worst-day setup sleeps nowhere; elsewhere (the polite profile, a live org) nothing changes.
 */
export function clockPause(t: TestTarget): Partial<Connection> {
  const sandbox = t.sandbox;
  return sandbox?.ctx.profile.name === 'production' ? { pause: (ms) => sandbox.ctx.clock.advance(ms) } : {};
}

/** The reason a sandbox-only test is skipped on a live org (vitest: `it.skipIf(LIVE)`). */
export const SANDBOX_ONLY = 'needs the sandbox (clock, faults or inventory); skipped on a live org';

/**
 * `it` for a test that needs something only the sandbox has. On a live org the test is skipped
 * with its reason as the skip note, which `npm run test:live` (verbose reporter) prints next to
 * the test: `↓ … > pages through 250 users [skipped on a live org: needs the sandbox's seeded users]`.
 * `need` completes "needs the sandbox's …", e.g. `clock`, `fault injection`, `inventory`.
 */
export function itSandbox(need: string, name: string, fn: (ctx: TestContext) => unknown, timeout?: number): void {
  it(
    name,
    (ctx) => {
      skipOnLive(ctx, need);
      return fn(ctx);
    },
    timeout,
  );
}

/**
 * `describe` for a file that needs the sandbox throughout (its control API, clock or seeded org).
 * On a live org the suite is skipped and its name carries the reason, which the verbose reporter prints.
 */
export function describeSandbox(need: string, name: string, fn: () => void): void {
  describe.skipIf(LIVE)(LIVE ? `${name} [skipped on a live org: needs the sandbox's ${need}]` : name, fn);
}

/** Inside a test: skip it on a live org, saying why (for tests that need the sandbox part-way). */
export function skipOnLive(ctx: TestContext, need: string): void {
  ctx.skip(LIVE, `skipped on a live org: needs the sandbox's ${need}`);
}

export async function inventory(t: TestTarget): Promise<Record<string, Array<{ id: string; name?: string } & Record<string, unknown>>>> {
  if (!t.sandbox) throw new Error(SANDBOX_ONLY);
  return (await (await fetch(`${t.sandbox.url}/sandbox/v1/inventory`)).json()) as Record<string, Array<{ id: string; name?: string }>>;
}

/** POSTs to a sandbox control endpoint (`/sandbox/v1/...`). */
export async function control(t: TestTarget, path: string, body: unknown): Promise<unknown> {
  if (!t.sandbox) throw new Error(SANDBOX_ONLY);
  const res = await fetch(`${t.sandbox.url}/sandbox/v1/${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`sandbox control ${path}: ${res.status} ${await res.text()}`);
  return res.json();
}

/** A fresh target for one test, closed whatever the test does. */
export async function withTestTarget<T>(options: Partial<SandboxOptions>, fn: (t: TestTarget) => Promise<T>): Promise<T> {
  const t = await openTestTarget(options);
  try {
    return await fn(t);
  } finally {
    await t.close();
  }
}
