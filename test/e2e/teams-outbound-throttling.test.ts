import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apply, plan } from '../../src/engine/index.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import { allPages } from '../../src/resources/paging.js';
import { getPresence, graphUserOfGenesys } from '../../src/sandbox/services/graph/models.js';
import { controlOf } from '../helpers/simulate.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * Graph allows 1,500 presence calls per 30 s per app and tenant. 2,000 users offered an ACD
 * interaction at the same instant make 2,000 setPresence calls: Graph refuses the ones past its
 * limit with 429, and teams-presence-outbound's flows try again a window later — every user ends
 * up shown in Teams (no lost update), and Graph never accepted more than its limit in any 30 s.
 */
const USERS = 2000;
const QUEUE = '5a1d0e5e-0000-4000-8000-00000000acd0';

describeSandbox('Microsoft Graph (throttling on its clock)', 'teams-presence-outbound at 2,000 users', () => {
  let t: TestTarget;
  let ctl: SandboxControl;
  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-01-05T09:00:00.000Z', users: USERS + 5, rateLimit: 0 });
    const client = await t.client({ requestsPerMinute: 0 });
    ctl = controlOf(t);
    const app = await ctl.get<{ tenantId: string; clientId: string; clientSecret: string }>('graph/app');
    process.env.PRESENCE_KIT_GRAPH_CLIENT_SECRET = app.clientSecret;
    await apply(await plan({ client, workDir: mkdtempSync(join(tmpdir(), 'pk-graph-2000-')), blueprints: ['teams-presence-outbound'], set: [`graphTenantId=${app.tenantId}`, `graphClientId=${app.clientId}`] }));
  });
  afterAll(async () => {
    delete process.env.PRESENCE_KIT_GRAPH_CLIENT_SECRET;
    await t?.close();
  });

  it('stays within 1,500 per 30 s, and every user is shown, then cleared', async () => {
    const users = (await allPages<{ id: string }>(await t.client({ requestsPerMinute: 0 }), '/api/v2/users')).slice(0, USERS);
    expect(users).toHaveLength(USERS);
    // In-process (the sandbox's own dispatch and Graph model): 2,000 users × 3 looks over HTTP would only measure sockets.
    const ctx = t.sandbox!.ctx;
    const control = async <T>(path: string, body?: unknown, method = 'POST') =>
      JSON.parse((await ctx.dispatch({ method, path: `/sandbox/v1/${path}`, headers: { 'Content-Type': 'application/json' }, body: method === 'GET' ? '' : JSON.stringify(body ?? {}) })).body) as T;
    const calls: string[] = [];
    for (const u of users) calls.push((await control<{ conversationId: string }>('calls', { userId: u.id, direction: 'inbound', queueId: QUEUE })).conversationId);
    await ctx.bus.idle();
    const shown = async () => users.filter((u) => getPresence(ctx, graphUserOfGenesys(ctx, u.id)!.id).activity === 'Presenting').length;
    // Nothing has moved the clock: Graph took its 1,500 and refused the rest.
    const first = await control<{ peakWindow: number; throttled: number }>('graph/throttling', undefined, 'GET');
    expect(first.peakWindow).toBe(1500);
    expect(first.throttled).toBe(USERS - 1500);
    expect(await shown()).toBe(1500);
    // A window later, the flows try again.
    await control('clock', { advanceSeconds: 31 });
    expect(await shown()).toBe(USERS);

    for (const id of calls) await control(`calls/${id}/end`);
    await ctx.bus.idle();
    await control('clock', { advanceSeconds: 31 });
    expect(await shown()).toBe(0);
    const last = await control<{ peakWindow: number; throttled: number }>('graph/throttling', undefined, 'GET');
    expect(last.peakWindow).toBeLessThanOrEqual(1500);
    expect(last.throttled).toBeGreaterThan(USERS - 1500);
  }, 600_000);
});
