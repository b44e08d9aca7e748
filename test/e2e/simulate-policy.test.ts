import { afterAll, beforeAll, expect, it } from 'vitest';
import { SYSTEM_PRESENCE_IDS as P } from '../../src/model/presence.js';
import { runCli } from '../helpers/cli.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { describeSandbox } from '../helpers/target.js';

/**
 * `presence-kit simulate call|teams` for an agent in Pre-Break, with all three blueprints applied:
 * the presence ends where it began, and the output names the policy rule that held it.
 */
describeSandbox('control API (simulate drives only a sandbox)', 'simulate on a user the presence policy protects', () => {
  let s: Solution;
  let preBreak: string;

  beforeAll(async () => {
    s = await openSolution(['communicate-call', 'teams-presence', 'pre-break']);
    await s.applyBlueprints();
    const defs = await s.client.request<{ entities: Array<{ id: string; languageLabels?: Record<string, string> }> }>('GET', '/api/v2/presence/definitions');
    preBreak = defs.entities.find((d) => d.languageLabels?.en_US === 'Pre-Break')!.id;
  });
  afterAll(() => s?.close());

  it('simulate call: Pre-Break → … → Pre-Break, held because Pre-Break is protected', async () => {
    const u = await s.freshUser(preBreak);
    const r = await runCli(s.t, 'simulate', 'call', '--user', u.id, '--answer-after', '5s', '--duration', '1m');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('presence: Pre-Break → … → Pre-Break');
    expect(r.stdout).toContain('held by the presence policy: "Pre-Break" is a protected presence (protectedPresences) — workflow "Set GC User to Busy"');
    expect(await s.changesSince(u.id, u.since)).toEqual([]);
  });

  it('simulate teams: Pre-Break → … → Pre-Break, held by the same rule in the Teams workflow', async () => {
    const u = await s.freshUser(preBreak);
    const r = await runCli(s.t, 'simulate', 'teams', '--user', u.id, '--status', 'InACall');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('presence: Pre-Break → … → Pre-Break');
    expect(r.stdout).toContain('held by the presence policy: "Pre-Break" is a protected presence (protectedPresences) — workflow "Microsoft Teams Integration Presence Trigger"');
  });

  it('a user the policy does not protect gets no such line (Available: Busy for the call, then Available)', async () => {
    const u = await s.freshUser(P.Available);
    const r = await runCli(s.t, 'simulate', 'call', '--user', u.id, '--answer-after', '5s', '--duration', '1m');
    expect(r.stdout).toContain('presence: Available → Busy → Available');
    expect(r.stdout).toContain('presence Busy → Available');
    expect(r.stdout).not.toContain('held by the presence policy');
  });
});
