import { expect, it } from 'vitest';
import { simulateCall } from '../../src/simulate/drive.js';
import { runCli } from '../helpers/cli.js';
import { live } from '../helpers/duplicates.js';
import { controlOf, executions, PRESENCE, setPresence, setupOriginalCommunicateCall, someUsers } from '../helpers/simulate.js';
import { orgSnapshot, useBrownfield } from '../helpers/originals.js';
import { describeSandbox, inventory } from '../helpers/target.js';

/**
 * No double automation: the original Communicate-call blueprint's triggers are still enabled when
 * presence-kit's communicate-call goes in beside it. The plan says so; apply refuses to run both;
 * `--disable-overlapping` disables them (recorded), after which a call runs one workflow per event,
 * and destroy enables them again — the org as it was.
 */
const ORIGINAL_TRIGGERS = ['Agent joins conversation', 'Agent leaves conversation'];
const BESIDE = ['--blueprint', 'communicate-call', '--set', 'namePrefix=PK '];

describeSandbox('clock and simulated calls', 'brownfield: enabled original triggers on the kit’s events', () => {
  const b = useBrownfield('pk-overlap-', { now: '2026-03-02T09:00:00.000Z', users: 6 }, setupOriginalCommunicateCall);

  const enabled = async () =>
    Object.fromEntries(
      (live(await inventory(b.t)).triggers as unknown as Array<{ name: string; enabled: boolean }>).filter((x) => ORIGINAL_TRIGGERS.includes(x.name)).map((x) => [x.name, x.enabled]),
    );

  it('plan says so, apply refuses both, --disable-overlapping disables them: one run per event; destroy enables them again', async () => {
    const { t, admin } = b;
    const ctl = controlOf(t);
    const start = JSON.stringify(live(await inventory(t)));
    const startSnapshot = await orgSnapshot(t);
    const p = await runCli(t, 'plan', ...BESIDE, '--json');
    expect(p.code).toBe(0);
    const overlaps = (JSON.parse(p.stdout) as { overlaps: Array<{ foreign: { name: string }; ours: string[] }> }).overlaps;
    expect(overlaps.map((o) => [o.foreign.name, o.ours])).toEqual([
      ['Agent joins conversation', ['PK GC Communicate Call User Start']],
      ['Agent leaves conversation', ['PK GC Communicate Call User End']],
    ]);

    const refused = await runCli(t, 'apply', '--yes', ...BESIDE);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('trigger "Agent joins conversation" (v2.detail.events.conversation.{id}.user.start → Set GC User to Busy) is enabled and acts on the same events as "PK GC Communicate Call User Start"');
    expect(refused.stderr).toContain('--disable-overlapping');
    expect(JSON.stringify(live(await inventory(t)))).toBe(start);

    const applied = await runCli(t, 'apply', '--yes', ...BESIDE, '--disable-overlapping');
    expect(applied.code).toBe(0);
    expect(applied.stdout + applied.stderr).toContain('disabled trigger "Agent joins conversation"');
    expect(await enabled()).toEqual({ 'Agent joins conversation': false, 'Agent leaves conversation': false });
    // The migration report says what presence-kit changed in the old install.
    const status = await runCli(t, 'status');
    expect(status.stdout + status.stderr).toContain('trigger "Agent joins conversation" (v2.detail.events.conversation.{id}.user.start): disabled by presence-kit (recorded on the trigger) — destroy enables it again');

    // A Communicate call: the kit's workflows run once per event, the original's not at all.
    const [u] = await someUsers(admin, 1);
    await setPresence(admin, u!.id, PRESENCE.Available);
    await simulateCall(ctl, { userId: u!.id, answerAfterSeconds: 5, durationSeconds: 60, settleSeconds: 10 });
    expect((await executions(ctl, { userId: u!.id })).map((r) => r.name).sort()).toEqual(['PK Set GC User to Available', 'PK Set GC User to Busy']);

    const destroyed = await runCli(t, 'destroy', '--yes');
    expect(destroyed.code).toBe(0);
    expect(destroyed.stdout + destroyed.stderr).toContain('enabled trigger "Agent joins conversation" again');
    expect(await enabled()).toEqual({ 'Agent joins conversation': true, 'Agent leaves conversation': true });
    // The org as it was, but for the call's own traces (its conversation, the user's presence, the workflow runs).
    expect(await orgSnapshot(t)).toEqual(startSnapshot);
  });
});
