import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { LIVE, openTestTarget, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';
import { fullCycle, type NewmanRun } from './collections-harness.js';

const BLUEPRINT = 'pre-break';
const envValue = (run: NewmanRun, key: string) => String(run.environment.values.find((v) => v.key === key)?.value ?? '');

describe.skipIf(LIVE)(`the ${BLUEPRINT} collection under newman against the sandbox (${SANDBOX_ONLY})`, () => {
  let t: TestTarget;
  beforeAll(async () => {
    t = await openTestTarget();
  });
  afterAll(() => t?.close());

  it('creates the presence and the job’s client, hands the job’s credentials to the environment (never to a log), and tears down', async () => {
    const { full, again } = await fullCycle(t, BLUEPRINT, expect);

    // What `apply` writes to the 0600 credentials file, the collection leaves in the environment (the full run's client is alive).
    const clientId = envValue(full, 'pre-break.clientId');
    const clientSecret = envValue(full, 'pre-break.clientSecret');
    expect(clientId).toMatch(/^[0-9a-f-]{36}$/);
    expect(clientSecret.length).toBeGreaterThan(10);
    expect(envValue(full, 'pre-break.presenceDefinitionName')).toBe('Pre-Break');
    expect(envValue(full, 'pre-break.presenceDefinitionId')).toMatch(/^[0-9a-f-]{36}$/);
    // …and it works: the job can log in with it and read presence definitions, its least privilege.
    const job = await GenesysClient.connect({ clientId, clientSecret, gatewayUrl: t.sandbox!.url });
    const defs = await job.request<{ entities: Array<{ id: string }> }>('GET', '/api/v2/presence/definitions');
    expect(defs.entities.map((d) => d.id)).toContain(envValue(full, 'pre-break.presenceDefinitionId'));
    // The secret appears in no log line and not in the Teardown ledger (globals).
    expect(full.console.join('\n')).not.toContain(clientSecret);
    expect(JSON.stringify(full.globals)).not.toContain(clientSecret);

    // Once the client exists its secret cannot be read back: a later run says so and leaves the environment's alone.
    expect(again.console.join('\n')).toContain('existed before this run');
    expect(envValue(again, 'pre-break.clientSecret')).toBe(clientSecret);
  });
});
