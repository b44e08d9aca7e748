import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { screen } from '@inquirer/testing/vitest';
import { afterEach, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { simulateCall, simulateTeamsStatus } from '../../src/simulate/drive.js';
import { readMark } from '../../src/resources/mark.js';
import { runSetup } from '../../src/wizard/setup.js';
import { runCli } from '../helpers/cli.js';
import { orgJson, orgState } from '../helpers/originals.js';
import { waitFor } from '../helpers/screen.js';
import { controlOf, executions, PRESENCE, setPresence, setupOriginalCommunicateCall, setupOriginalTeams, someUsers } from '../helpers/simulate.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { startWizard } from '../helpers/wizard-existing.js';
import { recordedIO, sandboxOpener, scripted, tempDir } from './wizard-helpers.js';

/**
 * The existing-install screen's three answers per entity, driven through the real prompts: an org
 * where the original Teams → Genesys Cloud blueprint's Terraform ran (its MsTeamsPresenceMappings
 * table, its workflow and trigger), or the Communicate-call guide (its integrations, actions,
 * workflows and triggers), and an admin made the guide's "Presence API Admin" role by hand.
 * Answered per entity (each of take over, use as it is, make ours beside it) or for the whole
 * install at once (take it all over): the plan and apply do exactly that, the answers are saved and replayed by `setup --yes` and `plan` without a question or a
 * change, one Teams change runs one workflow, and destroy leaves the org as it started.
 */
const ROLE = 'Presence API Admin';
const TABLE = 'MsTeamsPresenceMappings';
const FLOW = 'Microsoft Teams Integration Presence Trigger';

/** The guide's "Presence API Admin" role as an admin makes it by hand: what the kit's clients need, so it can also be used as it is. */
async function handMadeRole(c: GenesysClient): Promise<void> {
  await c.request('POST', '/api/v2/authorization/roles', {
    body: {
      name: ROLE,
      description: 'Made by hand, as the guide says',
      permissionPolicies: [
        { domain: 'presence', entityName: '*', actionSet: ['*'] },
        { domain: 'architect', entityName: 'datatableRow', actionSet: ['*'] },
      ],
    },
  });
}

type Snapshot = Record<string, unknown>;
const named = (snap: Snapshot, list: string, name: string) => ((snap[list] ?? []) as Array<{ name?: string }>).filter((e) => e.name === name);
const one = (snap: Snapshot, list: string, name: string) => {
  const found = named(snap, list, name);
  expect(found, `${list} "${name}"`).toHaveLength(1);
  return found[0] as Record<string, unknown>;
};

/**
 * The org's state as a take-over can put it back: without the workflows' version numbers (a
 * re-publish of the put-back definition moves them on; Genesys never numbers back), and with an
 * empty description read as none — destroy writes "" where the before-image had no description
 * (the admin sees no difference; the restore is src/resources', noted for its owners).
 */
const putBack = (list: unknown) =>
  ((list ?? []) as Array<Record<string, unknown>>).map(({ publishedVersion: _p, checkedInVersion: _c, ...e }) => (e.description === '' ? (({ description: _d, ...rest }) => rest)(e) : e));
const republished = (s: { inventory: Snapshot; json: Snapshot }) => ({
  inventory: { ...s.inventory, flows: putBack(s.inventory.flows), datatables: putBack(s.inventory.datatables) },
  json: { ...s.json, workflows: putBack(s.json.workflows), datatables: putBack(s.json.datatables) },
});

/** The line the select's cursor is on. */
const cursorLine = () => screen.getScreen().split('\n').find((l) => l.includes('❯')) ?? '';

/**
 * Waits for `prompt`, moves the cursor down to `choice` (by its label, not a row count) and picks
 * it; returns the screen as first shown.
 */
async function pick(prompt: string, choice: string, ended?: () => boolean): Promise<string> {
  const shown = await waitFor(prompt, ended);
  for (let moves = 0; !cursorLine().includes(`❯ ${choice}`); moves++) {
    if (moves > 8) throw new Error(`no "${choice}" to pick at "${prompt}":\n${screen.getScreen()}`);
    const at = cursorLine();
    screen.keypress('down');
    while (cursorLine() === at) await Promise.race([screen.next(), new Promise((r) => setTimeout(r, 25))]);
  }
  screen.keypress('enter');
  return shown;
}
async function enterAt(prompts: readonly string[], ended?: () => boolean): Promise<void> {
  for (const p of prompts) {
    await waitFor(p, ended);
    screen.keypress('enter');
  }
}

/** The teams-presence and communicate-call choices, each taken with Enter (as brownfield-wizard.test.ts). */
const CHOICES = ['Presence policy', 'while on a Communicate call', 'Use this mapping?', 'does not list', 'Divisions the OAuth clients hold their roles in'];
const CC_CHOICES = ['while on a Communicate call', 'Presence policy', 'Divisions the OAuth clients hold their roles in'];

describe.skipIf(LIVE)('the wizard answers an existing install per entity or as a whole', () => {
  let t: TestTarget;
  let admin: GenesysClient;
  const cwd = process.cwd();
  // Each answer on an org of its own, as the guide left it, with the guide's role made by hand.
  const original = async (setup: (c: GenesysClient) => Promise<unknown>) => {
    t = await openTestTarget({ now: '2026-03-02T09:00:00.000Z', users: 4 });
    admin = await t.client();
    await setup(admin);
    await handMadeRole(admin);
  };
  afterEach(async () => {
    process.chdir(cwd);
    await t?.close();
  });

  /** The presence-kit mark on an entity's description, as the API returns it (orgJson). */
  const markOf = (json: Snapshot, list: string, name: string) => readMark(one(json, list, name).description);

  /** One event (a Teams change, else a Communicate call): the runs it started, by workflow name. */
  const runsOfOneEvent = async (event: 'teams' | 'call' = 'teams') => {
    const [u] = await someUsers(admin, 1);
    await setPresence(admin, u!.id, PRESENCE.Available);
    const ctl = controlOf(t);
    const before = (await executions(ctl, { userId: u!.id })).length;
    if (event === 'teams') await simulateTeamsStatus(ctl, u!.id, 'DoNotDisturb');
    else await simulateCall(ctl, { userId: u!.id, answerAfterSeconds: 5, durationSeconds: 60, settleSeconds: 10 });
    return (await executions(ctl, { userId: u!.id })).slice(before).map((x) => x.name).sort();
  };

  /** `presence-kit ARGS` run in the wizard's directory (where its presence-kit.config.json is). */
  const cliIn = async (dir: string, ...args: string[]) => {
    process.chdir(dir);
    try {
      return await runCli(t, ...args);
    } finally {
      process.chdir(cwd);
    }
  };

  /** setup --yes and plan, neither told of the file, both read the saved answers: no question (no terminal to ask on), nothing to change. */
  const replaysUnchanged = async (dir: string) => {
    const setup = await cliIn(dir, 'setup', '--yes');
    expect(setup.code, setup.stderr).toBe(0);
    expect(setup.stdout).toContain('Starting from the answers in presence-kit.config.json');
    expect(setup.stdout).toContain('No changes: everything is already in place.');
    const planned = await cliIn(dir, 'plan', '--detailed-exitcode');
    expect(planned.code, planned.stdout + planned.stderr).toBe(0);
  };

  /** The original (and the hand-made role) in a fresh org, its state, and the wizard started on it past "where". */
  const wizardOn = async (setup: (c: GenesysClient) => Promise<unknown>, blueprint: string) => {
    await original(setup);
    const start = await orgState(t);
    const dir = tempDir(`pk-wizard-${blueprint}-`);
    return { start, dir, ...(await startWizard(t, [blueprint], dir)) };
  };

  it('mixed answers — take the role over, our table beside theirs, their workflow used — are carried out, saved and replayed with no question', async () => {
    const { start, dir, io, run, ended } = await wizardOn(setupOriginalTeams, 'teams-presence');
    // One screen: every taken name listed above it (where it came from, what differs), one question for the install, beside first.
    const shown = await pick('What should presence-kit do with the 3 taken names of teams-presence', 'Choose for each one', ended);
    expect(shown).toContain('❯ Make ours beside them');
    const teams = 'from the original "Update Genesys Cloud presence from Microsoft Teams presence"';
    for (const s of [`role "${ROLE}" (not presence-kit's): differs in description`, `data table "${TABLE}" (not presence-kit's; ${teams}): differs in description`, `workflow "${FLOW}" (not presence-kit's; ${teams})`])
      expect(io.text()).toContain(s);
    expect(await pick(`role "${ROLE}" (not from an original blueprint; differs in description`, 'Take it over', ended)).toContain('❯ Make ours beside it');
    await pick(`data table "${TABLE}" (from the original "Update Genesys Cloud presence from Microsoft Teams presence"`, 'Make ours beside it', ended);
    await pick(`workflow "${FLOW}" (from the original`, 'Use it as it is', ended);
    await enterAt(['The prefix for the names presence-kit makes beside theirs', ...CHOICES, 'Disable this trigger', 'Apply these changes to the embedded sandbox?'], ended);
    const r = await run;

    // Beside for the table alone: its own name variable takes the prefix, nothing else is renamed.
    expect(io.text()).toContain(`data table "${TABLE}" becomes ours as "PK ${TABLE}" (its own name variable, mappingTableName); nothing else is renamed`);
    const saved = JSON.parse(readFileSync(join(dir, 'presence-kit.config.json'), 'utf8')) as Record<string, unknown>;
    for (const answers of [r.answers, saved]) {
      expect(answers).toMatchObject({ adopt: [`role/${ROLE}`], use: [`workflow/${FLOW}`], overlapping: 'disable', variables: { mappingTableName: `PK ${TABLE}` } });
      expect((answers as { variables: Record<string, unknown> }).variables).not.toHaveProperty('namePrefix');
    }
    expect(r.plan.steps.filter((s) => s.action === 'adopt').map((s) => s.name)).toEqual([ROLE]);

    const after = await orgJson(admin);
    // Taken over: marked as adopted, its fields now ours (what the admin accepted).
    expect(markOf(after, 'roles', ROLE)).toMatchObject({ adopted: true });
    // Used: not a field changed, no mark.
    expect(one(after, 'workflows', FLOW)).toEqual(one(start.json, 'workflows', FLOW));
    expect(markOf(after, 'workflows', FLOW)).toBeUndefined();
    // Beside: theirs untouched, ours under the prefixed name.
    expect(one(after, 'datatables', TABLE)).toEqual(one(start.json, 'datatables', TABLE));
    expect(markOf(after, 'datatables', `PK ${TABLE}`)).toMatchObject({ adopted: false });
    // Their workflow runs once per Teams change: started by our trigger, theirs disabled.
    expect(await runsOfOneEvent()).toEqual([FLOW]);

    // Replayed: setup --yes and plan read the saved answers, ask nothing and change nothing.
    await replaysUnchanged(dir);
    expect(JSON.parse(readFileSync(join(dir, 'presence-kit.config.json'), 'utf8'))).toMatchObject({ adopt: saved.adopt, use: saved.use, variables: { mappingTableName: `PK ${TABLE}` } });

    expect((await cliIn(dir, 'destroy', '--yes')).code).toBe(0);
    expect(await orgState(t)).toEqual(start);
  });

  it('"take it all over" answers every taken name of the install at once, without a prefix question', async () => {
    const { start, dir, io, run, ended } = await wizardOn(setupOriginalTeams, 'teams-presence');
    await pick('What should presence-kit do with the 3 taken names of teams-presence', 'Take them all over', ended);
    await enterAt([...CHOICES, 'Disable this trigger', 'Apply these changes to the embedded sandbox?'], ended);
    const r = await run;

    expect(io.text()).not.toContain('The prefix for the names');
    expect(r.answers.adopt).toEqual([`role/${ROLE}`, `data-table/${TABLE}`, `workflow/${FLOW}`]);
    expect(r.answers.use).toBeUndefined();
    expect(r.plan.steps.filter((s) => s.action === 'adopt').map((s) => s.name)).toEqual([ROLE, TABLE, FLOW]);
    const after = await orgJson(admin);
    for (const [list, name] of [['roles', ROLE], ['datatables', TABLE], ['workflows', FLOW]] as const) expect(markOf(after, list, name)).toMatchObject({ adopted: true });
    expect(await runsOfOneEvent()).toEqual([FLOW]);

    await replaysUnchanged(dir);

    expect((await cliIn(dir, 'destroy', '--yes')).code).toBe(0);
    // The taken-over workflow's definition is put back by publishing it again: Genesys numbers that version on, never back.
    expect(republished(await orgState(t))).toEqual(republished(start));
  });

  it('on the Communicate-call original, mixed answers: their role used, their Available workflow taken over, ours beside their integrations and Busy workflow', async () => {
    const { start, dir, io, run, ended } = await wizardOn(setupOriginalCommunicateCall, 'communicate-call');
    // Its actions' contracts differ from ours: the whole install can be neither taken over nor used (the plan would refuse it) — offered, not pickable, with the reason.
    const whole = await pick('What should presence-kit do with the 9 taken names of communicate-call', 'Choose for each one', ended);
    expect(whole).toMatch(/Take them all over \(cannot: integration "Update Genesys Cloud User Presence": its data action "[^"]+" has another contract than ours\)/);
    await pick(`role "${ROLE}" (not from an original blueprint`, 'Use it as it is', ended);
    const integration = await pick('integration "Update Genesys Cloud User Presence" (from the original "Update Genesys Cloud presence on Communicate call activity"', 'Make ours beside it', ended);
    expect(integration).toMatch(/Use it as it is \(cannot: its data action "[^"]+" has another contract than ours\)/);
    await pick('integration "GetConversationDetailsPublicAPI" (from the original', 'Make ours beside it', ended);
    await pick('workflow "Set GC User to Busy" (from the original', 'Make ours beside it', ended);
    await pick('workflow "Set GC User to Available" (from the original', 'Take it over', ended);
    await enterAt(['The prefix for the names presence-kit makes beside theirs', ...CC_CHOICES, 'Disable these 2 triggers', 'Apply these changes to the embedded sandbox?'], ended);
    const r = await run;

    // Its data actions are not asked: they take their integration's answer.
    expect(io.text()).toContain('data action "GC User Presence Update" sits in integration "Update Genesys Cloud User Presence": it takes that integration\'s answer');
    const saved = JSON.parse(readFileSync(join(dir, 'presence-kit.config.json'), 'utf8')) as { variables: Record<string, unknown> };
    for (const answers of [r.answers, saved]) {
      expect(answers).toMatchObject({
        use: [`role/${ROLE}`],
        adopt: ['workflow/Set GC User to Available'],
        variables: { presenceIntegrationName: 'PK Update Genesys Cloud User Presence', conversationIntegrationName: 'PK GetConversationDetailsPublicAPI', busyWorkflowName: 'PK Set GC User to Busy' },
      });
      expect((answers as { variables: Record<string, unknown> }).variables).not.toHaveProperty('namePrefix');
    }

    const after = await orgJson(admin);
    // Used: the role as it was, unmarked.
    expect(one(after, 'roles', ROLE)).toEqual(one(start.json, 'roles', ROLE));
    expect(markOf(after, 'roles', ROLE)).toBeUndefined();
    expect(markOf(after, 'workflows', 'Set GC User to Available')).toMatchObject({ adopted: true });
    // Beside: theirs untouched and unmarked, ours under the prefixed names.
    expect(one(after, 'workflows', 'Set GC User to Busy')).toEqual(one(start.json, 'workflows', 'Set GC User to Busy'));
    expect(markOf(after, 'workflows', 'Set GC User to Busy')).toBeUndefined();
    for (const name of ['Update Genesys Cloud User Presence', 'GetConversationDetailsPublicAPI']) {
      expect(one(after, 'integrations', name)).toEqual(one(start.json, 'integrations', name));
      one(after, 'integrations', `PK ${name}`);
    }
    // One call: our Busy workflow and the taken-over Available one, once each (their triggers disabled).
    expect(await runsOfOneEvent('call')).toEqual(['PK Set GC User to Busy', 'Set GC User to Available']);

    await replaysUnchanged(dir);
    expect((await cliIn(dir, 'destroy', '--yes')).code).toBe(0);
    expect(republished(await orgState(t))).toEqual(republished(start));
  });

  it('a flag wins over the saved file: --adopt takes over what the file said to use, and that name is not asked', async () => {
    await original(setupOriginalTeams);
    const dir = tempDir('pk-wizard-flags-');
    writeFileSync(join(dir, 'presence-kit.config.json'), JSON.stringify({ version: 1, blueprints: ['teams-presence'], variables: {}, use: [`role/${ROLE}`] }));
    const prompter = scripted({ where: 'sandbox', 'existing.teams-presence': 'each', [`existing:data-table/${TABLE}`]: 'beside', [`existing:workflow/${FLOW}`]: 'use', 'disable-overlapping': true, apply: true });
    const r = await runSetup({ io: recordedIO(prompter), env: {}, cwd: dir, flags: { adopt: [`role/${ROLE}`] }, openSandbox: sandboxOpener(t) });

    expect(prompter.asked.map((q) => q.id).filter((id) => id.startsWith('existing'))).toEqual(['existing.teams-presence', `existing:data-table/${TABLE}`, `existing:workflow/${FLOW}`]);
    expect(r.answers).toMatchObject({ adopt: [`role/${ROLE}`], use: [`workflow/${FLOW}`] });
    expect(markOf(await orgJson(admin), 'roles', ROLE)).toMatchObject({ adopted: true });
  });
});
