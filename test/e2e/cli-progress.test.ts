import { describe, expect, it } from 'vitest';
import { describeWaits } from '../../src/cli/progress.js';
import { hasScript, runBin, useAdminSandbox } from '../helpers/terminal.js';

/**
 * A wait of over a second shows on the terminal as it happens: what is awaited (here a 429 storm
 * whose Retry-After is 2 s, so every wait outlasts the 1 s threshold by construction), and nothing
 * of it through a pipe or with --json. Before, such a run printed nothing until it was over.
 */
describe.skipIf(!hasScript)('live progress on stderr while waiting', () => {
  const sandbox = useAdminSandbox();

  const storm = async () => {
    const res = await fetch(`${sandbox.url}/sandbox/v1/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ storm: { count: 2, retryAfterSeconds: 2 } }) });
    expect(res.ok).toBe(true);
  };

  it('on a terminal: says it is rate limited, with the Retry-After, while it waits; then succeeds', async () => {
    await storm();
    const r = await runBin(['whoami'], sandbox.env, { terminal: true });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/rate limited by Genesys \(429, Retry-After 2 s\)|holding calls for 2 s/);
    expect(r.stdout).toContain('token:         OK');
  });

  it('through a pipe, or with --json: no progress line at all', async () => {
    await storm();
    const piped = await runBin(['whoami'], sandbox.env, { terminal: false });
    await storm();
    const json = await runBin(['whoami', '--json'], sandbox.env, { terminal: true });
    expect(piped.code).toBe(0);
    expect(json.code).toBe(0);
    for (const out of [piped.stdout + piped.stderr, json.stdout + json.stderr]) expect(out).not.toMatch(/rate limited|retry \d of/);
  });
});

describe('the progress text', () => {
  it('names the longest wait, the time left, and how many more', () => {
    const now = 10_000;
    const text = describeWaits(
      [
        { id: 2, what: 'GET /api/v2/users: 503 service.unavailable — retry 2 of 7 in 4 s', since: 9_000, until: 13_000 },
        { id: 1, what: 'the Architect import job for workflow "X" (up to 960 s)', since: 7_000 },
      ],
      now,
    );
    expect(text).toBe('the Architect import job for workflow "X" (up to 960 s) · 3 s so far (+1 more waiting)');
  });
});
