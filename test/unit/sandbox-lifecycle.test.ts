import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Clock } from '../../src/sandbox/core/clock.js';
import { startSandbox } from '../../src/sandbox/server.js';
import { ASYNC_DELAY_MS } from '../../src/sandbox/services/workforcemanagement/schedule-search.js';

describe('sandbox lifecycle', () => {
  it('runs every timer due on the clock even when one of them fails', async () => {
    const clock = new Clock('2025-03-03T09:00:00Z');
    const ran: string[] = [];
    clock.after(1000, () => {
      ran.push('first');
      throw new Error('a broken timer');
    });
    clock.after(2000, async () => {
      ran.push('second');
    });
    await clock.advance(5000);
    expect(ran).toEqual(['first', 'second']);
    expect([clock.nowIso(), clock.pendingTimers()]).toEqual(['2025-03-03T09:00:05.000Z', 0]);
  });

  it('announces nothing once closed: an asynchronous schedule search still running is cancelled', async () => {
    const s = await startSandbox({ port: 0, users: 4, wfmAgents: 4, wfmManagementUnits: 1 });
    const basic = Buffer.from(`${s.adminClient.id}:${s.adminClient.secret}`).toString('base64');
    const login = await fetch(`${s.url}/oauth/token`, { method: 'POST', headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'grant_type=client_credentials' });
    const { access_token } = (await login.json()) as { access_token: string };
    const api = (method: string, path: string, body?: unknown) =>
      fetch(`${s.url}${path}`, { method, headers: { Authorization: `Bearer ${access_token}`, 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());
    const mu = ((await api('GET', '/api/v2/workforcemanagement/managementunits')) as { entities: Array<{ id: string }> }).entities[0]!;
    const range = { startDate: '2026-03-02T00:00:00Z', endDate: '2026-03-03T00:00:00Z' };
    const answer = (await api('POST', `/api/v2/workforcemanagement/managementunits/${mu.id}/agentschedules/search?forceAsync=true`, range)) as { status: string };
    expect(answer.status).toBe('Processing');
    await s.close();
    await new Promise((r) => setTimeout(r, ASYNC_DELAY_MS + 100));
    expect(s.ctx.bus.history.filter((e) => e.topicName === 'v2.workforcemanagement.users.{id}.schedules.search')).toEqual([]);
  });

  it('keeps a persisted org\'s clock from running backwards across restarts', async () => {
    const dataFile = join(mkdtempSync(join(tmpdir(), 'pk-clock-')), 'org.json');
    const first = await startSandbox({ port: 0, users: 2, dataFile });
    const moved = (await (
      await fetch(`${first.url}/sandbox/v1/clock`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ advanceSeconds: 3600 }) })
    ).json()) as { now: string };
    await first.close();
    const again = await startSandbox({ port: 0, users: 2, dataFile });
    // Real time is an hour behind what the first run reached; the restored org resumes from there.
    expect(again.ctx.clock.now()).toBeGreaterThanOrEqual(Date.parse(moved.now));
    await again.close();
    const fresh = await startSandbox({ port: 0, users: 2 });
    expect(fresh.ctx.clock.now()).toBeLessThan(Date.parse(moved.now));
    await fresh.close();
  });
});
