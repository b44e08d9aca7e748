import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCollection, buildEnvironment, GeneratorError, generate } from '../../src/collections/index.js';
import type { Collection, Folder, RequestItem } from '../../src/collections/postman.js';
import { loadBlueprints } from '../../src/engine/blueprints.js';
import { SYSTEM_PRESENCE_IDS } from '../../src/model/presence.js';
import { actionInput, type DataActionSpec } from '../../src/resources/data-action.js';

const BLUEPRINTS = ['communicate-call', 'teams-presence', 'pre-break'];

const requests = (items: Array<RequestItem | Folder>): RequestItem[] => items.flatMap((i) => ('item' in i ? requests(i.item) : [i]));
const folder = (c: Collection, name: string) => c.item.find((f) => f.name === name)!;
const rawUrl = (r: RequestItem) => (typeof r.request.url === 'string' ? r.request.url : r.request.url.raw);
const scriptOf = (r: RequestItem, listen: 'prerequest' | 'test') => r.event?.find((e) => e.listen === listen)?.script.exec.join('\n') ?? '';
const collections = Object.fromEntries(BLUEPRINTS.map((b) => [b, buildCollection(b)])) as Record<string, Collection>;

describe('generated collections', () => {
  it('are byte-identical from one build to the next (stable ids, fixed key order)', () => {
    expect(generate()).toEqual(generate());
    for (const c of Object.values(collections)) {
      const ids = requests(c.item).map((r) => r.id);
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it.each(BLUEPRINTS)('%s: schema v2.1.0, a bearer token for every call, the token request first (Basic auth, form body, loginBase)', (b) => {
    const c = collections[b]!;
    expect(c.info.schema).toBe('https://schema.getpostman.com/json/collection/v2.1.0/collection.json');
    expect(c.auth).toEqual({ type: 'bearer', bearer: [{ key: 'token', value: '{{pk_accessToken}}', type: 'string' }] });
    expect(c.item.map((f) => f.name)).toEqual(['Setup', 'Teardown']);
    for (const f of c.item) {
      const token = f.item[0] as RequestItem;
      expect(token.request.method).toBe('POST');
      expect(rawUrl(token)).toBe('{{loginBase}}/oauth/token');
      expect(token.request.auth).toEqual({
        type: 'basic',
        basic: [
          { key: 'username', value: '{{clientId}}', type: 'string' },
          { key: 'password', value: '{{clientSecret}}', type: 'string' },
        ],
      });
      expect(token.request.body).toEqual({ mode: 'urlencoded', urlencoded: [{ key: 'grant_type', value: 'client_credentials', type: 'text' }] });
    }
  });

  it.each(BLUEPRINTS)('%s: every API path is {{apiBase}}/api/v2/… (no stray /platform), and every request asserts with pm.test', (b) => {
    for (const r of requests(collections[b]!.item)) {
      const u = rawUrl(r);
      if (u.endsWith('/oauth/token')) expect(u).toBe('{{loginBase}}/oauth/token');
      else if (u.includes('uploadUrl')) expect(u).toMatch(/^\{\{pk_\w+_uploadUrl\}\}$/);
      else expect(u).toMatch(/^\{\{apiBase\}\}\/api\/v2\//);
      expect(u).not.toContain('/platform/');
      expect(scriptOf(r, 'test')).toContain('pm.test(');
    }
  });

  it.each(BLUEPRINTS)('%s: Setup follows the engine’s dependency order; Teardown deletes in reverse', (b) => {
    const desired = loadBlueprints({ blueprints: [b] });
    const c = collections[b]!;
    const folders = folder(c, 'Setup').item.filter((i): i is Folder => 'item' in i);
    expect(folders.map((f) => f.name.replace(/^\d+ /, ''))).toEqual(desired.nodes.map((n) => expect.stringContaining(`“${n.name}”`)));
    const position = new Map(desired.nodes.map((n, i) => [n.key, i]));
    for (const n of desired.nodes) for (const d of n.deps) expect(position.get(d)).toBeLessThan(position.get(n.key)!);
    const deletes = (folder(c, 'Teardown').item as RequestItem[]).slice(1).map((r) => r.name.replace(/^Delete /, ''));
    const created = folders.map((f) => f.name.replace(/^\d+ /, '')).filter((n) => !n.startsWith('credentials file'));
    expect(deletes).toEqual([...created].reverse());
  });

  it.each(BLUEPRINTS)('%s: looks up by exact name before each create, and skips the create when found', (b) => {
    const c = collections[b]!;
    for (const f of folder(c, 'Setup').item.filter((i): i is Folder => 'item' in i)) {
      const reqs = f.item as RequestItem[];
      const create = reqs.find((r) => r.name.startsWith('Create '));
      if (!create) continue;
      const find = reqs[0]!;
      expect(find.name).toMatch(/^Find /);
      expect(find.request.method).toBe('GET');
      expect(scriptOf(find, 'test')).toMatch(/\.find\(\(e\) => .*=== name/);
      // Paged listings go page after page until found.
      if (rawUrl(find).includes('pageNumber=')) expect(scriptOf(find, 'test')).toContain('pm.execution.setNextRequest(pm.info.requestId)');
      expect(scriptOf(create, 'prerequest')).toContain('pm.execution.skipRequest()');
    }
  });

  it('chains ids through pk_ collection variables that no environment variable shadows', () => {
    const env = buildEnvironment(BLUEPRINTS).values.map((v) => v.key);
    for (const c of Object.values(collections)) {
      const chained = c.variable.map((v) => v.key).filter((k) => !['pollIntervalMs', 'maxPolls', 'maxRetries'].includes(k));
      for (const k of chained) expect(k).toMatch(/^pk_/);
      for (const k of env) expect(k).not.toMatch(/^pk_/);
      // Each resource's id is set once found or created, and read back as {{pk_<logical>_id}}.
      for (const r of requests(c.item).filter((x) => x.name.startsWith('Create '))) expect(scriptOf(r, 'test')).toMatch(/pm\.collectionVariables\.set\("pk_\w+_id", body\.id\)/);
    }
  });

  it('retries a 429 after Retry-After, bounded, from the collection-level test script', () => {
    for (const c of Object.values(collections)) {
      const s = c.event.find((e) => e.listen === 'test')!.script.exec.join('\n');
      expect(s).toContain("pm.response.code === 429");
      expect(s).toContain("pm.response.headers.get('Retry-After')");
      expect(s).toContain('pm.execution.setNextRequest(pm.info.requestId)');
      expect(s).toContain("pm.variables.get('maxRetries')");
    }
  });

  it('captures an OAuth client secret from the create into a collection variable, clears it after the credential, and never logs it', () => {
    const all = requests(collections['communicate-call']!.item);
    const create = all.find((r) => r.name === 'Create OAuth client “Presence Public API”')!;
    expect(scriptOf(create, 'test')).toContain('pm.collectionVariables.set("pk_presenceClient_secret", body.secret)');
    const credential = all.find((r) => r.name === 'Create integration credential “Presence Public API Credentials”')!;
    expect(JSON.parse(credential.request.body!.raw!).credentialFields).toEqual({ clientId: '{{pk_presenceClient_id}}', clientSecret: '{{pk_presenceClient_secret}}' });
    expect(scriptOf(credential, 'test')).toContain('pm.collectionVariables.unset("pk_presenceClient_secret")');
    for (const c of Object.values(collections))
      for (const r of requests(c.item))
        for (const line of [scriptOf(r, 'prerequest'), scriptOf(r, 'test')].join('\n').split('\n').filter((l) => l.includes('console.log')))
          expect(line).not.toMatch(/body\.secret|_secret"\)|clientSecret"\)|access_token/);
  });

  it('embeds our data action exports and workflow YAML, with the environment’s presences as placeholders', () => {
    const desired = loadBlueprints({ blueprints: ['communicate-call'] });
    const all = requests(collections['communicate-call']!.item);
    const node = desired.nodes.find((n) => n.name === 'GC User Presence Update')!;
    const create = all.find((r) => r.name === 'Create data action “GC User Presence Update”')!;
    const expected = actionInput(node.name, { ...(node.spec as DataActionSpec), integrationId: '{{pk_presenceIntegration_id}}', category: '{{namePrefix}}{{presenceIntegrationName}}' });
    expect(JSON.parse(create.request.body!.raw!)).toEqual(expected);

    const upload = all.find((r) => r.name === 'Upload the Archy YAML of “Set GC User to Available”')!;
    expect(upload.request.auth).toEqual({ type: 'noauth' });
    const yaml = upload.request.body!.raw!;
    const source = readFileSync(join(process.cwd(), 'workflows/set-gc-user-to-available.yaml'), 'utf8');
    const substituted = parseYaml(
      source
        .replaceAll('{{presenceIntegrationName}}', '{{namePrefix}}{{presenceIntegrationName}}')
        .replaceAll('{{callMemoryTableName}}', '{{namePrefix}}Communicate Call Presence Memory')
        .replaceAll('{{callMemoryTableId}}', '{{pk_callMemoryTable_id}}'),
    ) as { workflow: Record<string, unknown> };
    // The flow as apply imports it: its description is presence-kit's ownership mark, the deployment from the environment.
    // Imported under the manifest's name: the environment's namePrefix before it.
    expect(parseYaml(yaml)).toEqual({ ...substituted, workflow: { ...substituted.workflow, name: '{{namePrefix}}{{availableWorkflowName}}', description: '[presence-kit deployment={{deployment}} blueprints=communicate-call]' } });
    expect(yaml).toContain('"{{busyPresenceId}}"');
    // Registered job → upload with the returned headers → poll until Success/Failure → publish when needed.
    const steps = all.filter((r) => r.name.includes('“Set GC User to Available”')).map((r) => `${r.request.method} ${rawUrl(r).replace(/\{\{apiBase\}\}/, '')}`);
    expect(steps).toEqual([
      'GET /api/v2/flows?type=workflow&name={{namePrefix}}{{availableWorkflowName}}&pageSize=100&pageNumber={{pk_pageNumber}}',
      'POST /api/v2/flows/jobs',
      'PUT {{pk_availableWorkflow_uploadUrl}}',
      'GET /api/v2/flows/jobs/{{pk_availableWorkflow_jobId}}?expand=messages',
      'GET /api/v2/flows/{{pk_availableWorkflow_id}}',
      'POST /api/v2/flows/actions/publish?flow={{pk_availableWorkflow_id}}',
      'DELETE /api/v2/flows/{{pk_availableWorkflow_id}}',
    ]);
    expect(scriptOf(all.find((r) => r.name === 'Upload the Archy YAML of “Set GC User to Available”')!, 'prerequest')).toContain('pm.request.headers.upsert');
    expect(scriptOf(all.find((r) => r.name === 'Wait for the import job of “Set GC User to Available”')!, 'test')).toContain("pm.variables.get('pollIntervalMs')");
  });

  it('the environment holds only variables: connection (secret empty), presence ids and names, the pre-break job’s hand-over', () => {
    const env = buildEnvironment(BLUEPRINTS);
    const byKey = Object.fromEntries(env.values.map((v) => [v.key, v]));
    expect(env.values.slice(0, 4).map((v) => v.key)).toEqual(['apiBase', 'loginBase', 'clientId', 'clientSecret']);
    expect(byKey.clientSecret).toMatchObject({ type: 'secret', value: '' });
    expect(byKey.busyPresenceId!.value).toBe(SYSTEM_PRESENCE_IDS.Busy);
    // The presence policy's protected list, as names (the workflows match labels and system presences).
    expect(byKey.protectedPresences!.value).toBe('On Queue,Break,Meal,Training,Pre-Break,Offline');
    expect(byKey['teamsPresenceMapping.DoNotDisturb']!.value).toBe(SYSTEM_PRESENCE_IDS.Busy);
    expect(byKey.preBreakPresenceName!.value).toBe('Pre-Break');
    expect(byKey['pre-break.clientSecret']).toMatchObject({ type: 'secret', value: '' });
    for (const v of env.values) expect(Object.keys(v).sort()).toEqual(['enabled', 'key', 'type', 'value']);
  });
});

describe('a blueprint whose asset would confuse Postman', () => {
  const dir = mkdtempSync(join(tmpdir(), 'pk-collections-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is refused at build time, naming the placeholder', () => {
    const action = JSON.parse(readFileSync(join(process.cwd(), 'data-actions/get-user-presence.custom.json'), 'utf8'));
    action.config.request.requestTemplate = '{"note": "{{notAVariable}}"}';
    mkdirSync(join(dir, 'blueprints'));
    writeFileSync(join(dir, 'action.custom.json'), JSON.stringify(action));
    writeFileSync(
      join(dir, 'blueprints', 'odd.yaml'),
      [
        'name: odd',
        'description: An action whose template has double braces.',
        'resources:',
        '  integration:',
        '    kind: integration',
        '    name: Odd',
        '    spec: {}',
        '  action:',
        '    kind: data-action',
        '    name: Odd action',
        '    spec:',
        '      file: ../action.custom.json',
        '      integrationId: ${integration.id}',
        '      category: ${integration.name}',
      ].join('\n'),
    );
    expect(() => buildCollection('odd', { dir: join(dir, 'blueprints') })).toThrow(GeneratorError);
    expect(() => buildCollection('odd', { dir: join(dir, 'blueprints') })).toThrow(/\{\{notAVariable\}\}/);
  });
});
