import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplyFailed, runSetup } from '../../src/wizard/setup.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { inventoryOf, recordedIO, sandboxOpener, scripted, tempDir } from './wizard-helpers.js';

/**
 * Apply stops at a resource Genesys refuses: the wizard names the exact resource, Genesys's own
 * message and what to do; running it again resumes where it stopped, with no duplicates.
 */
describe.skipIf(LIVE)('setup stops at a refused resource and resumes', () => {
  let t: TestTarget;
  const dir = tempDir('pk-wizard-resume-');
  beforeAll(async () => {
    t = await openTestTarget();
  });
  afterAll(() => t?.close());

  const script = { where: 'sandbox', blueprints: ['communicate-call', 'pre-break'], apply: true };

  it('names the resource, the Genesys message and the fix', async () => {
    const io = recordedIO(scripted(script));
    // "Away" is a system presence's label: Genesys refuses a custom presence with the same label.
    const err = await runSetup({ io, env: {}, cwd: dir, flags: { set: ['preBreakPresenceName=Away'] }, openSandbox: sandboxOpener(t) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplyFailed);
    expect((err as Error).message).toBe('apply stopped at presence "Away"; run presence-kit setup again to resume');
    const text = io.text();
    expect(text).toMatch(/✗ \[\d+\/\d+\] create presence "Away"/);
    expect(text).toContain('Failed: create presence "Away" (pre-break.preBreakPresence)');
    expect(text).toMatch(/Genesys said: .*409.*already exists/);
    // Running again would hit the same name: the fix is another name, and only then a re-run.
    expect(text).toMatch(/What to do: the org already has a presence with that name .*: choose another name when setup asks/);
    expect(text).toMatch(/Then: run presence-kit setup again .* resumes where it stopped, without duplicates/);
    expect(text).not.toMatch(/someone else changed it/);
  });

  it('resumes on the next run: what was created is kept, the rest is created once', async () => {
    // The saved answer (Away) is not offered again: the question falls back to "Pre-Break".
    const prompter = scripted(script);
    const io = recordedIO(prompter);
    const r = await runSetup({ io, env: {}, cwd: dir, openSandbox: sandboxOpener(t) });
    expect(prompter.asked.map((q) => q.id)).toContain('preBreakPresenceName');
    const performed = r.result.steps.map((s) => s.performed);
    expect(performed.filter((p) => p === 'noop').length).toBeGreaterThanOrEqual(18);
    expect(r.result.steps.find((s) => s.name === 'Pre-Break')!.performed).toBe('create');
    const inv = await inventoryOf(t);
    const roles = (inv.roles as Array<{ name: string }>).map((x) => x.name);
    expect(roles.filter((n) => n === 'Presence API Admin')).toHaveLength(1);
    expect(roles.filter((n) => n === 'Pre-Break Presence Job')).toHaveLength(1);
  });
});
