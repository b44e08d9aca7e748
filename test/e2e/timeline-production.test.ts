import { afterAll, beforeAll, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { GenesysError } from '../../src/genesys/errors.js';
import { userHistory } from '../../src/resources/user-history.js';
import { controlOf } from '../helpers/simulate.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The presence history timeline reads (analytics user details), under the production profile:
 * pages shorter than asked for that are not the last page, an approximate totalHits, and the
 * interval limits (31 days with filters, 7 without) — developer center, analytics detail/user-query.
 */
const NOW = '2026-03-02T09:00:00.000Z';
const DAY = 86_400_000;
const USERS = 150;

describeSandbox('production profile', 'timeline history under the production profile', () => {
  let t: TestTarget;
  let c: GenesysClient;
  let userIds: string[];
  let until: string;
  let queries = 0;

  beforeAll(async () => {
    t = await openTestTarget({ now: NOW, users: USERS, wfmAgents: 0, rateLimit: 0, profile: 'production', seed: 3 });
    c = await t.client({ requestsPerMinute: 0 });
    const ids: string[] = [];
    for (let page = 1; ids.length < USERS; page++) {
      const r = await c.request<{ entities: Array<{ id: string }> }>('GET', '/api/v2/users', { query: { pageSize: 100, pageNumber: page } });
      if (!r.entities.length) break;
      ids.push(...r.entities.map((u) => u.id));
    }
    userIds = ids;
    until = (await controlOf(t).post<{ now: string }>('clock', { advanceSeconds: 3600 })).now;
    t.sandbox!.onExchange((e) => {
      // Answered queries (a token expired by the 20-day jump is a 401 the client re-authenticates after).
      if (e.template === '/api/v2/analytics/users/details/query' && e.status === 200) queries++;
    });
  });
  afterAll(() => t?.close());

  const query = (interval: string, pageNumber: number, filtered = true) =>
    c.request<{ userDetails?: Array<{ userId: string }>; totalHits: number }>('POST', '/api/v2/analytics/users/details/query', {
      body: { interval, order: 'asc', paging: { pageSize: 100, pageNumber }, ...(filtered ? { userFilters: [{ type: 'or', predicates: userIds.slice(0, 120).map((id) => ({ dimension: 'userId', value: id })) }] } : {}) },
    });

  it('the sandbox: a short page is not the last one, and the same page comes back the same', async () => {
    const interval = `${new Date(Date.parse(NOW) - DAY).toISOString()}/${until}`;
    const p1 = await query(interval, 1);
    const p2 = await query(interval, 2);
    expect(p1.userDetails!.length).toBeLessThan(100);
    expect(p2.userDetails!.length).toBeGreaterThan(0);
    expect((await query(interval, 1)).userDetails).toEqual(p1.userDetails);
    // No user twice, none lost: the pages together hold the 120 asked for.
    const all = [p1, p2, await query(interval, 3), await query(interval, 4)].flatMap((p) => (p.userDetails ?? []).map((d) => d.userId));
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe(120);
    // Approximate: it counts the duplicates the pages dropped.
    expect(p1.totalHits).toBeGreaterThanOrEqual(120);
  });

  it('the sandbox: an interval past 31 days with filters, or past 7 without, is a 400 naming the limit', async () => {
    const back = (days: number) => `${new Date(Date.parse(until) - days * DAY).toISOString()}/${until}`;
    const err = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e as GenesysError);
    expect((await err(query(back(32), 1)))?.status).toBe(400);
    expect((await err(query(back(32), 1)))?.message).toMatch(/exceeds 31 days/);
    expect(await err(query(back(31), 1))).toBeUndefined();
    expect((await err(query(back(8), 1, false)))?.message).toMatch(/exceeds 7 days/);
    expect(await err(query(back(7), 1, false))).toBeUndefined();
  });

  it('timeline reads every user through short pages (it stops at the first empty page, not the first short one)', async () => {
    const history = await userHistory(c, userIds, { from: new Date(Date.parse(NOW) - DAY).toISOString(), to: until });
    expect(history.map((d) => d.userId).sort()).toEqual([...userIds].sort());
    expect(history.every((d) => (d.primaryPresence ?? []).length === 1)).toBe(true);
  });

  it('timeline splits a 40-day window into intervals the API accepts, and keeps a record spanning two of them once', async () => {
    // Twenty days on, each user's presence (set on the first day, never changed) spans both
    // intervals of a 40-day window: 31 days, then 9.
    const later = (await controlOf(t).post<{ now: string }>('clock', { advanceSeconds: 20 * 86_400 })).now;
    queries = 0;
    const history = await userHistory(c, userIds.slice(0, 10), { from: new Date(Date.parse(later) - 40 * DAY).toISOString(), to: later });
    expect(history.map((d) => d.userId).sort()).toEqual(userIds.slice(0, 10).sort());
    expect(history.every((d) => (d.primaryPresence ?? []).length === 1)).toBe(true);
    // Two intervals, each paged to its first empty page (10 users fit one page).
    expect(queries).toBe(4);
  });
});
