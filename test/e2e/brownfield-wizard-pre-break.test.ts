import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { runCliIn } from '../helpers/cli.js';
import { orgState, setupOriginalPreBreak } from '../helpers/originals.js';
import { controlOf } from '../helpers/simulate.js';
import type { SandboxControl } from '../../src/simulate/control.js';
import { presenceChanges } from '../../src/simulate/drive.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { answerExistingInstall, answerPrompts, startWizard } from '../helpers/wizard-existing.js';
import { tempDir } from './wizard-helpers.js';

/**
 * The wizard, driven through the real prompts, in an org where the original "Agent Presence
 * Automation" (pre-break) guide ran: its hand-made "Pre-Break" presence and the OAuth client its
 * Terraform / CloudFormation hand the Lambda (which runs in AWS, outside the org). The first screen
 * names that install; the wizard takes the presence over, or uses it as it is (nothing of it changes
 * either way), makes the job's own least-privilege client, and one tick of the job — as its own
 * client, from the credentials file the wizard wrote — moves each due agent into that Pre-Break
 * once; there is one "Pre-Break", not two. Destroy leaves the presence as the guide made it (taken
 * over: put back; used: left; never deleted) and the org equal to the starting snapshot: the
 * sandbox's inventory and every entity's JSON through the API, less what Genesys writes itself and
 * what the tick leaves (users' presences and their history) — both named in test/helpers/originals.ts.
 */
const NOW = '2026-03-02T09:45:00Z';
/** Take the guide's Pre-Break over (destroy puts it back), or use it as it is (never written). */
const CASES = [
  { answer: 'adopt', title: 'takes over the guide\'s Pre-Break presence', status: 'adopted' },
  { answer: 'use', title: 'uses the guide\'s Pre-Break presence as it is', status: 'used as it is' },
] as const;
/** The job runs as its own client (the credentials file), not as the admin. */
const NO_ADMIN = { GENESYSCLOUD_OAUTHCLIENT_ID: undefined, GENESYSCLOUD_OAUTHCLIENT_SECRET: undefined, GENESYSCLOUD_API_URL: undefined };

/** The org's presence definitions called "Pre-Break" (Genesys compares labels without case). */
const preBreaks = async (admin: GenesysClient) =>
  (await admin.request<{ entities: Array<{ id: string; languageLabels?: Record<string, string> }> }>('GET', '/api/v2/presencedefinitions', { query: { pageSize: 100 } })).entities
    .filter((d) => Object.values(d.languageLabels ?? {}).some((l) => l.toLowerCase() === 'pre-break'))
    .map((d) => d.id);

describe.skipIf(LIVE)('the wizard takes over an org where the original pre-break guide ran', () => {
  for (const c of CASES)
    describe(c.answer, () => {
      let t: TestTarget;
      let original: { presenceId: string; clientId: string };
      let ctl: SandboxControl;
      const cwd = process.cwd();
      beforeAll(async () => {
        t = await openTestTarget({ now: NOW, wfmAgents: 40, wfmManagementUnits: 1 });
        ctl = controlOf(t);
        original = await setupOriginalPreBreak(await t.client());
      });
      afterAll(async () => {
        process.chdir(cwd);
        await t?.close();
      });

      it(`${c.title}, one tick switches each due agent once, destroy restores the snapshot`, async () => {
        const admin = await t.client();
        const start = await orgState(t);
        const dir = tempDir('pk-wizard-pre-break-');
        const { io, run, ended } = await startWizard(t, ['pre-break'], dir);
        // Before any choice: the original named, and its presence as presence-kit would make it.
        const shown = await answerExistingInstall(c.answer, ended);
        expect(shown).toContain('What should presence-kit do with the 1 taken name of pre-break');
        expect(io.text()).toContain('the original "Agent Presence Automation" blueprint (presence-kit\'s pre-break): 1 entity');
        expect(io.text()).toContain('presence "Pre-Break" (not presence-kit\'s; from the original "Agent Presence Automation"): same as presence-kit would make it');
        await answerPrompts(
          [
            'The name of the presence agents get before a scheduled break',
            'The system presence "Pre-Break" belongs under',
            'When the break starts, who moves an agent',
            'Release an agent still in Pre-Break',
            'Divisions the OAuth clients hold their roles in',
            'Pre-break: how long before a scheduled break',
            'Pre-break: which management units?',
            'Apply these changes to the embedded sandbox?',
          ],
          ended,
        );
        const r = await run;
        expect(r.answers).toMatchObject({ [c.answer]: ['presence-definition/Pre-Break'] });

        // One tick of the job, as its schedule runs it: with its own client, from the credentials file the wizard wrote.
        const since = (await ctl.get<{ now: string }>('clock')).now;
        const tick = await runCliIn(dir, t, NO_ADMIN, 'pre-break', '--all', '--now', NOW, '--json');
        expect(tick.code, tick.stderr).toBe(0);
        const result = JSON.parse(tick.stdout) as { changed: number; agents: Array<{ userId: string; outcome: string }> };
        const switched = result.agents.filter((a) => a.outcome === 'switched').map((a) => a.userId);
        expect(switched.length).toBeGreaterThan(0);
        // Every due agent: none failed or was left half-done (the job's outcomes name each agent it found due).
        expect(result.agents.filter((a) => a.outcome === 'failed' || a.outcome === 'not-done')).toEqual([]);
        expect(result.changed).toBe(switched.length);
        expect(new Set(switched).size).toBe(switched.length);
        // Each due agent went into Pre-Break once — the guide's own presence, not made again — and stays there.
        for (const id of switched) {
          const changes = (await presenceChanges(ctl, id, since)).map((c) => c.presenceDefinitionId);
          expect(changes.filter((p) => p === original.presenceId)).toHaveLength(1);
          expect(changes.at(-1)).toBe(original.presenceId);
        }
        expect(await preBreaks(admin)).toEqual([original.presenceId]);

        // status says what the install is made of: the guide's presence taken over, or used as it is.
        const st = await runCliIn(dir, t, {}, 'status');
        expect(st.stdout).toContain(`presence "Pre-Break" (${c.status})`);
        const destroyed = await runCliIn(dir, t, {}, 'destroy', '--yes');
        expect(destroyed.code, destroyed.stderr).toBe(0);
        // The guide's presence is as it was (taken over: put back, never deleted); the kit's role, client and file are gone.
        expect(await orgState(t)).toEqual(start);
        expect(await preBreaks(admin)).toEqual([original.presenceId]);
      });
    });
});
