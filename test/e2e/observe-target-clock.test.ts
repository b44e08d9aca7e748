import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_PRESENCE_IDS as P } from '../../src/model/presence.js';
import type { TimelineReport } from '../../src/observe/timeline.js';
import { simulateCall } from '../../src/simulate/drive.js';
import { runCli } from '../helpers/cli.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { LIVE } from '../helpers/target.js';

/**
 * One clock: a sandbox whose clock simulations moved days ahead of this machine's. `timeline
 * --since 2h` right after a simulated call counts back from the sandbox's "now", not the machine's,
 * so the call's changes are in the window.
 */
describe.skipIf(LIVE)('timeline --since on a sandbox whose clock is days ahead', () => {
  let s: Solution;
  beforeAll(async () => {
    // Three days ahead of this machine, to the second: nothing in the window is near the machine's "now".
    const ahead = new Date(Math.floor(Date.now() / 1000) * 1000 + 3 * 86_400_000).toISOString();
    s = await openSolution(['communicate-call'], [], { now: ahead });
    await s.applyBlueprints();
  }, 120_000);
  afterAll(() => s?.close());

  it('shows the call simulated a moment before, attributed', async () => {
    const user = await s.freshUser(P.Available);
    await simulateCall(s.ctl, { userId: user.id, direction: 'inbound', answerAfterSeconds: 5, durationSeconds: 60, settleSeconds: 10 });
    const r = await runCli(s.t, 'timeline', '--user', user.id, '--since', '2h', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as TimelineReport;
    expect(Date.parse(report.to)).toBeGreaterThanOrEqual(Date.parse(await s.now()) - 1000);
    // freshUser's own Available (the admin's change, a second before the call) is in the window too.
    expect(report.users[0]!.changes.map((c) => [c.to, c.cause.kind])).toEqual([
      ['AVAILABLE', 'person'],
      ['BUSY', 'communicate-call'],
      ['AVAILABLE', 'communicate-call'],
    ]);
    const text = await runCli(s.t, 'timeline', '--user', user.id, '--since', '2h');
    expect(text.stdout).not.toMatch(/No presence changes/);
    expect(text.stderr).not.toMatch(/clock is/);
  });
});
