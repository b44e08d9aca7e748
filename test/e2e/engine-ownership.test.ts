import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect } from 'vitest';
import { apply, loadBlueprints, plan, planDestroy, status } from '../../src/engine/index.js';
import type { GenesysClient } from '../../src/genesys/client.js';
import { inputFromExport, readActionExport } from '../../src/resources/data-action.js';
import { DataTableSpecSchema, rowsOf, schemaOf } from '../../src/resources/data-table.js';
import { duplicates, live } from '../helpers/duplicates.js';
import { echoFlowYaml, importYaml } from '../helpers/simulate.js';
import { readHomeDivision } from '../../src/resources/context.js';
import { inventory, itSandbox, withTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The org is the truth, and only what is ours is ours. An admin followed the setup guides by hand
 * before: an entity of every kind presence-kit makes already exists under the kit's name, with
 * other settings. apply stops before any write, one line per entity; adopting all of them (and
 * allowing the one secret rotation the adopted credential needs), apply and destroy run, and
 * afterwards each foreign entity is what it was — or destroy said which it could not put back, and why.
 */
const ROOT = resolve(import.meta.dirname, '../..');

/** One entity of each Genesys kind, named as presence-kit names them, set up differently. */
async function foreignTwins(client: GenesysClient): Promise<Record<string, string>> {
  const divisionId = (await readHomeDivision(client)).id;
  const post = <T = { id: string }>(path: string, body: unknown) => client.request<T>('POST', path, { body });
  const role = await post('/api/v2/authorization/roles', {
    name: 'Presence API Admin',
    description: 'Made by hand from the setup guide',
    permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }],
  });
  const oauth = await post<{ id: string; secret: string }>('/api/v2/oauth/clients', {
    name: 'Presence Public API',
    description: 'Made by hand',
    authorizedGrantType: 'CLIENT-CREDENTIALS',
    roleDivisions: [{ roleId: role.id, divisionId }],
  });
  const credential = await post('/api/v2/integrations/credentials', {
    name: 'Presence Public API Credentials',
    type: { name: 'pureCloudOAuthClient' },
    credentialFields: { clientId: oauth.id, clientSecret: oauth.secret },
  });
  const integration = await post('/api/v2/integrations', { name: 'Update Genesys Cloud User Presence', integrationType: { id: 'purecloud-data-actions' }, notes: 'hand-made' });
  const cfg = await client.request<{ version: number }>('GET', `/api/v2/integrations/${integration.id}/config/current`);
  await client.request('PUT', `/api/v2/integrations/${integration.id}/config/current`, {
    body: { name: 'Update Genesys Cloud User Presence', version: cfg.version, notes: 'hand-made', properties: {}, advanced: {}, credentials: { pureCloudOAuthClient: { id: credential.id } } },
  });
  await client.request('PATCH', `/api/v2/integrations/${integration.id}`, { body: { intendedState: 'DISABLED' } });
  const exported = inputFromExport(readActionExport(join(ROOT, 'data-actions/get-user-presence.custom.json')), { integrationId: integration.id, category: 'Update Genesys Cloud User Presence' });
  const action = await post('/api/v2/integrations/actions', { ...exported, config: { ...exported.config, request: { ...exported.config.request, headers: { 'X-Made-By': 'hand' } } } });
  const tableNode = loadBlueprints({ blueprints: ['teams-presence'] }).nodes.find((n) => n.name === 'MsTeamsPresenceMappings')!;
  const tableSpec = DataTableSpecSchema.parse(tableNode.spec);
  const table = await post('/api/v2/flows/datatables', { name: tableNode.name, description: 'hand-made', division: { id: divisionId }, schema: schemaOf(tableSpec) });
  const [first] = rowsOf(tableSpec);
  await post(`/api/v2/flows/datatables/${table.id}/rows`, { ...first, [tableSpec.valueColumn!]: 'hand-picked' });
  const job = await importYaml(client, echoFlowYaml('Set GC User to Busy', '', 'Made by hand from the setup guide'));
  const trigger = await post('/api/v2/processautomation/triggers', {
    name: 'GC Communicate Call User Start',
    topicName: 'v2.detail.events.conversation.{id}.user.start',
    enabled: false,
    target: { type: 'Workflow', id: job.flow!.id, workflowTargetSettings: { dataFormat: 'TopLevelPrimitives' } },
    matchCriteria: [],
    description: 'hand-made, switched off',
  });
  const presence = await post('/api/v2/presence/definitions', { languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'Away' });
  return { role: role.id, oauth: oauth.id, credential: credential.id, integration: integration.id, action: action.id, table: table.id, flow: job.flow!.id, trigger: trigger.id, presence: presence.id };
}

/** Each foreign entity as the API shows it (what the inventory summary leaves out: descriptions, notes, config, rows). */
async function details(client: GenesysClient, ids: Record<string, string>): Promise<Record<string, unknown>> {
  const get = (path: string, query?: Record<string, unknown>) => client.request<Record<string, unknown>>('GET', path, query ? { query } : undefined);
  // Bookkeeping Genesys moves on with every write (lock versions, timestamps), not settings.
  const BOOKKEEPING = ['version', 'dateModified', 'modifiedDate', 'modifiedBy', 'lastUpdated'];
  const strip = (o: Record<string, unknown>): Record<string, unknown> =>
    Object.fromEntries(
      Object.entries(o)
        .filter(([k]) => !BOOKKEEPING.includes(k))
        .map(([k, v]) => [k, v && typeof v === 'object' && !Array.isArray(v) ? strip(v as Record<string, unknown>) : v]),
    );
  return {
    role: strip(await get(`/api/v2/authorization/roles/${ids.role}`)),
    oauth: strip(await get(`/api/v2/oauth/clients/${ids.oauth}`)),
    integration: strip(await get(`/api/v2/integrations/${ids.integration}`)),
    integrationConfig: strip(await get(`/api/v2/integrations/${ids.integration}/config/current`)),
    action: strip(await get(`/api/v2/integrations/actions/${ids.action}`, { expand: 'contract', includeConfig: true })),
    table: strip(await get(`/api/v2/flows/datatables/${ids.table}`, { expand: 'schema' })),
    rows: (await get(`/api/v2/flows/datatables/${ids.table}/rows`, { showbrief: false })).entities,
    trigger: strip(await get(`/api/v2/processautomation/triggers/${ids.trigger}`)),
    presence: strip(await get(`/api/v2/presence/definitions/${ids.presence}`)),
  };
}

async function twinsScenario(t: TestTarget) {
  const client = await t.client({ requestsPerMinute: 0 });
  const workDir = mkdtempSync(join(tmpdir(), 'pk-twins-'));
  const ids = await foreignTwins(client);
  const before = live(await inventory(t));
  const detailsBefore = await details(client, ids);
  const writes = client.stats.writes;

  // 1. Stops before any write: one line per twin, each naming both ways on.
  const stop = await plan({ client, workDir }).then(
    () => undefined,
    (e: Error) => e.message,
  );
  expect(stop).toMatch(/^9 entities in the org have the name presence-kit would use but not its mark — nothing was written/);
  const lines = stop!.split('\n').slice(1);
  expect(lines).toHaveLength(9);
  for (const l of lines) expect(l).toMatch(/has no presence-kit mark|cannot carry a mark/);
  for (const l of lines) expect(l).toMatch(/rename ours \(.+\) or adopt it \(--adopt [\w-]+\/.+\)$/);
  expect(client.stats.writes).toBe(writes);
  expect(live(await inventory(t))).toEqual(before);

  // 2. Adopting the client does not allow a new secret for it: the credential that needs one is refused, naming the fix.
  const adopt = lines.map((l) => /--adopt ([\w-]+\/.+)\)$/.exec(l)![1]!);
  await expect(plan({ client, workDir, adopt })).rejects.toThrow(/needs the secret of OAuth client "Presence Public API".*--rotate-secret oauth-client\/Presence Public API/);
  expect(client.stats.writes).toBe(writes);

  // 3. With both: the plan shows field by field what adoption changes.
  const p = await plan({ client, workDir, adopt, rotateSecret: ['oauth-client/Presence Public API'] });
  const roleStep = p.steps.find((s) => s.kind === 'role' && s.name === 'Presence API Admin')!;
  expect(roleStep.action).toBe('adopt');
  expect(roleStep.changes).toContainEqual(expect.objectContaining({ field: 'permissions', from: ['presence:*:*'], to: expect.arrayContaining(['presence:userPresence:edit']) }));
  expect(p.steps.find((s) => s.kind === 'trigger' && s.name === 'GC Communicate Call User Start')!.changes).toContainEqual(expect.objectContaining({ field: 'enabled', from: false, to: true }));
  await apply(p);
  expect(duplicates(await inventory(t))).toEqual([]);
  expect((await apply(await plan({ client, workDir }))).writes).toBe(0);

  // 4. destroy: what presence-kit made goes, what it adopted is put back — or it says why not.
  const d = await planDestroy({ client, workDir });
  const notBack = d.steps.filter((s) => /cannot be put back/.test(s.reason));
  expect(notBack.map((s) => `${s.kind}:${s.name}`).sort()).toEqual(['credential:Presence Public API Credentials', 'workflow:Set GC User to Busy']);
  await apply(d);
  const unrestorable = new Set(notBack.map((s) => s.id));
  // Every field, bar the optimistic-locking counter every write moves on (Genesys never lets it go back).
  const comparable = (inv: typeof before) =>
    Object.fromEntries(Object.entries(inv).map(([k, list]) => [k, list.filter((e) => !unrestorable.has(e.id)).map(({ version: _v, ...e }) => e)]));
  expect(comparable(live(await inventory(t)))).toEqual(comparable(before));
  expect(await details(client, ids)).toEqual(detailsBefore);
  rmSync(workDir, { recursive: true, force: true });
}

/** The CLI as a user runs it, against the test's sandbox, in `cwd`. */
function cli(t: TestTarget, cwd: string, ...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, GENESYSCLOUD_OAUTHCLIENT_ID: t.connection.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: t.connection.clientSecret, GENESYSCLOUD_API_URL: t.sandbox!.url, NO_COLOR: '1' };
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(ROOT, 'bin/presence-kit.mjs'), ...args], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('exit', (code) => done({ code, stdout, stderr }));
  });
}

describe('engine: ownership marks and explicit adoption', () => {
  itSandbox('inventory', 'apply --yes never adopts: a hand-made role stops it with one line naming both choices, nothing written', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const client = await t.client({ requestsPerMinute: 0 });
      await client.request('POST', '/api/v2/authorization/roles', { body: { name: 'Presence API Admin', permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }] } });
      const before = await inventory(t);
      const r = await cli(t, mkdtempSync(join(tmpdir(), 'pk-yes-')), 'apply', '--yes', '--blueprint', 'communicate-call');
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([
        'error: 1 entity in the org has the name presence-kit would use but not its mark — nothing was written:',
        expect.stringMatching(/^ {2}role "Presence API Admin" \([^)]+\) has no presence-kit mark — rename ours \(--set namePrefix=<another name>\) or adopt it \(--adopt role\/Presence API Admin\)$/),
      ]);
      expect(await inventory(t)).toEqual(before);
    });
  });

  itSandbox('inventory', 'a foreign twin of every kind stops apply before any write; adopted, applied and destroyed, each is put back as it was', async () => {
    await withTestTarget({ rateLimit: 0 }, twinsScenario);
  });

  itSandbox('inventory', 'a fresh clone with the same deployment id plans nothing, reports in sync and destroys everything (state rebuilt from the marks)', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const client = await t.client({ requestsPerMinute: 0 });
      const before = live(await inventory(t));
      const laptop = mkdtempSync(join(tmpdir(), 'pk-laptop-'));
      const made = (await apply(await plan({ client, workDir: laptop, deployment: 'cc-prod' }))).steps.length;
      // All in the org but the pre-break credentials file, which is local to the laptop (CI writes its own).
      const inOrg = made - 1;

      // CI: an empty checkout, the same deployment id (through the environment).
      const ci = mkdtempSync(join(tmpdir(), 'pk-ci-'));
      const env = { PRESENCE_KIT_DEPLOYMENT: 'cc-prod' };
      const p = await plan({ client, workDir: ci, env });
      expect(p.notes.join('\n')).toContain(`state.json missing: rebuilt from the org — ${inOrg} entities carry the mark of deployment "cc-prod"`);
      // Nothing to do: the local credentials file is not written here, as its secret could only be a new one (the laptop's job holds the current one).
      expect(p.steps.filter((s) => s.action !== 'noop').map((s) => `${s.action} ${s.kind}:${s.name}`)).toEqual([]);
      expect(p.steps.find((s) => s.kind === 'credentials-file')!.reason).toMatch(/^not written here: .*--rotate-secret oauth-client\/Pre-Break Presence Job$/);
      expect((await status({ client, workDir: ci, env, blueprints: ['communicate-call', 'teams-presence'] })).inSync).toBe(true);

      // Another deployment id sees presence-kit's entities as someone else's and writes nothing.
      await expect(plan({ client, workDir: mkdtempSync(join(tmpdir(), 'pk-other-')), deployment: 'other' })).rejects.toThrow(/belongs to presence-kit deployment "cc-prod", not "other"/);

      // A damaged state file is set aside and rebuilt, saying so.
      writeFileSync(join(ci, '.presence-kit', 'state.json'), '{"version": 1, "resources": {"x": ');
      const again = await plan({ client, workDir: ci, env });
      expect(again.notes.join('\n')).toMatch(new RegExp(`damaged \\(not valid JSON.*rebuilt from the org — ${inOrg} entities`));
      expect(again.steps.filter((s) => s.action !== 'noop')).toHaveLength(0);

      // Everything in the org goes (the laptop's local credentials file is the laptop's).
      const r = await apply(await planDestroy({ client, workDir: ci, env }));
      expect(r.summary.delete).toBe(inOrg);
      expect(live(await inventory(t))).toEqual(before);
    });
  });

  itSandbox('inventory', 'renaming a workflow in the manifest replaces the old flow instead of leaving it behind', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const client = await t.client({ requestsPerMinute: 0 });
      const before = live(await inventory(t));
      const workDir = mkdtempSync(join(tmpdir(), 'pk-rename-'));
      const dir = mkdtempSync(join(tmpdir(), 'pk-rename-bp-'));
      const { readFileSync } = await import('node:fs');
      const manifest = readFileSync(join(ROOT, 'blueprints/communicate-call.yaml'), 'utf8').replaceAll('../', `${ROOT}/`);
      writeFileSync(join(dir, 'communicate-call.yaml'), manifest);
      await apply(await plan({ client, workDir, blueprints: ['communicate-call'], dir }));
      const flowFile = join(dir, 'busy.yaml');
      writeFileSync(flowFile, readFileSync(join(ROOT, 'workflows/set-gc-user-to-busy.yaml'), 'utf8').replace('name: Set GC User to Busy', 'name: Set User Busy On Call'));
      writeFileSync(join(dir, 'communicate-call.yaml'), manifest.replace('${var.namePrefix}${var.busyWorkflowName}', '${var.namePrefix}Set User Busy On Call').replace('declaredName: Set GC User to Busy', 'declaredName: Set User Busy On Call').replace(`${ROOT}/workflows/set-gc-user-to-busy.yaml`, flowFile));
      await apply(await plan({ client, workDir, blueprints: ['communicate-call'], dir }));
      const flows = live(await inventory(t)).flows!.map((f) => f.name).sort();
      expect(flows).toEqual(['Set GC User to Available', 'Set User Busy On Call']);
      await apply(await planDestroy({ client, workDir }));
      expect(live(await inventory(t))).toEqual(before);
    });
  });
});
