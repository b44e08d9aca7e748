import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runCli, tempDir } from './wizard-helpers.js';
import { SHIPPED_RESOURCES } from '../helpers/shipped.js';

/** What `npm start` runs, read from package.json's script: `node bin/presence-kit.mjs ARGS`. */
const START: string[] = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: { start: string } }).scripts.start.split(' ').slice(2);

/**
 * `npm start` on a fresh clone: `node bin/presence-kit.mjs setup --yes --sandbox` (its script) with
 * no GENESYSCLOUD_*, in an empty working directory — never a question, on a terminal too. It must run everything against a throw-away embedded
 * sandbox without asking, end with a simulated Communicate call's timeline, and exit 0 — twice.
 */
// Concurrent: each test is its own child processes in its own directory (the file stays fast).
describe.concurrent('npm start (setup, no credentials, no TTY)', () => {
  it('sets everything up on a temporary sandbox, shows Busy → Available, exits 0, and can run again', async () => {
    const dir = tempDir('pk-npm-start-');
    expect(START).toEqual(['setup', '--yes', '--sandbox']);
    const first = await runCli(START, { cwd: dir, env: cleanEnv() });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const out = first.stdout;
    expect(out).toContain('non-interactive');
    expect(out).toMatch(/Starting a fresh embedded sandbox/);
    // The sandbox emulates Genesys's Microsoft Teams integration, and its org lists it.
    expect(out).not.toMatch(/no Microsoft Teams integration/);
    expect(out).toMatch(/✓ Microsoft Teams integration/);
    expect(out).toContain(`Plan: ${SHIPPED_RESOURCES} to create, 0 to update, 0 unchanged.`);
    expect(out).toContain(`✓ Done: ${SHIPPED_RESOURCES} resources changed`);
    // The call timeline: ringing, answered, Busy; ended, Available.
    expect(out).toMatch(/\+00:00\s+inbound call starts ringing/);
    expect(out).toMatch(/\+\d\d:\d\d\s+presence \w+ → Busy/);
    expect(out).toMatch(/\+\d\d:\d\d\s+call ends/);
    expect(out).toMatch(/\+\d\d:\d\d\s+presence Busy → Available/);
    expect(out.indexOf('→ Busy')).toBeLessThan(out.indexOf('Busy → Available'));
    expect(out).toMatch(/went Busy when they answered and Available when the call ended/);
    // Then the presence policy: an agent in Pre-Break takes a call, and stays in Pre-Break.
    const policy = out.slice(out.indexOf('The presence policy:'));
    expect(out.indexOf('The presence policy:')).toBeGreaterThan(out.indexOf('when the call ended'));
    expect(policy).toMatch(/\+00:00\s+presence is Pre-Break/);
    expect(policy).toMatch(/\+\d\d:\d\d\s+user answers/);
    expect(policy).toMatch(/\+\d\d:\d\d\s+call ends/);
    // No presence change in its timeline.
    expect(policy).not.toMatch(/\+\d\d:\d\d\s+presence \S+ →/);
    expect(policy).toMatch(/✓ .+ stayed in Pre-Break: presence Pre-Break → … → Pre-Break, held by the presence policy: "Pre-Break" is a protected presence/);
    // Answers saved for CI, no secrets, and the throw-away sandbox left nothing behind.
    const config = JSON.parse(readFileSync(join(dir, 'presence-kit.config.json'), 'utf8'));
    expect(config.blueprints).toEqual(['communicate-call', 'pre-break', 'teams-presence']);
    expect(existsSync(join(dir, '.presence-kit'))).toBe(false);

    const again = await runCli(START, { cwd: dir, env: cleanEnv() });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain(`Plan: ${SHIPPED_RESOURCES} to create`);
    expect(again.stdout).toMatch(/presence Busy → Available/);
  });

  it('with other presences chosen (Busy → Meeting), the demo call reports them as a success, not a warning', async () => {
    const dir = tempDir('pk-npm-start-meeting-');
    const r = await runCli([...START, '--blueprint', 'communicate-call', '--set', 'busyPresenceId=Meeting'], { cwd: dir, env: cleanEnv() });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\+\d\d:\d\d\s+presence Available → Meeting/);
    expect(r.stdout).toMatch(/✓ .+ went Meeting when they answered and Available when the call ended/);
    expect(r.stdout).not.toMatch(/^! presence/m);
  });

  it('fails in one line naming a bad answer, before starting anything', async () => {
    const dir = tempDir('pk-npm-start-bad-');
    const r = await runCli(['setup', '--set', 'busyPresenceId=Bussy'], { cwd: dir, env: cleanEnv() });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^error: variable busyPresenceId \(--set\): "Bussy" is not a presence/);
    expect(r.stdout).not.toContain('Starting');
    expect(existsSync(join(dir, 'presence-kit.config.json'))).toBe(false);
    // From the environment, the same check, as early, naming the variable the user set.
    const fromEnv = await runCli(['setup'], { cwd: dir, env: cleanEnv({ PRESENCE_KIT_VAR_busyPresenceId: 'Bussy' }) });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toMatch(/^error: variable busyPresenceId \(PRESENCE_KIT_VAR_busyPresenceId\): "Bussy" is not a presence/);
    expect(fromEnv.stdout).not.toContain('Starting');
  });

  it('setup with no credentials, no terminal and no --sandbox chooses nothing itself: one line naming both ways on, nothing written', async () => {
    const dir = tempDir('pk-npm-start-no-target-');
    const r = await runCli(['setup'], { cwd: dir, env: cleanEnv() });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: no Genesys Cloud org to work on: .* or pass --sandbox for the embedded sandbox$/)]);
    expect(r.stdout).not.toContain('Starting');
    expect(existsSync(join(dir, 'presence-kit.config.json'))).toBe(false);
    expect(existsSync(join(dir, '.presence-kit'))).toBe(false);
  });
});
