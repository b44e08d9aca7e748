import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { describeSandbox, openTestTarget, type TestTarget } from '../helpers/target.js';

/** timeline and watch with bad input: one line naming the fix, a non-zero exit, nothing on stdout, nothing read or written. */
describe('timeline and watch: bad flags stop before anything is opened', () => {
  it.each([
    [['timeline'], /^error: --user: name at least one user \(id, email or name\)/],
    [['timeline', '--user', 'a', '--since', '2h', '--from', '2026-01-05T08:00:00Z'], /^error: give --since, or --from\/--to, not both/],
    [['timeline', '--user', 'a', '--from', 'yesterday'], /^error: --from: "yesterday" is not a date-time; use ISO-8601/],
    [['timeline', '--user', 'a', '--since', 'a while'], /^error: --since: "a while" is not a duration/],
    [['watch'], /^error: give --user U… or --all/],
    [['watch', '--all', '--user', 'a'], /^error: give --user U… or --all/],
  ])('%j', async (args, message) => {
    const r = await runCli(undefined, ...(args as string[]));
    expect(r.code).not.toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr.trim()).toMatch(message as RegExp);
  });
});

describeSandbox('users', 'timeline and watch name the user they cannot find', () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await openTestTarget({ users: 3 });
  });
  afterAll(() => t?.close());

  it.each([['timeline'], ['watch']])('%s --user nobody@example.com: one line, exit 1', async (cmd) => {
    const r = await runCli(t, cmd, '--user', 'nobody@example.com');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toMatch(/^error: --user: no user with id, email or name "nobody@example.com"/);
  });
});
