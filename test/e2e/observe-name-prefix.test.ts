import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import type { TimelineReport } from '../../src/observe/timeline.js';
import { simulateCall } from '../../src/simulate/drive.js';
import { runCli, runCliIn } from '../helpers/cli.js';
import { startWatch } from '../helpers/watch.js';
import { useBrownfield } from '../helpers/originals.js';
import { controlOf, PRESENCE, setPresence, setupOriginalCommunicateCall, someUsers } from '../helpers/simulate.js';
import { describeSandbox } from '../helpers/target.js';

/**
 * The observers beside an original install: presence-kit's communicate-call applied with
 * `--set namePrefix=PK ` next to the original Communicate-call blueprint (its workflows under the
 * names the kit would otherwise give). `timeline`, `watch`, `simulate` and `doctor` find the
 * deployment's own workflows and clients — by the ownership mark in the org, even from a directory
 * that never applied — and say of the original's runs that they are the original's, not the kit's.
 */
const ORIGINAL_TITLE = 'Update Genesys Cloud presence on Communicate call activity';
const KIT_TRIGGERS = ['PK GC Communicate Call User Start', 'PK GC Communicate Call User End'];
const ORIGINAL_TRIGGERS = ['Agent joins conversation', 'Agent leaves conversation'];

interface Trigger {
  id: string;
  name: string;
  topicName: string;
  target: unknown;
  enabled: boolean;
  matchCriteria?: unknown[];
  eventTTLSeconds?: number;
  delayBySeconds?: number;
  description?: string;
  version: number;
}

/** Turns triggers on or off by name, as an admin does in the UI (the test's own doing, not the kit's). */
async function setEnabled(admin: GenesysClient, names: readonly string[], enabled: boolean): Promise<void> {
  const all = (await admin.request<{ entities: Trigger[] }>('GET', '/api/v2/processautomation/triggers', { query: { pageSize: 100 } })).entities;
  for (const t of all.filter((x) => names.includes(x.name))) {
    const { id, name, topicName, target, matchCriteria, eventTTLSeconds, delayBySeconds, description, version } = t;
    await admin.request('PUT', `/api/v2/processautomation/triggers/${id}`, {
      body: { name, topicName, target, enabled, matchCriteria, version, ...(eventTTLSeconds ? { eventTTLSeconds } : {}), ...(delayBySeconds ? { delayBySeconds } : {}), ...(description ? { description } : {}) },
    });
  }
}

describeSandbox('clock and simulated calls', 'observers find a prefixed deployment beside the original install', () => {
  const b = useBrownfield('pk-observe-prefix-', { now: '2026-03-02T09:00:00.000Z', users: 6 }, setupOriginalCommunicateCall);
  /** A directory that never applied: no state, no config — only the org's marks say what is the kit's. */
  const fresh = () => mkdtempSync(join(tmpdir(), 'pk-observe-fresh-'));
  let users: Array<{ id: string; name: string }> = [];

  const timeline = async (userId: string) => {
    const r = await runCliIn(fresh(), b.t, {}, 'timeline', '--user', userId, '--since', '1h', '--json');
    expect(r.code, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as TimelineReport;
  };
  const automated = (report: TimelineReport) =>
    report.users[0]!.changes.filter((c) => c.cause.kind !== 'person').map((c) => ({ to: c.to, kind: c.cause.kind, flow: c.cause.flowName, owner: c.cause.owner, label: c.cause.label }));

  it('apply beside the original, then simulate call: the kit\'s prefixed workflows ran, and simulate and timeline attribute the changes to them', async () => {
    const applied = await runCli(b.t, 'apply', '--yes', '--blueprint', 'communicate-call', '--set', 'namePrefix=PK ', '--disable-overlapping');
    expect(applied.code, applied.stderr).toBe(0);
    users = await someUsers(b.admin, 3);
    const u = users[0]!;
    await setPresence(b.admin, u.id, PRESENCE.Available);

    const sim = await runCli(b.t, 'simulate', 'call', '--user', u.id);
    expect(sim.code, sim.stderr).toBe(0);
    expect(sim.stdout).toContain('workflow "PK Set GC User to Busy"');
    expect(sim.stdout).toMatch(/AVAILABLE → BUSY {2}by Communicate call \("PK Set GC User to Busy"/);
    expect(sim.stdout).toMatch(/BUSY → AVAILABLE {2}by Communicate call \("PK Set GC User to Available"/);

    const report = await timeline(u.id);
    expect(automated(report)).toEqual([
      { to: 'BUSY', kind: 'communicate-call', flow: 'PK Set GC User to Busy', owner: 'presence-kit', label: 'Communicate call' },
      { to: 'AVAILABLE', kind: 'communicate-call', flow: 'PK Set GC User to Available', owner: 'presence-kit', label: 'Communicate call' },
    ]);
    expect(report.users[0]!.runs.map((r) => [r.flowName, r.original])).toEqual([
      ['PK Set GC User to Busy', undefined],
      ['PK Set GC User to Available', undefined],
    ]);
  });

  it('with the original\'s triggers on instead: timeline names the original blueprint\'s workflows as the original\'s, not the kit\'s', async () => {
    await setEnabled(b.admin, KIT_TRIGGERS, false);
    await setEnabled(b.admin, ORIGINAL_TRIGGERS, true);
    try {
      const u = users[1]!;
      await setPresence(b.admin, u.id, PRESENCE.Available);
      await simulateCall(controlOf(b.t), { userId: u.id, answerAfterSeconds: 5, durationSeconds: 60, settleSeconds: 10 });
      const report = await timeline(u.id);
      expect(automated(report)).toEqual([
        { to: 'BUSY', kind: 'communicate-call', flow: 'Set GC User to Busy', owner: 'original', label: 'Communicate call (original blueprint)' },
        { to: 'AVAILABLE', kind: 'communicate-call', flow: 'Set GC User to Available', owner: 'original', label: 'Communicate call (original blueprint)' },
      ]);
      const busy = report.users[0]!.changes.find((c) => c.to === 'BUSY')!.cause;
      expect(busy.original).toBe(ORIGINAL_TITLE);
      expect(busy.note).toBe(`a workflow of the original blueprint "${ORIGINAL_TITLE}", not presence-kit's`);
      expect(report.users[0]!.runs.every((r) => r.original === ORIGINAL_TITLE)).toBe(true);
      // The human table says so on the change's line.
      const dir = fresh();
      const text = await runCliIn(dir, b.t, {}, 'timeline', '--user', u.id, '--since', '1h', '--html', 'timeline.html');
      expect(text.stdout).toMatch(/BUSY {2}by Communicate call \(original blueprint\) \("Set GC User to Busy"; .*a workflow of the original blueprint/);
      // …and the page's labels beside the marks.
      expect(readFileSync(join(dir, 'timeline.html'), 'utf8')).toMatch(/>\d+ Busy · call \(original\)</);
    } finally {
      await setEnabled(b.admin, ORIGINAL_TRIGGERS, false);
      await setEnabled(b.admin, KIT_TRIGGERS, true);
    }
  });

  it('doctor finds the prefixed OAuth clients by their mark, from a directory that never applied: the division check reads them', async () => {
    const r = await runCliIn(fresh(), b.t, {}, 'doctor', '--blueprint', 'communicate-call', '--json');
    const reach = (JSON.parse(r.stdout) as { checks: Array<{ id: string; status: string; detail: string }> }).checks.find((c) => c.id === 'division-reach');
    expect(reach?.status).toBe('pass');
    expect(reach?.detail).toContain('"PK Presence Public API"');
    expect(reach?.detail).toContain('"PK GetConversationDetailsPublic API"');
    // The original's clients are not the kit's.
    expect(reach?.detail).not.toContain('Update Genesys Cloud User Presence client');
  });

  it('watch --json attributes a call\'s changes to the prefixed workflows', async () => {
    const u = users[2]!;
    await setPresence(b.admin, u.id, PRESENCE.Available);
    const { lines, until, stop } = startWatch(b.t, ['--user', u.id], fresh());
    const presence = () => lines.filter((l) => l.type === 'presence').map((l) => l.cause as { kind: string; flowName?: string; owner?: string });
    try {
      await until(() => lines.some((l) => l.status === 'subscribed'));
      await simulateCall(controlOf(b.t), { userId: u.id, direction: 'inbound', answerAfterSeconds: 5, durationSeconds: 60, settleSeconds: 10 });
      await until(() => presence().length >= 2);
      expect(presence().map((c) => [c.kind, c.flowName, c.owner])).toEqual([
        ['communicate-call', 'PK Set GC User to Busy', 'presence-kit'],
        ['communicate-call', 'PK Set GC User to Available', 'presence-kit'],
      ]);
    } finally {
      expect(await stop()).toBe(0);
    }
  });

  it('a workflow without a mark (one the kit uses as it is) is found by the names --set gives it', async () => {
    const flows = (await b.admin.request<{ entities: Array<{ id: string; name: string; description?: string }> }>('GET', '/api/v2/flows', { query: { type: 'workflow', pageSize: 100 } })).entities;
    const unmark = flows.filter((f) => f.name.startsWith('PK '));
    const put = (f: (typeof flows)[number], description: string | undefined) => b.admin.request('PUT', `/api/v2/flows/${f.id}`, { body: { name: f.name, type: 'WORKFLOW', description } });
    for (const f of unmark) await put(f, f.description!.replace(/\s*\[presence-kit [^\]]*\]$/, ''));
    try {
      const u = users[0]!;
      const run = async (...args: string[]) => {
        const r = await runCliIn(fresh(), b.t, {}, 'timeline', '--user', u.id, '--since', '1h', '--json', ...args);
        expect(r.code, r.stderr).toBe(0);
        return automated(JSON.parse(r.stdout) as TimelineReport).map((c) => [c.to, c.flow, c.owner]);
      };
      // Nothing says they are the kit's: no mark, and no variable names them.
      expect(await run()).toEqual([]);
      expect(await run('--set', 'namePrefix=PK ')).toEqual([
        ['BUSY', 'PK Set GC User to Busy', 'presence-kit'],
        ['AVAILABLE', 'PK Set GC User to Available', 'presence-kit'],
      ]);
    } finally {
      for (const f of unmark) await put(f, f.description);
    }
  });
  it('a Pre-Break presence renamed by preBreakPresenceName: timeline knows the job\'s switch by the name the deployment gives, with no --pre-break-presence', async () => {
    const applied = await runCli(b.t, 'apply', '--yes', '--blueprint', 'pre-break', '--set', 'preBreakPresenceName=PK Pre-Break');
    expect(applied.code, applied.stderr).toBe(0);
    const defs = (await b.admin.request<{ entities: Array<{ id: string; languageLabels?: Record<string, string> }> }>('GET', '/api/v2/presencedefinitions')).entities;
    const renamed = defs.find((d) => d.languageLabels?.en_US === 'PK Pre-Break');
    expect(renamed, 'apply made the renamed presence').toBeDefined();
    const u = (await someUsers(b.admin, 3))[2]!;
    await setPresence(b.admin, u.id, PRESENCE.Available);
    await controlOf(b.t).post('clock', { advanceSeconds: 60 });
    await setPresence(b.admin, u.id, renamed!.id);
    await controlOf(b.t).post('clock', { advanceSeconds: 60 });
    // The directory that applied: its last apply's variables name the presence (as plan reads them).
    const r = await runCli(b.t, 'timeline', '--user', u.id, '--since', '1h', '--json');
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as TimelineReport;
    const last = report.users[0]!.changes.at(-1)!;
    expect({ to: last.to, kind: last.cause.kind }).toEqual({ to: 'BREAK', kind: 'pre-break' });
  });
});
