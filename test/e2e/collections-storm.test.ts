import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, inventory, LIVE, openTestTarget, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';
import { added, expectedInventory, readCollection, runCollection, sandboxEnvironment } from './collections-harness.js';

/**
 * newman never retries; the collections do: a 429 is waited out (`Retry-After`) and the same
 * request sent again, a bounded number of times in a row.
 */
describe.skipIf(LIVE)(`collections under a 429 storm (${SANDBOX_ONLY})`, () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await openTestTarget();
  });
  afterAll(() => t?.close());

  it('rides out a storm of 429s: every rate-limited request is sent again after Retry-After, and the run passes with nothing created twice', async () => {
    const baseline = await inventory(t);
    await control(t, 'faults', { storm: { count: 3, retryAfterSeconds: 1 } });
    const run = await runCollection(readCollection('pre-break'), { environment: sandboxEnvironment(t.sandbox!), folder: 'Setup' });
    expect(run.failures).toEqual([]);
    // The three 429s hit the first API call after the token; it went through on the fourth try.
    const first = run.executed.filter((e) => e.item === run.executed.find((x) => x.code === 429)?.item).map((e) => e.code);
    expect(first).toEqual([429, 429, 429, 200]);
    expect(run.console.filter((l) => l.startsWith('429 on'))).toHaveLength(3);
    expect(added(baseline, await inventory(t))).toEqual(expectedInventory('pre-break'));
  });

  it('gives up after maxRetries 429s in a row: a failed test names the status and the run stops there, creating nothing', async () => {
    const before = await inventory(t);
    await control(t, 'faults', { storm: { count: 3, retryAfterSeconds: 1 } });
    const run = await runCollection(readCollection('teams-presence'), { environment: sandboxEnvironment(t.sandbox!, { maxRetries: '1' }), folder: 'Setup' });
    await control(t, 'faults', { storm: { count: 0 } });
    expect(run.executed.map((e) => `${e.code} ${e.item}`)).toEqual([
      '200 Get an access token (Client Credentials)',
      '429 Get the home division',
      '429 Get the home division',
    ]);
    expect(run.failures[0]).toMatch(/^Get the home division: GET \/api\/v2\/authorization\/divisions\/home answers 200: Rate limit exceeded.*429/);
    expect(added(before, await inventory(t))).toEqual({});
  });
});
