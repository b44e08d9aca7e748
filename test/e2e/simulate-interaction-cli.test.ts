import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { SYSTEM_PRESENCE_IDS as P } from '../../src/model/presence.js';
import { openOutboundSolution, type Solution } from '../helpers/solution.js';
import { describeSandbox } from '../helpers/target.js';

/** `presence-kit simulate interaction`: an ACD call, with the Genesys and the Teams presence on one timeline. */
describeSandbox('control API (simulate drives only a sandbox)', 'presence-kit simulate interaction', () => {
  let s: Solution;
  const run = (args: string[]) => runCli(s.t, ...args);

  beforeAll(async () => {
    s = await openOutboundSolution(['teams-presence', 'teams-presence-outbound']);
  });
  afterAll(() => s?.close());

  it('shows Teams going Presenting (DoNotDisturb) while the agent is offered and on the call, and back at its end; the On Queue presence stays', async () => {
    const u = await s.freshUser(P['On Queue']);
    const r = await run(['simulate', 'interaction', '--user', u.id, '--answer-after', '8s', '--duration', '1m']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    const at = (what: string) => lines.find((l) => l.includes(what))?.split(/\s{2,}/)[0];
    expect(at('presence is On Queue')).toBe('+00:00');
    expect(at('Teams presence is Available')).toBe('+00:00');
    expect(at('ACD call starts ringing')).toBe('+00:00');
    expect(at('Teams presence Available → Presenting')).toBe('+00:00');
    expect(at('user answers')).toBe('+00:08');
    expect(at('call ends')).toBe('+01:08');
    expect(at('Teams presence Presenting → Available')).toBe('+01:08');
    expect(r.stdout).toContain('workflow "Set Teams Presence For Interaction"');
    expect(r.stdout).toContain('workflow "Clear Teams Presence After Interaction"');
    expect(r.stdout).not.toMatch(/presence On Queue →/);
    expect(r.stdout).toMatch(/presence: On Queue → (… → )?On Queue/);
    // The summary names what Teams went through, not only its ends (which are the same).
    expect(r.stdout).toContain('Teams: Available → Presenting → Available');
    // The attributed table (timeline's reading) shows the Teams change the run made, and its end.
    expect(r.stdout).toMatch(/Teams → DoNotDisturb \/ Presenting {2}by "Set Teams Presence For Interaction" \(interaction [0-9a-f-]{36}\)/);
    expect(r.stdout).toMatch(/Teams session cleared .* by "Clear Teams Presence After Interaction"/);
    expect(r.stdout).not.toMatch(/run of "Set Teams Presence For Interaction" changed nothing/);
  });

  it('--json carries both presences', async () => {
    const u = await s.freshUser(P['On Queue']);
    const r = await run(['simulate', 'interaction', '--user', u.id, '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { teams: { before: string; after: string; changes: Array<{ activity: string }> }; presence: { changes: unknown[] } };
    expect(out.teams.changes.map((c) => c.activity)).toEqual(['Presenting', 'Available']);
    expect(out.presence.changes).toEqual([]);
  });
});
