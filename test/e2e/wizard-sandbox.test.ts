import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WizardCancelled } from '../../src/wizard/prompter.js';
import { runSetup } from '../../src/wizard/setup.js';
import { demoCall } from '../../src/wizard/demo.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';
import { sandboxControl } from '../../src/simulate/control.js';
import { presenceChanges, simulateCall } from '../../src/simulate/drive.js';
import { setPresence, someUsers } from '../helpers/simulate.js';
import { cleanEnv, inventoryOf, recordedIO, runCli, sandboxOpener, scripted, tempDir } from './wizard-helpers.js';
import { SHIPPED_RESOURCES } from '../helpers/shipped.js';

/**
 * The interactive wizard driven through its prompts (scripted by question id) against a sandbox:
 * a cancelled plan writes nothing; all three blueprints go in; a re-run says "no changes"; the
 * config it saved replays through `apply --config … --yes` with 0 writes.
 */
describe.skipIf(LIVE)('setup wizard on the sandbox', () => {
  let t: TestTarget;
  const dir = tempDir('pk-wizard-');
  beforeAll(async () => {
    t = await openTestTarget();
  });
  afterAll(() => t?.close());

  const answers = (extra: Record<string, unknown> = {}) => ({
    where: 'sandbox',
    'teamsPresenceMapping.action': 'keep',
    'preBreak.lead': '10m',
    ...extra,
  });

  it('writes nothing when the plan is declined', async () => {
    const before = await inventoryOf(t);
    const io = recordedIO(scripted(answers({ apply: false })));
    await expect(runSetup({ io, env: {}, cwd: dir, openSandbox: sandboxOpener(t) })).rejects.toBeInstanceOf(WizardCancelled);
    expect(io.text()).toContain(`Plan: ${SHIPPED_RESOURCES} to create`);
    expect(await inventoryOf(t)).toEqual(before);
    expect(existsSync(join(dir, 'presence-kit.config.json'))).toBe(false);
    expect(existsSync(join(dir, '.presence-kit', 'state.json'))).toBe(false);
  });

  it('sets up all three blueprints from the prompts, with the presences and units picked', async () => {
    const prompter = scripted(
      answers({
        // The presence policy question: give up Training (every other default stays protected).
        protectedPresences: (q: { choices: Array<{ value: string; checked?: boolean }> }) => q.choices.filter((c) => c.checked && c.value !== 'Training').map((c) => c.value),
        // Who ends Pre-Break: the job at the break's start, and a release 10 minutes after it.
        preBreakAtBreakStart: 'job',
        preBreakReleaseAfter: '10m',
        apply: true,
        demo: true,
      }),
    );
    const io = recordedIO(prompter);
    const r = await runSetup({ io, env: {}, cwd: dir, openSandbox: sandboxOpener(t), demo: demoCall });
    expect(prompter.asked.map((q) => q.id)).toEqual([
      'where',
      'blueprints',
      'busyPresenceId',
      'protectedPresences',
      'roleDivisions',
      'preBreakPresenceName',
      'preBreakParent',
      'preBreakAtBreakStart',
      'preBreakReleaseAfter',
      'teamsPresenceMapping.action',
      'fallbackPresenceId',
      'preBreak.lead',
      'preBreak.managementUnitIds',
      'apply',
      'demo',
    ]);
    expect(r.answers.blueprints).toEqual(['communicate-call', 'pre-break', 'teams-presence']);
    expect(r.result.writes).toBeGreaterThan(0);
    const inv = await inventoryOf(t);
    const names = (kind: string) => (inv[kind] as Array<{ name?: string }>).map((x) => x.name);
    expect(names('triggers')).toEqual(expect.arrayContaining(['GC Communicate Call User Start', 'GC Communicate Call User End', 'Microsoft Teams Integration Presence Trigger']));
    const text = io.text();
    expect(text).toMatch(new RegExp(`✓ \\[\\d+/${SHIPPED_RESOURCES}\\] created trigger "GC Communicate Call User Start" \\(\\d+\\.\\ds\\)`));
    expect(text).toMatch(/created\s+trigger\s+GC Communicate Call User End\s+[0-9a-f-]{36}/);
    // The summary lists names with their ids in one column.
    const listed = text.split('What was set up:')[1]!.split('\n\n')[0]!.split('\n').filter((l) => /[0-9a-f]{8}-[0-9a-f]{4}-/.test(l));
    expect(listed.length).toBeGreaterThan(20);
    const idColumn = (l: string) => l.search(/(custom_-_)?[0-9a-f]{8}-[0-9a-f]{4}-/);
    expect(new Set(listed.filter((l) => !/\(ConversationDirect\)/.test(l)).map(idColumn)).size).toBe(1);
    // "Try it" names the user the demo then calls: one who is Available (an Offline one would look wrong).
    const tryUser = /presence-kit simulate call --user (\S+)/.exec(text)![1];
    const demoName = /A Communicate call on the sandbox, for (.+):/.exec(text)![1];
    const users = await (await t.client()).request<{ entities: Array<{ name: string; email?: string }> }>('GET', '/api/v2/users', { query: { pageSize: 100 } });
    expect(users.entities.find((u) => u.email === tryUser)?.name).toBe(demoName);
    expect(text).toMatch(/presence Available → Busy/);
    expect(text).toContain('presence-kit destroy');
    // The demo call on the kept sandbox: Busy while on the call, then back to what the user had.
    expect(text).toMatch(/presence \w+ → Busy/);
    expect(text).toMatch(/presence Busy → Available/);
    expect(text).toContain('presence-kit apply --config presence-kit.config.json --yes');
    const config = JSON.parse(readFileSync(join(dir, 'presence-kit.config.json'), 'utf8'));
    expect(config).toMatchObject({ version: 1, blueprints: ['communicate-call', 'pre-break', 'teams-presence'], jobs: { preBreak: { lead: '10m', all: true } } });
    // The clients' roles on every division, as the divisions question offers by default.
    expect(config.variables.roleDivisions).toBe('*');
    // The Pre-Break end choices reach the job through its credentials file.
    expect(JSON.parse(readFileSync(join(dir, '.presence-kit', 'pre-break.credentials.json'), 'utf8'))).toMatchObject({ atBreakStart: 'job', releaseAfter: '10m' });
    const clientList = await (await t.client()).request<{ entities: Array<{ name: string; roleDivisions: Array<{ divisionId: string }> }> }>('GET', '/api/v2/oauth/clients');
    const ours = clientList.entities.filter((c) => ['Presence Public API', 'Pre-Break Presence Job'].includes(c.name));
    expect(ours).toHaveLength(2);
    for (const c of ours) expect(c.roleDivisions.map((d) => d.divisionId)).toEqual(['*']);
    expect([...config.variables.protectedPresences].sort()).toEqual(['Break', 'Meal', 'Offline', 'On Queue', 'Pre-Break']);
    // The summary states the policy as chosen.
    const protectedLine = text.split('\n').find((l) => l.includes('Protected (no automation moves anyone out of them):'))!;
    expect(protectedLine.split(': ')[1]!.split(', ').sort()).toEqual(['Break', 'Meal', 'Offline', 'On Queue', 'Pre-Break']);
    expect(text).toContain('Pre-break job: moves a user out of only On Queue');
    expect(JSON.stringify(config)).not.toContain(t.connection.clientSecret);
    // What the answer does: a user in Training now goes Busy for a call and back to Training after it.
    const client = await t.client();
    const ctl = sandboxControl(t.sandbox!.url);
    const [user] = await someUsers(client, 25).then((us) => us.slice(-1));
    await setPresence(client, user!.id, SYSTEM_PRESENCE_IDS.Training);
    const since = (await ctl.get<{ now: string }>('clock')).now;
    await simulateCall(ctl, { userId: user!.id, answerAfterSeconds: 5, durationSeconds: 30 });
    // `since` is inclusive: the Training set above can share the clock's millisecond, so only what came after counts.
    expect((await presenceChanges(ctl, user!.id, since)).filter((c) => c.time > since).map((c) => c.systemPresence)).toEqual(['Busy', 'Training']);
  });

  it('says "no changes" on a re-run and does not ask to apply', async () => {
    const prompter = scripted({ where: 'sandbox', 'teamsPresenceMapping.action': 'keep' });
    const io = recordedIO(prompter);
    const r = await runSetup({ io, env: {}, cwd: dir, flags: { sandbox: true }, openSandbox: sandboxOpener(t) });
    expect(io.text()).toContain('No changes: everything is already in place.');
    expect(r.result.writes).toBe(0);
    expect(prompter.asked.map((q) => q.id)).not.toContain('apply');
    // The saved answers came back as the defaults: Training is still not protected.
    expect(r.answers.variables.protectedPresences).not.toContain('Training');
  });

  it('replays the saved config with apply --config … --yes and 0 writes', async () => {
    const env = cleanEnv({ GENESYSCLOUD_API_URL: t.sandbox!.url, GENESYSCLOUD_OAUTHCLIENT_ID: t.connection.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: t.connection.clientSecret });
    const r = await runCli(['apply', '--config', 'presence-kit.config.json', '--yes', '--json'], { cwd: dir, env });
    expect(r.stderr).not.toContain('error:');
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { writes: number; blueprints: string[] };
    expect(out.blueprints).toEqual(['communicate-call', 'pre-break', 'teams-presence']);
    expect(out.writes).toBe(0);
  });

  // Last: with no prompter the run takes a throw-away sandbox, whose engine state is not this directory's.
  it('a non-interactive run (setup --yes) starts from the saved answers too, instead of applying defaults over them', async () => {
    const io = recordedIO();
    const r = await runSetup({ io, env: {}, cwd: dir, flags: { sandbox: true }, openSandbox: sandboxOpener(t) });
    expect(io.text()).toContain('Starting from the answers in presence-kit.config.json');
    expect(r.answers.variables.protectedPresences).not.toContain('Training');
    expect(r.answers.jobs).toEqual({ preBreak: { lead: '10m', all: true } });
    const config = JSON.parse(readFileSync(join(dir, 'presence-kit.config.json'), 'utf8'));
    expect(config.variables.protectedPresences).not.toContain('Training');
  });

  it('non-interactive pre-break settings come from flags, over the saved answers; a bad lead is one line naming the flag', async () => {
    const io = recordedIO();
    const mu = 'b6a1e0c4-0000-4000-8000-000000000001';
    const r = await runSetup({ io, env: {}, cwd: dir, flags: { sandbox: true, preBreakLead: '20m', preBreakManagementUnits: [mu] }, openSandbox: sandboxOpener(t) });
    expect(r.answers.jobs).toEqual({ preBreak: { lead: '20m', managementUnitIds: [mu] } });
    expect(JSON.parse(readFileSync(join(dir, 'presence-kit.config.json'), 'utf8')).jobs).toEqual({ preBreak: { lead: '20m', managementUnitIds: [mu] } });
    const bad = await runSetup({ io: recordedIO(), env: {}, cwd: dir, flags: { sandbox: true, preBreakLead: '30s' }, openSandbox: sandboxOpener(t) }).catch((e: unknown) => e);
    expect((bad as Error).message).toBe('--pre-break-lead "30s": give at least 1m (the job runs once a minute)');
  });
});
