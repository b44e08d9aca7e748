import { afterEach, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import type { Execution } from '../../src/simulate/types.js';
import { teamsChanges } from '../../src/simulate/drive.js';
import type { TuningOverrides } from '../../src/sandbox/profile/profile.js';
import { controlOf, executions, PRESENCE, setPresence, setupOriginalTeams, someUsers } from '../helpers/simulate.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The sandbox's production profile, the machinery part: each data action a workflow run calls
 * takes sandbox time (so two runs for one person interleave), and each event reaches Event
 * Orchestration late, sometimes twice, so two events can swap — all on the pinned sandbox clock
 * (nothing sleeps) and the same from one seed to the next.
 */
const NOW = '2026-03-02T09:00:00.000Z';
const TEAMS_TOPIC = 'v2.users.{id}.integrationpresence';

describeSandbox('clock and profile', 'the production profile: data-action latency and event delivery', () => {
  let t: TestTarget | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  async function teamsOrg(profile: 'default' | 'production', seed = 7, tuning: TuningOverrides = {}): Promise<{ client: GenesysClient; ctl: SandboxControl; userId: string }> {
    // The setup's own accidents (transient 400s, silent job failures) are other tests' subject.
    t = await openTestTarget({ now: NOW, users: 4, seed, profile, profileTuning: { dataActionBadRequestProbability: 0, flowJobSilentFailureProbability: 0, ...tuning } });
    const client = await t.client();
    const ctl = controlOf(t);
    await setupOriginalTeams(client);
    const [u] = await someUsers(client, 1);
    await setPresence(client, u!.id, PRESENCE.Available);
    return { client, ctl, userId: u!.id };
  }
  const teamsEvent = (ctl: SandboxControl, userId: string, message: string) =>
    ctl.post<{ executions: unknown[] }>('events', { topicName: TEAMS_TOPIC, body: { userId, source: 'MICROSOFTTEAMS', message } });
  const span = (e: Execution) => ({ from: e.steps[0]!.time, to: e.steps.at(-1)!.time });

  it('default: two runs for one person never overlap — the first has finished before the second starts', async () => {
    const { ctl, userId } = await teamsOrg('default');
    await Promise.all([teamsEvent(ctl, userId, 'DoNotDisturb'), teamsEvent(ctl, userId, 'Away')]);
    const [a, b] = await executions(ctl, { userId });
    expect(span(a!).to <= span(b!).from).toBe(true);
  });

  it('production: each data action is a wait on the sandbox clock, so two runs for one person interleave', async () => {
    // Both events arrive together (one delivery each, 100 ms late): what overlaps them is the data actions.
    const { ctl, userId } = await teamsOrg('production', 7, { event: { duplicateProbability: 0, minMs: 100, maxMs: 100 } });
    // Nothing has run yet: the events are on their way (the clock is pinned; nothing sleeps).
    const sent = await Promise.all([teamsEvent(ctl, userId, 'DoNotDisturb'), teamsEvent(ctl, userId, 'Away')]);
    expect(sent.map((s) => s.executions)).toEqual([[], []]);
    expect(await executions(ctl, { userId })).toEqual([]);
    await ctl.post('clock', { advanceSeconds: 30 });
    const runs = await executions(ctl, { userId });
    expect(runs.map((r) => r.status)).toEqual(['COMPLETED', 'COMPLETED']);
    const [a, b] = runs.map(span);
    // Each run's data actions took time, and the second run started before the first had finished.
    expect(a!.from < a!.to && b!.from < b!.to).toBe(true);
    expect(b!.from < a!.to).toBe(true);
  });

  it('production: an event is sometimes delivered twice, and two events published in order can arrive swapped', async () => {
    const { ctl, userId } = await teamsOrg('production', 11);
    const sent = 40;
    for (let i = 0; i < sent; i++) await teamsEvent(ctl, userId, i % 2 ? 'Away' : 'DoNotDisturb');
    await ctl.post('clock', { advanceSeconds: 60 });
    const runs = await executions(ctl, { userId });
    // 5 % duplicates (PRODUCTION.event): with this seed, at least one of 40 came twice.
    expect(runs.length).toBeGreaterThan(sent);
    // All 40 were published at one instant in order; the runs started in another order.
    const order = runs.map((r) => r.inputs['Flow.message']);
    expect(order).not.toEqual(Array.from({ length: runs.length }, (_, i) => (i % 2 ? 'Away' : 'DoNotDisturb')));
  });

  it('production: the same seed replays the same day, another seed another day', async () => {
    const day = async (seed: number) => {
      const { ctl, userId } = await teamsOrg('production', seed);
      for (let i = 0; i < 10; i++) await teamsEvent(ctl, userId, i % 2 ? 'Away' : 'DoNotDisturb');
      await ctl.post('clock', { advanceSeconds: 60 });
      const out = (await executions(ctl, { userId })).map((r) => [r.inputs['Flow.message'], r.startTime, r.endTime]);
      await t!.close();
      t = undefined;
      return out;
    };
    const first = await day(5);
    expect(await day(5)).toEqual(first);
    expect(await day(6)).not.toEqual(first);
  });

  it('production: a Teams change reaches Genesys minutes later, and two changes on their way land as the latest', async () => {
    const { ctl, userId } = await teamsOrg('production', 7, { teamsPropagationMs: { min: 60_000, max: 60_000 } });
    const since = (await ctl.get<{ now: string }>('clock')).now;
    // The person in their Teams client (simulate's Teams step would wait for the propagation).
    const setTeams = (status: string) => ctl.post(`graph/users/${userId}/status`, { status });
    await setTeams('DoNotDisturb');
    await ctl.post('clock', { advanceSeconds: 10 });
    await setTeams('BeRightBack');
    await ctl.post('clock', { advanceSeconds: 10 });
    // Twenty seconds on, Genesys has heard nothing yet.
    expect(await teamsChanges(ctl, userId, since)).toEqual([]);
    await ctl.post('clock', { advanceSeconds: 120 });
    // One change landed, the latest: BeRightBack (Away), not DoNotDisturb after it.
    expect((await teamsChanges(ctl, userId, since)).map((c) => c.activity)).toEqual(['BeRightBack']);
    expect((await executions(ctl, { userId })).map((r) => r.inputs['Flow.message'])).toEqual(['BeRightBack']);
  });

  it('production: the profile and its distributions are readable and can be retuned while the sandbox runs', async () => {
    t = await openTestTarget({ now: NOW, users: 1, profile: 'production' });
    const ctl = controlOf(t);
    const before = await ctl.get<{ name: string; tuning: { event: { duplicateProbability: number; medianMs: number } } }>('profile');
    expect(before.name).toBe('production');
    expect(before.tuning.event).toMatchObject({ duplicateProbability: 0.05, medianMs: 400 });
    const after = await ctl.post<typeof before>('profile', { tuning: { event: { duplicateProbability: 0 } } });
    expect(after.tuning.event).toMatchObject({ duplicateProbability: 0, medianMs: 400 });
    await expect(ctl.post('profile', { tuning: { nonsense: 1 } })).rejects.toThrow(/unknown nonsense/);
    await expect(ctl.post('profile', { tuning: { event: { duplicateProbability: 'often' } } })).rejects.toThrow(/tuning\.event\.duplicateProbability/);
    await expect(ctl.post('profile', { tuning: { event: { sometimes: 1 } } })).rejects.toThrow(/tuning\.event: known keys are medianMs/);
    // Nothing changed by the refused ones.
    expect((await ctl.get<typeof before>('profile')).tuning.event).toMatchObject({ duplicateProbability: 0, medianMs: 400 });
  });
});

describe('the default profile', () => {
  it('has no tuning to change', async () => {
    const t = await openTestTarget({ users: 1, profile: 'default' });
    try {
      await expect(controlOf(t).post('profile', { tuning: {} })).rejects.toThrow(/--profile production/);
    } finally {
      await t.close();
    }
  });
});
