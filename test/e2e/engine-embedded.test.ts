import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

/**
 * With --sandbox, apply, status and destroy each start the embedded sandbox from the
 * org it keeps in `.presence-kit/sandbox/`: separate runs must see — and be able to change — the
 * same org, over and over (a restored org once handed a new role the seeded Master Admin's id,
 * so the admin lost its permissions on the third run).
 */
describe('engine commands against the embedded sandbox, run after run', () => {
  const cwd = process.cwd();
  const saved = { ...process.env };

  beforeEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith('GENESYSCLOUD_')) delete process.env[k];
    process.chdir(mkdtempSync(join(tmpdir(), 'pk-embedded-')));
  });
  afterEach(() => {
    process.chdir(cwd);
    process.env = saved;
  });

  // The embedded sandbox is chosen, never fallen into (cli-target.test.ts): every run says --sandbox.
  const run = async (...args: string[]) => {
    const r = await runCli(undefined, ...args, '--sandbox', '--json');
    return { code: r.code, json: JSON.parse(r.stdout) as Record<string, unknown> };
  };
  const org = () => JSON.parse(readFileSync(join('.presence-kit', 'sandbox', 'org.json'), 'utf8')) as { roles?: Array<{ id: string; name: string }> };

  it('apply, destroy and apply again in separate runs: the admin keeps Master Admin, and status sees what apply made', async () => {
    expect((await run('apply', '--yes', '--blueprint', 'pre-break')).code).toBe(0);
    const masterAdmin = org().roles!.find((r) => r.name === 'Master Admin')!;
    expect((await run('destroy', '--yes', '--blueprint', 'pre-break')).code).toBe(0);
    const again = await run('apply', '--yes', '--blueprint', 'pre-break');
    expect(again.code).toBe(0);
    expect(again.json.summary).toMatchObject({ create: 4 });
    const roles = org().roles!;
    expect(roles.find((r) => r.id === masterAdmin.id)?.name).toBe('Master Admin');
    expect(roles.map((r) => r.name).sort()).toEqual(['Master Admin', 'Pre-Break Presence Job']);
    const st = await run('status');
    expect(st.json.inSync).toBe(true);
    expect((await run('apply', '--yes')).json).toMatchObject({ writes: expect.any(Number) });
    expect((await run('apply', '--yes')).json.writes).toBe(0);
  });

  it('plan takes its blueprints from PRESENCE_KIT_BLUEPRINTS when no --blueprint is given, as setup does', async () => {
    process.env.PRESENCE_KIT_BLUEPRINTS = 'pre-break';
    expect((await run('plan')).json.blueprints).toEqual(['pre-break']);
    expect((await run('plan', '--blueprint', 'teams-presence')).json.blueprints).toEqual(['teams-presence']);
  });

  it('a damaged saved admin client is one line naming the folder to delete, not a bare JSON error', async () => {
    mkdirSync(join('.presence-kit', 'sandbox'), { recursive: true });
    for (const text of ['{"id": "abc", "sec', '{"id": "abc"}']) {
      writeFileSync(join('.presence-kit', 'sandbox', 'admin.json'), text);
      const r = await runCli(undefined, 'status');
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/admin\.json is damaged \(not the embedded sandbox's admin client\): delete .*\.presence-kit[\\/]sandbox to start the embedded sandbox afresh$/)]);
    }
  });
});
