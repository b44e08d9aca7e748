import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRESENCE_IDS as P } from '../../src/model/presence.js';
import type { TimelineReport } from '../../src/observe/timeline.js';
import { simulateCall, simulateTeamsStatus } from '../../src/simulate/drive.js';
import { runCli } from '../helpers/cli.js';
import { setPresence } from '../helpers/simulate.js';
import { openOutboundSolution, type Solution } from '../helpers/solution.js';
import { LIVE } from '../helpers/target.js';
import { inChromium } from '../helpers/chromium.js';

/**
 * The timeline after a simulated sequence equals the sequence, cause by cause: a mistyped Teams
 * status (the fallback presence), the person's own change, a Teams status that maps, a
 * Communicate call, and an ACD interaction whose Genesys → Teams runs change Teams (and not the
 * Genesys presence). Each step is written down as it is driven; the timeline must read it back.
 */
describe.skipIf(LIVE)('timeline reads a simulated sequence back, cause by cause', () => {
  let s: Solution;
  beforeAll(async () => {
    s = await openOutboundSolution(['communicate-call', 'teams-presence', 'teams-presence-outbound']);
  }, 120_000);
  afterAll(() => s?.close());

  it('every change (Genesys and Teams) with the cause, the flow and the fallback the sequence used', async () => {
    const user = await s.freshUser(P.Available);
    const from = await s.now();
    type Step = { what: string; kind: string; flow?: string; fallback?: RegExp };
    const expected: Step[] = [];

    await simulateTeamsStatus(s.ctl, user.id, 'Availble'); // a typo: not in the mapping, so the fallback (Busy)
    expected.push({ what: 'BUSY', kind: 'teams', flow: 'Microsoft Teams Integration Presence Trigger', fallback: /"Availble" is not in the mapping table: "Use Fallback Presence"/ });
    await s.advance(20);
    await setPresence(s.client, user.id, P.Away); // the person's own change
    expected.push({ what: 'AWAY', kind: 'person' });
    await s.advance(20);
    await simulateTeamsStatus(s.ctl, user.id, 'Available');
    expected.push({ what: 'AVAILABLE', kind: 'teams', flow: 'Microsoft Teams Integration Presence Trigger' });
    await s.advance(20);
    await simulateCall(s.ctl, { userId: user.id, direction: 'inbound', answerAfterSeconds: 5, durationSeconds: 40, settleSeconds: 10 });
    expected.push({ what: 'BUSY', kind: 'communicate-call', flow: 'Set GC User to Busy' }, { what: 'AVAILABLE', kind: 'communicate-call', flow: 'Set GC User to Available' });
    await s.advance(20);
    // An ACD interaction: Genesys → Teams shows it in Teams, and clears it at its end.
    await simulateCall(s.ctl, { userId: user.id, direction: 'inbound', queueId: '5a1d0e5e-0000-4000-8000-00000000acd0', answerAfterSeconds: 5, durationSeconds: 40, settleSeconds: 10 });
    expected.push({ what: 'Teams DoNotDisturb / Presenting', kind: 'interaction', flow: 'Set Teams Presence For Interaction' }, { what: 'Teams cleared', kind: 'interaction', flow: 'Clear Teams Presence After Interaction' });
    const to = new Date(Date.parse(await s.now()) + 1000).toISOString();

    const r = await runCli(s.t, 'timeline', '--user', user.id, '--from', from, '--to', to, '--json');
    expect(r.code, r.stderr).toBe(0);
    const u = (JSON.parse(r.stdout) as TimelineReport).users[0]!;
    const read = [
      ...u.changes.map((c) => ({ time: c.time, what: c.to, kind: c.cause.kind, flow: c.cause.flowName, fallback: c.cause.fallback, certainty: c.cause.certainty, rule: c.cause.rule })),
      ...u.runs.flatMap((x) => (x.teams ?? []).map((t) => ({ time: t.time, what: `Teams ${t.to}`, kind: x.automation, flow: x.flowName, fallback: x.fallback, certainty: 'recorded', rule: x.rule }))),
    ].sort((a, b) => a.time.localeCompare(b.time));
    expect(read.map((x) => [x.what, x.kind, x.flow])).toEqual(expected.map((e) => [e.what, e.kind, e.flow]));
    read.forEach((x, i) => {
      const e = expected[i]!;
      if (e.fallback) expect(x.fallback).toMatch(e.fallback);
      else expect(x.fallback).toBeUndefined();
      // What a run recorded is fact; the person is what is left when no run wrote it, and says so.
      expect(x.certainty).toBe(e.kind === 'person' ? 'inferred' : 'recorded');
    });
    // The Teams sync's decision reads the right way round: it set something because there was something to set.
    expect(read[2]!.rule).toMatch(/Nothing To Set\? no/);

    // The text table: the fallback and the Teams change are said, not only in --json.
    const text = await runCli(s.t, 'timeline', '--user', user.id, '--from', from, '--to', to);
    expect(text.stdout).toMatch(/AVAILABLE → BUSY {2}by Teams \("Microsoft Teams Integration Presence Trigger"; rule: .*; fallback: "Availble" is not in the mapping table/);
    expect(text.stdout).toMatch(/Teams → DoNotDisturb \/ Presenting {2}by "Set Teams Presence For Interaction"/);
    expect(text.stdout).toMatch(/BUSY → AWAY {2}by a person \(no kit run wrote it/);

    // The picture: the Teams changes on the strip under the lane, labelled; the fallback change in amber; the person's own.
    const file = join(mkdtempSync(join(tmpdir(), 'pk-sequence-')), 'timeline.html');
    expect((await runCli(s.t, 'timeline', '--user', user.id, '--from', from, '--to', to, '--html', file)).code).toBe(0);
    await inChromium(file, async (page) => {
      expect(await page.locator('svg .marker.teams-write').count()).toBe(2);
      expect(await page.locator('svg .marker.teams-write.cleared').count()).toBe(1);
      expect(await page.locator('svg .marker.change.fallback').count()).toBe(1);
      expect(await page.locator('svg .marker.change.person').count()).toBe(1);
      const labels = await page.locator('svg g.mark text.label').allTextContents();
      expect(labels).toEqual(['1 Busy · Teams (fallback)', '2 Away · person', '3 Available · Teams', '4 Busy · call', '5 Available · call', '6 Teams DoNotDisturb', '7 Teams cleared']);
    });
  });
});
