import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { runCliIn } from '../helpers/cli.js';
import { live } from '../helpers/duplicates.js';
import { orgSnapshot } from '../helpers/originals.js';
import { setupOriginalCommunicateCall } from '../helpers/simulate.js';
import { inventory, itSandbox, withTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * No double automation, with the record of what presence-kit disabled kept in the org (on each
 * trigger, a disabled-by mark at the end of its description) rather than in a checkout's
 * `.presence-kit/`: several checkouts and CI runners share one deployment, and a lost state
 * directory must not leave the original install dead. Each case starts from the original
 * Communicate-call install (its two triggers enabled, one with a description of its own ending in
 * whitespace, one with none) and ends with the org as it was.
 */
const JOINS = 'Agent joins conversation';
const LEAVES = 'Agent leaves conversation';
/** Trailing spaces and a newline: the admin's text must come back byte for byte. */
const JOINS_DESCRIPTION = 'Hand-made from the guide — sets the user Busy.  \n';
const BESIDE = ['--blueprint', 'communicate-call', '--set', 'namePrefix=PK '];
const LEGACY = join('.presence-kit', 'disabled-triggers.json');

interface Trigger {
  id: string;
  name: string;
  topicName: string;
  enabled: boolean;
  description?: string;
  version: number;
}

const dir = (label: string) => mkdtempSync(join(tmpdir(), `pk-overlap-org-${label}-`));

/** The original triggers as Genesys shows them (their whole JSON, description included: the inventory summarises), by name. */
async function originals(t: TestTarget): Promise<Record<string, Trigger>> {
  const admin = await t.client();
  const ids = (live(await inventory(t)).triggers as unknown as Trigger[]).filter((x) => x.name === JOINS || x.name === LEAVES).map((x) => x.id);
  const all = await Promise.all(ids.map((id) => admin.request<Trigger>('GET', `/api/v2/processautomation/triggers/${id}`)));
  return Object.fromEntries(all.map((x) => [x.name, x]));
}

/** What an admin does in Admin > Triggers: edits a trigger (the whole body, as a PUT takes it). */
async function editByHand(admin: GenesysClient, id: string, change: { enabled?: boolean; description?: string | null }): Promise<void> {
  const at = `/api/v2/processautomation/triggers/${id}`;
  const t = await admin.request<Trigger & Record<string, unknown>>('GET', at);
  const { description, dateCreated: _d, selfUri: _s, id: _i, ...rest } = t;
  const text = change.description === null ? undefined : (change.description ?? description);
  await admin.request('PUT', at, { body: { ...rest, enabled: change.enabled ?? t.enabled, ...(text !== undefined ? { description: text } : {}) } });
}

/** The original Communicate-call install, one of its triggers described by the admin. */
async function originalInstall(t: TestTarget): Promise<{ admin: GenesysClient; cli: (cwd: string, ...args: string[]) => ReturnType<typeof runCliIn> }> {
  const admin = await t.client();
  await setupOriginalCommunicateCall(admin);
  const joins = (await originals(t))[JOINS]!;
  await editByHand(admin, joins.id, { description: JOINS_DESCRIPTION });
  return { admin, cli: (cwd, ...args) => runCliIn(cwd, t, {}, ...args) };
}

/** A sandbox org with the original install, for one test. */
const inOriginalOrg = (fn: (o: { t: TestTarget } & Awaited<ReturnType<typeof originalInstall>>) => Promise<void>) =>
  withTestTarget({ rateLimit: 0 }, async (t) => fn({ t, ...(await originalInstall(t)) }));

const said = (r: { stdout: string; stderr: string }) => r.stdout + r.stderr;
const withoutVersion = (all: Record<string, Trigger>) => Object.fromEntries(Object.entries(all).map(([k, { version: _v, ...rest }]) => [k, rest]));
/** The org as the test compares it with its start: every entity's summary, and the original triggers' whole JSON (descriptions byte for byte). */
const asItIs = async (t: TestTarget) => ({ org: await orgSnapshot(t), triggers: withoutVersion(await originals(t)) });

describe('brownfield: the triggers presence-kit disabled are recorded in the org', () => {
  itSandbox('inventory', 'disabled by apply in checkout A, enabled again by destroy from a fresh checkout B (no .presence-kit): descriptions byte for byte', async () => {
    await inOriginalOrg(async ({ t, cli }) => {
      const start = await asItIs(t);
      const before = await originals(t);
      expect(before[JOINS]!.description).toBe(JOINS_DESCRIPTION);
      expect(before[LEAVES]!.description).toBeUndefined();

      const a = dir('a');
      const applied = await cli(a, 'apply', '--yes', ...BESIDE, '--disable-overlapping');
      expect(applied.code, said(applied)).toBe(0);
      expect(said(applied)).toContain(`disabled trigger "${JOINS}" (v2.detail.events.conversation.{id}.user.start), recorded on the trigger itself`);
      const held = await originals(t);
      expect([held[JOINS]!.enabled, held[LEAVES]!.enabled]).toEqual([false, false]);
      expect(held[JOINS]!.description).toBe(`${JOINS_DESCRIPTION} [presence-kit disabled-by=default]`);
      expect(held[LEAVES]!.description).toBe('[presence-kit disabled-by=default]');
      // Nothing of it in the checkout: the org holds the record.
      expect(existsSync(join(a, LEGACY))).toBe(false);

      const b = dir('b');
      const status = await cli(b, 'status');
      expect(said(status)).toContain(`trigger "${LEAVES}" (v2.detail.events.conversation.{id}.user.end): disabled by presence-kit (recorded on the trigger) — destroy enables it again`);
      // (A plan needs the directory that holds the credential's secret; what it says of the triggers comes from the org.)
      const plan = await cli(a, 'plan', ...BESIDE, '--json');
      expect(plan.code, said(plan)).toBe(0);
      expect((JSON.parse(plan.stdout) as { disabledTriggers: Array<{ name: string; heldBy: string[] }> }).disabledTriggers.map((h) => [h.name, h.heldBy])).toEqual([
        [JOINS, ['default']],
        [LEAVES, ['default']],
      ]);

      const destroyed = await cli(b, 'destroy', '--yes');
      expect(destroyed.code, said(destroyed)).toBe(0);
      expect(said(destroyed)).toContain(`enabled trigger "${JOINS}" again`);
      expect(said(destroyed)).toContain(`enabled trigger "${LEAVES}" again`);
      expect(await asItIs(t)).toEqual(start);
    });
  });

  itSandbox('inventory', 'the state directory deleted between apply and destroy; a trigger re-enabled by hand stays enabled, its mark taken off; a description with no room for the mark is refused first', async () => {
    await inOriginalOrg(async ({ t, admin, cli }) => {
      const a = dir('a');
      const leavesId = (await originals(t))[LEAVES]!.id;

      // 500 characters: with the mark it would pass Genesys's 512 — refused, nothing written.
      await editByHand(admin, leavesId, { description: 'x'.repeat(500) });
      const full = JSON.stringify(live(await inventory(t)));
      const refused = await cli(a, 'apply', '--yes', ...BESIDE, '--disable-overlapping');
      expect(refused.code).not.toBe(0);
      expect(said(refused)).toContain(`trigger "${LEAVES}": its description leaves no room for presence-kit's record of disabling it (535 characters with it; Genesys allows 512) — shorten it in Admin > Triggers by 23, or run both (--allow-overlap)`);
      expect(JSON.stringify(live(await inventory(t)))).toBe(full);
      await editByHand(admin, leavesId, { description: null });

      const start = await asItIs(t);
      expect((await cli(a, 'apply', '--yes', ...BESIDE, '--disable-overlapping')).code).toBe(0);
      rmSync(join(a, '.presence-kit'), { recursive: true, force: true });
      // The admin turns one of them back on in Admin > Triggers (the mark stays in its description).
      await editByHand(admin, leavesId, { enabled: true });

      const status = await cli(a, 'status');
      expect(said(status)).toContain(`trigger "${LEAVES}" (v2.detail.events.conversation.{id}.user.end): presence-kit disabled it, but it was enabled again by hand since — destroy leaves it enabled and takes presence-kit's mark off`);
      const destroyed = await cli(a, 'destroy', '--yes');
      expect(destroyed.code, said(destroyed)).toBe(0);
      expect(said(destroyed)).toContain(`enabled trigger "${JOINS}" again`);
      expect(said(destroyed)).toContain(`trigger "${LEAVES}" was enabled again by hand since presence-kit disabled it: left enabled, presence-kit's mark taken off`);
      expect(await asItIs(t)).toEqual(start);
    });
  });

  itSandbox('inventory', 'two deployments hold the same trigger disabled: the first destroy keeps it disabled for the other, the last one enables it again', async () => {
    await inOriginalOrg(async ({ t, cli }) => {
      const start = await asItIs(t);
      const [a, b] = [dir('a'), dir('b')];
      expect((await cli(a, 'apply', '--yes', '--deployment', 'a', ...BESIDE, '--disable-overlapping')).code).toBe(0);

      const second = ['--deployment', 'b', '--blueprint', 'communicate-call', '--set', 'namePrefix=PK2 '];
      // Disabled now, but only until deployment a lets go: b must hold it too, or run beside it on purpose.
      const refused = await cli(b, 'apply', '--yes', ...second);
      expect(refused.code).not.toBe(0);
      expect(said(refused)).toContain(`trigger "${JOINS}" (v2.detail.events.conversation.{id}.user.start → Set GC User to Busy) is disabled only until presence-kit deployment "a" is destroyed, and acts on the same events as "PK2 GC Communicate Call User Start"`);
      // Deployment a's own triggers are never disabled by b (a's next apply would enable them again).
      const kitRefused = await cli(b, 'apply', '--yes', ...second, '--disable-overlapping');
      expect(kitRefused.code).not.toBe(0);
      expect(said(kitRefused)).toContain(`trigger "PK GC Communicate Call User Start" is presence-kit deployment "a"'s: its next apply would enable it again`);
      // Both flags: disable the others, run beside a's. The same through setup --yes (the wizard's path) as through apply.
      const applied = await runCliIn(b, t, { PRESENCE_KIT_DEPLOYMENT: 'b' }, 'setup', '--yes', '--blueprint', 'communicate-call', '--set', 'namePrefix=PK2 ', '--disable-overlapping', '--allow-overlap');
      expect(applied.code, said(applied)).toBe(0);
      expect(said(applied)).toContain(`trigger "${JOINS}" (v2.detail.events.conversation.{id}.user.start) stays disabled, now for deployment "b" too`);
      expect((await originals(t))[JOINS]!.description).toBe(`${JOINS_DESCRIPTION} [presence-kit disabled-by=a,b]`);

      // a goes first, from a checkout that never saw it: the triggers stay disabled for b.
      const firstOut = await cli(dir('c'), 'destroy', '--yes', '--deployment', 'a');
      expect(firstOut.code, said(firstOut)).toBe(0);
      expect(said(firstOut)).toContain(`trigger "${JOINS}" stays disabled: presence-kit deployment "b" still relies on it`);
      const mid = await originals(t);
      expect([mid[JOINS]!.enabled, mid[LEAVES]!.enabled]).toEqual([false, false]);
      expect(mid[JOINS]!.description).toBe(`${JOINS_DESCRIPTION} [presence-kit disabled-by=b]`);

      const lastOut = await cli(dir('d'), 'destroy', '--yes', '--deployment', 'b');
      expect(lastOut.code, said(lastOut)).toBe(0);
      expect(said(lastOut)).toContain(`enabled trigger "${JOINS}" again`);
      expect(await asItIs(t)).toEqual(start);
    });
  });

  itSandbox('inventory', 'destroy --blueprint: a blueprint whose triggers do not act on its events lets go of nothing; the one whose triggers do, lets go', async () => {
    await inOriginalOrg(async ({ t, cli }) => {
      const start = await asItIs(t);
      const a = dir('a');
      const applied = await cli(a, 'apply', '--yes', '--blueprint', 'communicate-call,teams-presence', '--set', 'namePrefix=PK ', '--disable-overlapping');
      expect(applied.code, said(applied)).toBe(0);
      // Teams presence listens on presence changes, not on conversations: the originals stay disabled for communicate-call.
      const teams = await cli(dir('b'), 'destroy', '--yes', '--blueprint', 'teams-presence');
      expect(teams.code, said(teams)).toBe(0);
      expect(said(teams)).toContain(`disabled by presence-kit: trigger "${JOINS}" (v2.detail.events.conversation.{id}.user.start) stays disabled: the deployment's triggers left still act on its events`);
      expect(said(teams)).not.toContain(`enabled trigger "${JOINS}" again`);
      const mid = await originals(t);
      expect([mid[JOINS]!.enabled, mid[LEAVES]!.enabled]).toEqual([false, false]);
      const call = await cli(dir('c'), 'destroy', '--yes', '--blueprint', 'communicate-call');
      expect(call.code, said(call)).toBe(0);
      expect(said(call)).toContain(`disabled by presence-kit: trigger "${JOINS}" (v2.detail.events.conversation.{id}.user.start) is enabled again, its description as it was`);
      expect(said(call)).toContain(`enabled trigger "${JOINS}" again`);
      expect(await asItIs(t)).toEqual(start);
    });
  });

  itSandbox('inventory', "forget of the kit's trigger leaves no trigger disabled for good: destroy still enables the original again (the forgotten one stays, no longer presence-kit's)", async () => {
    await inOriginalOrg(async ({ t, cli }) => {
      const before = await originals(t);
      const a = dir('a');
      expect((await cli(a, 'apply', '--yes', ...BESIDE, '--disable-overlapping')).code).toBe(0);
      const forgot = await cli(a, 'forget', 'trigger/PK GC Communicate Call User Start');
      expect(forgot.code, said(forgot)).toBe(0);
      expect(said(forgot)).toContain(`trigger "${JOINS}", which presence-kit disabled for deployment "default", acts on the same events as this one: destroy still enables it again`);
      // The forgotten trigger still runs the kit's workflow: destroy deletes everything else, and lets go of the original all the same.
      const destroyed = await cli(dir('b'), 'destroy', '--yes');
      expect(said(destroyed)).toContain('Genesys refuses to delete workflow "PK Set GC User to Busy" because it is in use');
      expect(said(destroyed)).toContain(`enabled trigger "${JOINS}" again`);
      expect(withoutVersion(await originals(t))).toEqual(withoutVersion(before));
      const kept = (live(await inventory(t)).triggers as unknown as Trigger[]).map((x) => [x.name, x.enabled]);
      expect(kept).toContainEqual(['PK GC Communicate Call User Start', true]);
    });
  });

  itSandbox('inventory', "an install by an older presence-kit (its record in .presence-kit/disabled-triggers.json) is honoured once: destroy there enables them again; apply moves the record onto the triggers", async () => {
    await inOriginalOrg(async ({ t, admin, cli }) => {
      const start = await asItIs(t);
      const before = await originals(t);
      /** The org and checkout as the previous version left them: triggers disabled, no mark, the record local. */
      const olderInstall = async (cwd: string) => {
        expect((await cli(cwd, 'apply', '--yes', ...BESIDE, '--disable-overlapping')).code).toBe(0);
        const now = await originals(t);
        for (const x of Object.values(now)) await editByHand(admin, x.id, { description: before[x.name]!.description ?? null });
        mkdirSync(join(cwd, '.presence-kit'), { recursive: true });
        const triggers = Object.values(now).map((x) => ({ id: x.id, name: x.name, topicName: x.topicName, blueprints: ['communicate-call'], disabledAt: '2026-11-30T10:00:00.000Z' }));
        writeFileSync(join(cwd, LEGACY), JSON.stringify({ triggers }));
      };

      const a = dir('a');
      await olderInstall(a);
      expect(said(await cli(a, 'status'))).toContain(`trigger "${JOINS}" (v2.detail.events.conversation.{id}.user.start): disabled by presence-kit, recorded only in ${LEGACY} by an older presence-kit`);
      const destroyed = await cli(a, 'destroy', '--yes');
      expect(destroyed.code, said(destroyed)).toBe(0);
      expect(said(destroyed)).toContain(`enabled trigger "${JOINS}" again`);
      expect(said(destroyed)).toContain(`${LEGACY} (an older presence-kit's record of the triggers it disabled) was honoured and removed`);
      expect(existsSync(join(a, LEGACY))).toBe(false);
      expect(withoutVersion(await originals(t))).toEqual(withoutVersion(before));

      const b = dir('b');
      await olderInstall(b);
      const again = await cli(b, 'apply', '--yes', ...BESIDE);
      expect(again.code, said(again)).toBe(0);
      expect(said(again)).toContain(`trigger "${JOINS}": the record that presence-kit disabled it moved from ${LEGACY} (an older presence-kit's) onto the trigger itself`);
      expect(existsSync(join(b, LEGACY))).toBe(false);
      expect((await originals(t))[JOINS]!.description).toBe(`${JOINS_DESCRIPTION} [presence-kit disabled-by=default]`);
      const fresh = await cli(dir('c'), 'destroy', '--yes');
      expect(fresh.code, said(fresh)).toBe(0);
      expect(await asItIs(t)).toEqual(start);
    });
  });
});
