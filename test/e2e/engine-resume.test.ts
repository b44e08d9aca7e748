import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, vi } from 'vitest';
import { GenesysClient } from '../../src/genesys/client.js';
import { apply, plan, planDestroy, type PlanStep } from '../../src/engine/index.js';
import { duplicates, live } from '../helpers/duplicates.js';
import { inventory, itSandbox, withTestTarget, type TestTarget } from '../helpers/target.js';
import { SHIPPED_RESOURCES } from '../helpers/shipped.js';

/**
 * Killing apply at any point and running it again converges: no duplicates, everything recorded
 * as presence-kit's (so destroy still removes it all), and a client secret lost with the crash is
 * issued anew and reaches the credential that needs it.
 */
const ROOT = resolve(import.meta.dirname, '../..');

class Crash extends Error {}

/** The presence integration's data action runs with the stored credential: proof its secret is current. */
async function credentialWorks(client: GenesysClient): Promise<boolean> {
  const users = await client.request<{ entities: Array<{ id: string }> }>('GET', '/api/v2/users', { query: { pageSize: 1 } });
  const actions = await client.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/integrations/actions', { query: { pageSize: 100 } });
  const a = actions.entities.find((x) => x.name === 'Get Genesys Cloud User Presence')!;
  const out = await client.request<Record<string, unknown>>('POST', `/api/v2/integrations/actions/${a.id}/execute`, { body: { USER_ID: users.entities[0]!.id } }).catch(() => undefined);
  return typeof out?.systemPresence === 'string';
}

async function convergesAfter(t: TestTarget, crashAt: (step: PlanStep, index: number) => boolean, where: 'afterWrite' | 'afterStep') {
  const client = await t.client();
  const workDir = mkdtempSync(join(tmpdir(), 'pk-resume-'));
  const before = await inventory(t);
  const hook = (step: PlanStep, index: number) => {
    if (crashAt(step, index)) throw new Crash(`killed after ${step.kind} "${step.name}"`);
  };
  await expect(apply(await plan({ client, workDir }), { hooks: { [where]: hook } })).rejects.toBeInstanceOf(Crash);

  const resumed = await plan({ client, workDir });
  expect(resumed.summary.adopt).toBe(0);
  await apply(resumed);
  const inv = await inventory(t);
  expect(duplicates(inv)).toEqual([]);
  const again = await plan({ client, workDir });
  expect(again.steps.filter((s) => s.action !== 'noop').map((s) => `${s.kind}:${s.name}`)).toEqual([]);
  const state = JSON.parse(readFileSync(join(workDir, '.presence-kit', 'state.json'), 'utf8')) as { resources: Record<string, { status: string; createdBy: string }> };
  expect(Object.values(state.resources).every((e) => e.status === 'ready' && e.createdBy === 'presence-kit')).toBe(true);
  expect(Object.keys(state.resources)).toHaveLength(SHIPPED_RESOURCES);
  expect(await credentialWorks(client)).toBe(true);
  await apply(await planDestroy({ client, workDir }));
  expect(live(await inventory(t))).toEqual(live(before));
}

describe('engine: kill and resume', () => {
  const cases: Array<[string, (s: PlanStep, i: number) => boolean, 'afterWrite' | 'afterStep']> = [
    ['after the first create, before the state file records it', (_s, i) => i === 0, 'afterWrite'],
    ['after an OAuth client is created (its secret dies with the process)', (s) => s.kind === 'oauth-client' && s.name === 'Presence Public API', 'afterWrite'],
    ['after the credential that holds the secret is created', (s) => s.kind === 'credential' && s.name === 'Presence Public API Credentials', 'afterStep'],
    ['after an integration is created, before it is recorded', (s) => s.kind === 'integration', 'afterWrite'],
    ['after a workflow is published', (s) => s.kind === 'workflow', 'afterWrite'],
    ['after the pre-break client, before its credentials file', (s) => s.kind === 'oauth-client' && s.name === 'Pre-Break Presence Job', 'afterStep'],
  ];
  for (const [name, crashAt, where] of cases) {
    itSandbox('inventory', `converges without duplicates when killed ${name}`, async () => {
      await withTestTarget({}, async (t) => {
      await convergesAfter(t, crashAt, where);
      });
    });
  }

  itSandbox('inventory', 'converges when killed during a workflow import job (registered and uploaded, its outcome never read)', async () => {
    await withTestTarget({}, async (t) => {
    const client = await t.client();
    const workDir = mkdtempSync(join(tmpdir(), 'pk-job-'));
    const before = await inventory(t);
    const request = client.request.bind(client);
    let polls = 0;
    const spy = vi.spyOn(client, 'request').mockImplementation(((method: string, path: string, o?: never) => {
      // The first poll of the first job: the YAML is uploaded and Archy is at work when the process dies.
      if (method === 'GET' && /^\/api\/v2\/flows\/jobs\/[^/]+$/.test(path) && polls++ === 0) throw new Crash('killed while the import job runs');
      return request(method as never, path, o);
    }) as typeof client.request);
    await expect(apply(await plan({ client, workDir }))).rejects.toBeInstanceOf(Crash);
    spy.mockRestore();
    const state = JSON.parse(readFileSync(join(workDir, '.presence-kit', 'state.json'), 'utf8')) as { resources: Record<string, { status: string; id: string | null }> };
    expect(state.resources['workflow:Set GC User to Busy']).toMatchObject({ status: 'creating', id: null });

    await apply(await plan({ client, workDir }));
    const inv = await inventory(t);
    expect(duplicates(inv)).toEqual([]);
    expect(inv.flows!.filter((f) => f.name === 'Set GC User to Busy' && f.deleted !== true)).toHaveLength(1);
    const again = await plan({ client, workDir });
    expect(again.summary.noop).toBe(SHIPPED_RESOURCES);
    await apply(await planDestroy({ client, workDir }));
    expect(live(await inventory(t))).toEqual(live(before));
    });
  });

  itSandbox('inventory', 'converges after the CLI process is SIGKILLed mid-apply', async () => {
    await withTestTarget({}, async (t) => {
    const client = await t.client();
    const workDir = mkdtempSync(join(tmpdir(), 'pk-kill-'));
    const before = await inventory(t);
    const env = { ...process.env, GENESYSCLOUD_OAUTHCLIENT_ID: t.connection.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: t.connection.clientSecret, GENESYSCLOUD_API_URL: t.sandbox!.url };
    const child = spawn(process.execPath, [join(ROOT, 'bin/presence-kit.mjs'), 'apply', '--yes'], { cwd: workDir, env, stdio: 'ignore' });
    const stateFile = join(workDir, '.presence-kit', 'state.json');
    const exited = new Promise<void>((r) => child.on('exit', () => r()));
    // Kill it as soon as the state file records a third resource (wherever the run then is).
    // No limit on the wait: on a loaded machine the child takes as long as it takes to get there.
    while (child.exitCode === null) {
      const n = existsSync(stateFile) ? Object.keys(JSON.parse(readFileSync(stateFile, 'utf8') || '{}').resources ?? {}).length : 0;
      if (n >= 3) {
        child.kill('SIGKILL');
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
    await exited;
    await apply(await plan({ client, workDir }));
    expect(duplicates(await inventory(t))).toEqual([]);
    const again = await plan({ client, workDir });
    expect(again.summary.noop).toBe(SHIPPED_RESOURCES);
    expect(await credentialWorks(client)).toBe(true);
    await apply(await planDestroy({ client, workDir }));
    expect(live(await inventory(t))).toEqual(live(before));
    });
  });
});
