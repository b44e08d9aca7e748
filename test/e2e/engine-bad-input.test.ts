import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.js';
import { GenesysClient } from '../../src/genesys/client.js';
import { inventory, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * Bad input through the CLI, against a real sandbox: a manifest typo, an unknown blueprint, a
 * missing or wrong variable, a malformed config file, an admin client without the permissions,
 * no confirmation. Each is one line naming the fix, a non-zero exit, and nothing changed.
 */
const ROOT = resolve(import.meta.dirname, '../..');

describe('engine commands: bad input changes nothing', () => {
  let t: TestTarget;
  let admin: GenesysClient;
  let dir: string;
  let before: Awaited<ReturnType<typeof inventory>>;
  let stderr: string[];
  const cwd = process.cwd();
  const savedEnv = { ...process.env };

  const useClient = (id: string, secret: string) => {
    process.env.GENESYSCLOUD_OAUTHCLIENT_ID = id;
    process.env.GENESYSCLOUD_OAUTHCLIENT_SECRET = secret;
    process.env.GENESYSCLOUD_API_URL = t.sandbox!.url;
    delete process.env.GENESYSCLOUD_REGION;
  };

  beforeAll(async () => {
    t = await openTestTarget();
    admin = await t.client();
    before = await inventory(t);
  });
  afterAll(async () => {
    process.env = savedEnv;
    process.chdir(cwd);
    await t.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pk-bad-'));
    process.chdir(dir);
    useClient(t.connection.clientId, t.connection.clientSecret);
    stderr = [];
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  });
  afterEach(() => vi.restoreAllMocks());

  /** Runs the CLI; answers the exit code and the error line, after checking nothing changed. */
  async function fails(...args: string[]): Promise<string> {
    const code = await main(['node', 'presence-kit', ...args]);
    const errors = stderr.join('').split('\n').filter((l) => l.includes('error:'));
    expect(code, stderr.join('')).not.toBe(0);
    expect(errors).toHaveLength(1);
    expect(stderr.join('')).not.toMatch(/\n\s+at /); // no stack trace
    const after = await inventory(t);
    for (const kind of ['roles', 'oauthClients', 'credentials', 'integrations', 'actions', 'flows', 'datatables', 'triggers', 'presenceDefinitions']) expect(after[kind]).toEqual(before[kind]);
    expect(existsSync(join(dir, '.presence-kit', 'state.json'))).toBe(false);
    return errors[0]!.replace(/^.*error:\s*/, '');
  }

  const manifest = (body: string) => {
    const f = join(dir, 'custom.yaml');
    writeFileSync(f, body);
    return f;
  };
  const roleManifest = (roleSpec: string, extra = '') =>
    manifest(`name: custom\ndescription: test\n${extra}resources:\n  myRole:\n    kind: role\n    name: Custom Role\n    spec:\n${roleSpec}\n`);

  it('a misspelt field names the file, the path and the right spelling', async () => {
    const f = roleManifest('      permisions: ["presence:userPresence:edit"]');
    const line = await fails('apply', '--yes', '--blueprint', f);
    expect(line).toContain('custom.yaml: resources.myRole.spec: unknown field "permisions" (did you mean "permissions"?)');
  });

  it('an unknown kind lists the kinds', async () => {
    const f = manifest('name: custom\ndescription: test\nresources:\n  r:\n    kind: rol\n    name: X\n');
    expect(await fails('plan', '--blueprint', f)).toMatch(/custom\.yaml: resources\.r\.kind: unknown kind "rol" \(did you mean "role"\?\) — use one of role, oauth-client/);
  });

  it('a reference to a resource that does not exist names it and the choices', async () => {
    const f = manifest(
      'name: custom\ndescription: test\nresources:\n  myRole:\n    kind: role\n    name: R\n    spec: { permissions: ["presence:userPresence:edit"] }\n  c:\n    kind: oauth-client\n    name: C\n    spec: { roles: ["${myRol.id}"] }\n',
    );
    expect(await fails('apply', '--yes', '--blueprint', f)).toContain('resources.c.spec.roles[0]: "${myRol.id}" names no resource of this manifest (did you mean "myRole"?)');
  });

  it('a dependency cycle is named end to end', async () => {
    const f = manifest('name: custom\ndescription: test\nresources:\n  a:\n    kind: role\n    name: A\n    dependsOn: [b]\n    spec: { permissions: ["a:b:c"] }\n  b:\n    kind: role\n    name: B\n    dependsOn: [a]\n    spec: { permissions: ["a:b:c"] }\n');
    expect(await fails('apply', '--yes', '--blueprint', f)).toMatch(/dependency cycle a → b → a/);
  });

  // A file a manifest points at is read before the first call: earlier resources are not created first.
  const withFiles = (files: Record<string, string>) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    return manifest(
      [
        'name: custom',
        'description: test',
        'resources:',
        '  myRole:',
        '    kind: role',
        '    name: Custom Role',
        '    spec: { permissions: ["presence:userPresence:edit"] }',
        '  integ:',
        '    kind: integration',
        '    name: Custom Integration',
        '  action:',
        '    kind: data-action',
        '    name: Custom Action',
        '    spec: { file: action.custom.json, integrationId: "${integ.id}", category: "${integ.name}" }',
        '  flow:',
        '    kind: workflow',
        '    name: Custom Flow',
        '    dependsOn: [action]',
        '    spec: { file: flow.yaml }',
        '',
      ].join('\n'),
    );
  };
  const goodFlow = 'workflow:\n  name: Custom Flow\n  division: Home\n  startUpRef: "/workflow/states/state[Initial State_10]"\n  states:\n    - state:\n        name: Initial State\n        refId: Initial State_10\n        actions:\n          - endWorkflow:\n              name: End\n';
  const goodAction = readFileSync(join(ROOT, 'data-actions', 'get-user-presence.custom.json'), 'utf8');

  it('a data action export that is missing or malformed is named with its manifest entry, before anything is created', async () => {
    const f = withFiles({ 'flow.yaml': goodFlow });
    expect(await fails('apply', '--yes', '--blueprint', f)).toMatch(/^custom\.yaml: resources\.action: .*action\.custom\.json: file not found$/);
    stderr.length = 0;
    withFiles({ 'action.custom.json': '{"name": "Custom Action", "config": {}}' });
    expect(await fails('apply', '--yes', '--blueprint', f)).toMatch(/^custom\.yaml: resources\.action: .*action\.custom\.json: config\.request: .* — a data action export has name, config\.request/);
  });

  it('a workflow whose YAML is broken, names another flow or leaves a placeholder unfilled is refused before anything is created', async () => {
    const f = withFiles({ 'action.custom.json': goodAction, 'flow.yaml': goodFlow.replace('name: Custom Flow', 'name: Custom Flw') });
    expect(await fails('apply', '--yes', '--blueprint', f)).toMatch(/^custom\.yaml: resources\.flow: .*flow\.yaml: the YAML names the flow "Custom Flw" but the manifest says "Custom Flow"/);
    stderr.length = 0;
    withFiles({ 'flow.yaml': goodFlow.replace('division: Home', 'division: {{division}}') });
    expect(await fails('plan', '--blueprint', f)).toMatch(/^custom\.yaml: resources\.flow: .*flow\.yaml: no value for \{\{division\}\} — add division to the workflow's substitutions$/);
    stderr.length = 0;
    withFiles({ 'flow.yaml': `${goodFlow}workflow: [\n` });
    expect(await fails('apply', '--yes', '--blueprint', f)).toMatch(/^custom\.yaml: resources\.flow: .*flow\.yaml: not valid YAML/);
    // With both files right, the same manifest plans.
    withFiles({ 'flow.yaml': goodFlow });
    expect(await main(['node', 'presence-kit', 'plan', '--blueprint', f])).toBe(0);
  });

  it('an unknown blueprint suggests the closest one', async () => {
    expect(await fails('apply', '--yes', '--blueprint', 'comunicate-call')).toBe('unknown blueprint "comunicate-call" (did you mean "communicate-call"?) — choose from communicate-call, observe, pre-break, teams-presence, teams-presence-outbound (or give a manifest path)');
  });

  it('a required variable without a value says how to give it', async () => {
    const f = roleManifest('      permissions: ["presence:userPresence:edit"]\n      description: ${var.why}', 'variables:\n  why:\n    description: why the role exists\n    required: true\n');
    expect(await fails('apply', '--yes', '--blueprint', f)).toBe('variable why is required (why the role exists) — pass --set why=VALUE, set PRESENCE_KIT_VAR_why, or give it in --config FILE');
  });

  it('a presence variable that is not a presence, and an unknown variable, are refused', async () => {
    expect(await fails('apply', '--yes', '--blueprint', 'communicate-call', '--set', 'busyPresenceId=Bsy')).toMatch(/^variable busyPresenceId \(--set\): "Bsy" is not a presence — use a system presence/);
    stderr.length = 0;
    expect(await fails('apply', '--yes', '--blueprint', 'communicate-call', '--set', 'busyPresence=Busy')).toMatch(/^--set busyPresence=Busy: unknown variable "busyPresence" \(did you mean "busyPresenceId"\?\)/);
    // apply reads PRESENCE_KIT_VAR_* as setup does, and names it as the source.
    stderr.length = 0;
    process.env.PRESENCE_KIT_VAR_busyPresenceId = 'Bsy';
    try {
      expect(await fails('apply', '--yes', '--blueprint', 'communicate-call')).toMatch(/^variable busyPresenceId \(PRESENCE_KIT_VAR_busyPresenceId\): "Bsy" is not a presence/);
    } finally {
      delete process.env.PRESENCE_KIT_VAR_busyPresenceId;
    }
  });

  it('a malformed --config file is named', async () => {
    writeFileSync(join(dir, 'cfg.json'), '{"busyPresenceId": ');
    expect(await fails('apply', '--yes', '--config', join(dir, 'cfg.json'))).toMatch(/^cfg\.json: not valid JSON \(.*\) — fix it, or write it again with presence-kit setup$/);
    // The same reader as setup's: a secret is refused here too (apply took it before).
    writeFileSync(join(dir, 'cfg.json'), JSON.stringify({ version: 1, blueprints: ['pre-break'], variables: { apiToken: 'x' } }));
    stderr.length = 0;
    expect(await fails('apply', '--yes', '--config', 'cfg.json')).toBe('cfg.json: variables.apiToken looks like a secret; secrets never go in the config file — use the environment');
  });

  it('an admin client without the permissions the writes need is refused before the first write', async () => {
    const home = await admin.request<{ id: string }>('GET', '/api/v2/authorization/divisions/home');
    const role = await admin.request<{ id: string }>('POST', '/api/v2/authorization/roles', {
      body: {
        name: 'Read-only admin',
        permissionPolicies: [
          { domain: 'authorization', entityName: 'role', actionSet: ['view', 'add'] },
          { domain: 'oauth', entityName: 'client', actionSet: ['view'] },
          { domain: 'presence', entityName: 'presenceDefinition', actionSet: ['view'] },
        ],
      },
    });
    const c = await admin.request<{ id: string; secret: string }>('POST', '/api/v2/oauth/clients', {
      body: { name: 'Read-only admin', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: role.id, divisionId: home.id }] },
    });
    before = await inventory(t);
    useClient(c.id, c.secret);
    const line = await fails('apply', '--yes', '--blueprint', 'pre-break');
    expect(line).toBe(
      `the OAuth client presence-kit runs as (${c.id}) lacks oauth:client:add, oauth:client:edit, presence:presenceDefinition:add, presence:userPresence:edit, wfm:publishedSchedule:view (needed to create OAuth client "Pre-Break Presence Job" and more) — grant it a role with these permissions (or Master Admin) and run again; nothing was changed`,
    );
  });

  it('apply with no terminal and no --yes refuses, naming --yes', async () => {
    expect(await fails('apply', '--blueprint', 'pre-break')).toBe('not applying without confirmation: no terminal to ask on — pass --yes to apply');
  });
});
