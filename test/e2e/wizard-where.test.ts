import { mkdirSync, readFileSync, statSync, existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GenesysClient, type Connection } from '../../src/genesys/client.js';
import { chooseWhere, savedOrgFile } from '../../src/wizard/where.js';
import { LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';
import { recordedIO, scripted, tempDir } from './wizard-helpers.js';

/**
 * Step 1 with no GENESYSCLOUD_* set and "a Genesys Cloud org" chosen: region, client id and a
 * masked secret; the verdict at once; the secret stored only when asked, owner-only. (The region's
 * host is swapped for the sandbox gateway: no test reaches the internet.)
 */
describe.skipIf(LIVE)('the "where" step for an org entered by hand', () => {
  let t: TestTarget;
  const dir = tempDir('pk-where-');
  let regionsSeen: string[] = [];
  const viaSandbox = (c: Connection) => {
    regionsSeen.push(c.region!.name);
    return GenesysClient.connect({ clientId: c.clientId, clientSecret: c.clientSecret, gatewayUrl: t.sandbox!.url });
  };
  const noSandbox = () => Promise.reject(new Error('the sandbox must not start'));
  beforeAll(async () => {
    t = await openTestTarget();
  });
  afterAll(() => t?.close());

  it('refuses wrong credentials at once, with the verdict, and stores nothing', async () => {
    const io = recordedIO(scripted({ where: 'org', region: 'eu-west-1', clientId: t.connection.clientId, clientSecret: 'wrong-secret-123456' }));
    await expect(chooseWhere(io, { openSandbox: noSandbox, env: {}, workDir: dir, connect: viaSandbox })).rejects.toMatchObject({ status: 401 });
    expect(io.text()).toContain('✗ Credentials refused');
    expect(io.text()).not.toContain('wrong-secret-123456');
    expect(existsSync(savedOrgFile(dir))).toBe(false);
  });

  it('logs in, saves the credentials only when asked (0600), and offers them next time', async () => {
    regionsSeen = [];
    const prompter = scripted({ where: 'org', region: 'eu-west-1', clientId: t.connection.clientId, clientSecret: t.connection.clientSecret, saveCredentials: true });
    const io = recordedIO(prompter);
    const w = await chooseWhere(io, { openSandbox: noSandbox, env: {}, workDir: dir, connect: viaSandbox });
    expect(w.kind).toBe('org');
    expect(w.label).toBe('eu-west-1 (https://api.mypurecloud.ie)');
    expect(regionsSeen).toEqual(['eu-west-1']);
    // Later commands read the environment: the summary tells how to reach this org again.
    expect(w.envHint).toBe(`GENESYSCLOUD_REGION=eu-west-1 GENESYSCLOUD_OAUTHCLIENT_ID=${t.connection.clientId} GENESYSCLOUD_OAUTHCLIENT_SECRET=<the secret>`);
    expect(io.text()).toContain('✓ Credentials accepted');
    expect(io.text()).not.toContain(t.connection.clientSecret);
    expect(statSync(savedOrgFile(dir)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(savedOrgFile(dir), 'utf8'))).toMatchObject({ region: 'eu-west-1', clientId: t.connection.clientId });

    const next = scripted({ where: (q: { choices: Array<{ value: string; name: string }> }) => q.choices.find((c) => c.value === 'saved')!.value });
    const again = await chooseWhere(recordedIO(next), { openSandbox: noSandbox, env: {}, workDir: dir, connect: viaSandbox });
    expect(again.clientId).toBe(t.connection.clientId);
    expect(next.asked.map((q) => q.id)).toEqual(['where']);
  });

  it('without being asked to, keeps the secret nowhere', async () => {
    const d2 = tempDir('pk-where-nosave-');
    const io = recordedIO(scripted({ where: 'org', region: 'us-east-1', clientId: t.connection.clientId, clientSecret: t.connection.clientSecret, saveCredentials: false }));
    await chooseWhere(io, { openSandbox: noSandbox, env: {}, workDir: d2, connect: viaSandbox });
    expect(existsSync(savedOrgFile(d2))).toBe(false);
  });

  it('validates the client id as it is typed', async () => {
    const io = recordedIO(scripted({ where: 'org', region: 'us-east-1', clientId: 'not-a-guid' }));
    await expect(chooseWhere(io, { openSandbox: noSandbox, env: {}, workDir: dir, connect: viaSandbox })).rejects.toThrow(/36-character GUID/);
  });

  it('a damaged saved-org file is not offered (it was a crash with a bare JSON error); the org can still be typed in', async () => {
    const d3 = tempDir('pk-where-damaged-');
    mkdirSync(dirname(savedOrgFile(d3)), { recursive: true });
    writeFileSync(savedOrgFile(d3), '{"region": "eu-west-1", "clientId": "x", "clientSe');
    let offered: string[] = [];
    const where = (q: { choices: Array<{ value: string }> }) => ((offered = q.choices.map((c) => c.value)), 'org');
    const prompter = scripted({ where, region: 'eu-west-1', clientId: t.connection.clientId, clientSecret: t.connection.clientSecret, saveCredentials: false });
    const w = await chooseWhere(recordedIO(prompter), { openSandbox: noSandbox, env: {}, workDir: d3, connect: viaSandbox });
    expect(w.clientId).toBe(t.connection.clientId);
    expect(offered).toEqual(['sandbox', 'org']);
  });
});
