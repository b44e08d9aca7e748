import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TickResult } from '../../src/jobs/pre-break/result.js';
import { PRE_BREAK_CREDENTIALS_FILE } from '../../src/model/pre-break-credentials.js';
import { SYSTEM_PRESENCE_IDS as P } from '../../src/model/presence.js';
import { runCli } from '../helpers/cli.js';
import { setPresence } from '../helpers/simulate.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { LIVE } from '../helpers/target.js';
import { generatedBreaks, type GeneratedBreak } from '../helpers/wfm.js';

/**
 * Who ends Pre-Break. By default the agent; with the blueprint's opt-ins (applied with --set, as the
 * wizard would) the job moves an agent still in Pre-Break into the break's presence when the break
 * starts, and puts one still in Pre-Break 10 minutes after the break back On Queue. An agent who
 * picked anything else is theirs: left alone (the presence policy).
 */
const TICK = 10 * 60_000;

describe.skipIf(LIVE)('pre-break: who ends Pre-Break', () => {
  let s: Solution;
  let preBreakId: string;
  let creds: string;
  let breaks: GeneratedBreak[];
  /** Two users whose breaks (not meals) fall in the same tick window by `at`, nobody's break due soon after. */
  const pair = (at: (b: GeneratedBreak) => number): { t: number; a: string; b: string } => {
    for (const x of breaks.filter((b) => b.category === 'Break')) {
      const t = Math.ceil(at(x) / 60_000) * 60_000;
      const same = breaks.filter((b) => b.category === 'Break' && at(b) > t - TICK && at(b) <= t).map((b) => b.userId);
      // Users with another break or meal near t (or due soon after) would blur what this tick did.
      const busy = new Set(breaks.filter((b) => !(at(b) > t - TICK && at(b) <= t) && b.start > t - 3 * 3_600_000 && b.start <= t + 30 * 60_000).map((b) => b.userId));
      const ok = [...new Set(same)].filter((id) => !busy.has(id));
      if (ok.length >= 2) return { t, a: ok[0]!, b: ok[1]! };
    }
    throw new Error('no two breaks in one window');
  };
  const presenceOf = async (id: string) => (await s.presenceOf(id)).id;
  const tick = async (t: number, ...flags: string[]) => {
    const r = await runCli(s.t, 'pre-break', '--all', '--credentials', creds, '--tick', '10m', '--now', new Date(t).toISOString(), '--json', ...flags);
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as TickResult;
  };

  beforeAll(async () => {
    s = await openSolution(['pre-break'], [], { users: 120 });
    // What the wizard asks: the two opt-in choices, as blueprint variables.
    await s.applyBlueprints(['preBreakAtBreakStart=job', 'preBreakReleaseAfter=10m']);
    creds = join(s.workDir, PRE_BREAK_CREDENTIALS_FILE);
    preBreakId = (JSON.parse(readFileSync(creds, 'utf8')) as { presenceDefinitionId: string }).presenceDefinitionId;
    const now = Date.parse(await s.now());
    breaks = generatedBreaks(s.t.sandbox!.ctx, now - 3_600_000, now + 8 * 3_600_000);
  }, 120_000);
  afterAll(() => s?.close());

  it('the blueprint writes the choices for the job (its credentials file)', () => {
    expect(JSON.parse(readFileSync(creds, 'utf8'))).toMatchObject({ atBreakStart: 'job', releaseAfter: '10m' });
  });

  it("at the break's start: an agent still in Pre-Break is moved into Break; one who picked Available is left alone", async () => {
    const { t, a, b } = pair((x) => x.start);
    await setPresence(s.client, a, preBreakId);
    await setPresence(s.client, b, P.Available);
    const r = await tick(t);
    expect(await presenceOf(a)).toBe(P.Break);
    expect(await presenceOf(b)).toBe(P.Available);
    expect(r.ended).toBe(1);
    expect(r.agents.filter((x) => x.action === 'start-break')).toEqual([expect.objectContaining({ userId: a, outcome: 'moved' })]);
  });

  it('by default (the agent ends it), the same agent stays in Pre-Break', async () => {
    const { t, a } = pair((x) => x.start);
    await setPresence(s.client, a, preBreakId);
    const r = await tick(t, '--at-break-start', 'agent', '--release-after', 'never');
    expect(await presenceOf(a)).toBe(preBreakId);
    expect(r.ended).toBe(0);
  });

  it('10 minutes after the break ended: an agent still in Pre-Break goes back On Queue; one in Break (their own choice) is left alone', async () => {
    const { t, a, b } = pair((x) => x.end + 10 * 60_000);
    await setPresence(s.client, a, preBreakId);
    await setPresence(s.client, b, P.Break);
    const r = await tick(t, '--at-break-start', 'agent');
    expect(await presenceOf(a)).toBe(P['On Queue']);
    expect(await presenceOf(b)).toBe(P.Break);
    expect(r.agents.filter((x) => x.action === 'release')).toEqual([expect.objectContaining({ userId: a, outcome: 'moved' })]);
  });
});
