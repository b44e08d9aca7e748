import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PreBreakReport } from '../../src/observe/pre-break-outcomes.js';
import type { TimelineReport } from '../../src/observe/timeline.js';
import type { DayResult } from '../../src/simulate/day.js';
import { managementUnits } from '../../src/sandbox/services/workforcemanagement/models.js';
import { getUserPresence } from '../../src/sandbox/services/presence/models.js';
import { SYSTEM_PRESENCE_IDS as P } from '../../src/model/presence.js';
import { runCli } from '../helpers/cli.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { LIVE } from '../helpers/target.js';
import { generatedBreaks } from '../helpers/wfm.js';
import { inChromium } from '../helpers/chromium.js';

/**
 * `simulate day` then `report pre-break` on it: the report must match what this test computes
 * another way — breaks from the sandbox's schedule generator (not the WFM API), presences from the
 * presence notifications heard on the sandbox's bus as the day ran (not analytics user details).
 */

describe.skipIf(LIVE)('report pre-break on a simulated day', () => {
  let s: Solution;
  let day: DayResult;
  let report: PreBreakReport;
  /** Every presence notification the sandbox publishes during the day, heard directly on its bus (not through analytics). */
  const heard = new Map<string, Array<{ t: number; id: string; system: string }>>();
  beforeAll(async () => {
    s = await openSolution(['pre-break']);
    await s.applyBlueprints();
    // Where every WFM agent starts (a presence set again to the same one publishes nothing).
    const ctx = s.t.sandbox!.ctx;
    for (const mu of managementUnits(ctx).list())
      for (const id of mu.userIds) {
        const p = getUserPresence(ctx, id).presenceDefinition;
        heard.set(id, [{ t: 0, id: p.id, system: p.systemPresence }]);
      }
    ctx.bus.subscribe((e) => {
      const userId = /^v2\.users\.([^.]+)\.presence$/.exec(e.topic)?.[1];
      const def = e.body.presenceDefinition as { id?: string; systemPresence?: string } | undefined;
      if (userId && def?.id) heard.set(userId, [...(heard.get(userId) ?? []), { t: Date.parse(e.publishedAt), id: def.id, system: def.systemPresence ?? '' }]);
    });
    const sim = await runCli(s.t, 'simulate', 'day', '--hours', '5', '--agents', '12', '--seed', '7', '--json');
    expect(sim.code, sim.stderr).toBe(0);
    day = JSON.parse(sim.stdout) as DayResult;
    const r = await runCli(s.t, 'report', 'pre-break', '--from', day.from, '--to', day.to, '--json');
    expect(r.code, r.stderr).toBe(0);
    report = JSON.parse(r.stdout) as PreBreakReport;
  }, 300_000);
  afterAll(() => s?.close());

  /** The same figures, computed another way: the schedule generator and the published presence events. */
  async function independently() {
    const ctx = s.t.sandbox!.ctx;
    const from = Date.parse(day.from);
    const to = Date.parse(day.to);
    const defs = await s.client.request<{ entities: Array<{ id: string; languageLabels?: { en_US?: string } }> }>('GET', '/api/v2/presencedefinitions', { query: { pageSize: 100 } });
    const preBreakId = defs.entities.find((d) => d.languageLabels?.en_US === 'Pre-Break')!.id;
    const breaks = generatedBreaks(ctx, from, to);
    const events = heard;
    const presenceAt = (userId: string, t: number) => (events.get(userId) ?? []).filter((e) => e.t <= t).at(-1);
    const prevEnd = new Map<string, number>();
    const rows = breaks.flatMap((b) => {
      const since = Math.max(b.start - 3_600_000, prevEnd.get(b.userId) ?? -Infinity);
      prevEnd.set(b.userId, b.end);
      const atStart = presenceAt(b.userId, b.start);
      if (!atStart || atStart.system === 'Offline') return [];
      const ev = events.get(b.userId) ?? [];
      const switched = ev.find((e) => e.id === preBreakId && e.t >= since && e.t <= b.start);
      const own = b.category === 'Meal' ? P.Meal : P.Break;
      const entered = ev.find((e) => e.id === own && e.t >= Math.max(b.start - 30 * 60_000, since) && e.t < b.end);
      const atEnd = b.end <= to ? presenceAt(b.userId, b.end) : undefined;
      return [{ b, switched, entered, late: entered ? Math.round((entered.t - b.start) / 6000) / 10 || 0 : undefined, stayed: atEnd?.id === preBreakId }];
    });
    const stats = (group: typeof rows) => {
      const late = group.flatMap((r) => (r.late === undefined ? [] : [r.late])).sort((x, y) => x - y);
      const mid = late.length / 2;
      return {
        breaks: group.length,
        entered: late.length,
        median: late.length ? Math.round((late.length % 2 ? late[Math.floor(mid)]! : (late[mid - 1]! + late[mid]!) / 2) * 10) / 10 : undefined,
        // p90 by nearest rank: the value at rank ceil(0.9 n).
        p90: late.length ? late[Math.ceil(0.9 * late.length) - 1] : undefined,
        stayed: group.filter((r) => r.stayed).length,
      };
    };
    return { rows, switched: stats(rows.filter((r) => r.switched)), notSwitched: stats(rows.filter((r) => !r.switched)) };
  }

  it('has switched and not-switched breaks to compare, and the simulated lateness shows in them', () => {
    expect(report.summary.switched.entered).toBeGreaterThan(3);
    expect(report.summary.notSwitched.entered).toBeGreaterThan(3);
    expect(report.summary.notSwitched.medianMinutesLate!).toBeGreaterThan(report.summary.switched.medianMinutesLate!);
  });

  it('matches an independent computation from the same schedules and history, break by break and in the summary', async () => {
    const want = await independently();
    const iso = (t: number) => new Date(t).toISOString();
    expect(report.breaks.map((r) => [r.userId, r.category, r.scheduledStart, r.switchedAt ?? null, r.enteredAt ?? null, r.minutesLate ?? null, r.preBreakAfterEndMinutes !== undefined])).toEqual(
      want.rows.map((r) => [r.b.userId, r.b.category, iso(r.b.start), r.switched ? iso(r.switched.t) : null, r.entered ? iso(r.entered.t) : null, r.late ?? null, r.stayed]),
    );
    for (const [got, exp] of [
      [report.summary.switched, want.switched],
      [report.summary.notSwitched, want.notSwitched],
    ] as const)
      expect({ breaks: got.breaks, entered: got.entered, median: got.medianMinutesLate, p90: got.p90MinutesLate, stayed: got.stayedInPreBreak }).toEqual(exp);
  });

  it('timeline on the day: the switches are pre-break\'s, the agents\' own moves into breaks are theirs', async () => {
    const switchedAgents = day.agents.filter((a) => a.preBreak).map((a) => a.userId);
    const r = await runCli(s.t, 'timeline', '--user', switchedAgents.slice(0, 3).join(','), '--from', day.from, '--to', day.to, '--json');
    expect(r.code, r.stderr).toBe(0);
    const changes = (JSON.parse(r.stdout) as TimelineReport).users.flatMap((u) => u.changes);
    expect(changes.filter((c) => c.presenceName === 'Pre-Break').every((c) => c.cause.kind === 'pre-break')).toBe(true);
    expect(changes.some((c) => c.cause.kind === 'pre-break')).toBe(true);
    expect(changes.filter((c) => c.to === 'BREAK' && c.presenceName !== 'Pre-Break').every((c) => c.cause.kind === 'person')).toBe(true);
  });

  it('bad input is one line naming the fix, before anything runs', async () => {
    const bad = await runCli(s.t, 'simulate', 'day', '--pre-break', 'some');
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim()).toBe('error: --pre-break: "some" — use half, all or none');
    const since = await runCli(s.t, 'report', 'pre-break', '--since', 'a week');
    expect(since.code).toBe(2);
    expect(since.stderr.trim().split('\n')).toHaveLength(1);
    expect(since.stderr).toMatch(/--since: "a week" is not a duration; use e.g. 7d, 24h, 2d12h/);
  });

  it('--html: a chart of lateness (switched, not switched) with median and p90 marked, the summary and every break; fits 1,400 px', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'pk-report-')), 'pre-break.html');
    const r = await runCli(s.t, 'report', 'pre-break', '--from', day.from, '--to', day.to, '--html', file);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/switched to Pre-Break +\d+/);
    expect(readFileSync(file, 'utf8')).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
    await inChromium(file, async (page) => {
      expect(await page.locator('svg circle.dot.switched').count()).toBe(report.summary.switched.entered);
      expect(await page.locator('svg circle.dot.not-switched').count()).toBe(report.summary.notSwitched.entered);
      expect(await page.locator('svg g.group.switched line.stat.median').count()).toBe(1);
      expect(await page.locator('svg g.group.not-switched line.stat.p90').count()).toBe(1);
      expect(await page.locator('table.summary tbody tr').count()).toBe(2);
      expect(await page.locator('table.breaks tbody tr').count()).toBe(report.breaks.length);
      expect(await page.locator('table.breaks tbody tr.stayed').count()).toBe(report.breaks.filter((b) => b.preBreakAfterEndMinutes !== undefined).length);
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1400);
      await page.screenshot({ fullPage: false, ...(process.env.PK_SHOT ? { path: process.env.PK_SHOT } : {}) });
    });
  }, 60_000);
});
