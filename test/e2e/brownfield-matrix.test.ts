import { createHash } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { inputFromExport, readActionExport } from '../../src/resources/data-action.js';
import { STATE_FILE } from '../../src/engine/state.js';
import { readMark } from '../../src/resources/mark.js';
import { runCliWithEnv } from '../helpers/cli.js';
import { orgSnapshot, REVERSE, useBrownfield, type Brownfield } from '../helpers/originals.js';
import { createDataActionsIntegration, createDataTableFromCsv, createTrigger, echoFlowYaml, importYaml, TEAMS } from '../helpers/simulate.js';
import { inventory, LIVE, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';

/**
 * Each kind an original guide leaves under the kit's name × the three answers: beside (a name
 * prefix), use (--use), take over (--adopt). Whatever the answer, no field of the foreign entity
 * changes but those the admin accepted (take over), a used entity carries no mark, and destroy
 * leaves the org as it started. An answer that cannot work is refused at plan, nothing written.
 *
 * Every kind the manifests make that an org holds: role, OAuth client, credential, integration, data
 * action, auth action, data table, workflow, trigger, presence. Not the credentials file: a local
 * file of presence-kit's own folder, not an entity another tool can hold in the org.
 * A credential's fields Genesys never shows: "unchanged" compares what it shows (name, type) and a
 * digest of the sandbox's own record of the fields — so these rows say nothing about a real org
 * beyond what the API shows, and they run on the sandbox only.
 */
interface Foreign {
  ref: string;
  /** Makes it as the guide has the admin make it; answers its id. */
  make(admin: GenesysClient): Promise<string>;
  /** What Genesys shows of it (plus, for a credential, what the sandbox alone can tell of its fields). */
  read(admin: GenesysClient, id: string, t: TestTarget): Promise<Record<string, unknown>>;
  /** Where its mark would be; absent for a kind Genesys gives no free-text field (ours when a marked entity vouches for it). */
  markOf?(e: Record<string, unknown>): unknown;
  /** The blueprint and what it needs to plan (default: teams-presence). */
  blueprint?(t: TestTarget): Promise<{ args: string[]; env?: Record<string, string> }>;
  /** beside: the variable that renames ours (default: a namePrefix). */
  beside?: string[];
  /** Whether --use can serve (else: refused at plan, with this in the reason). */
  unusable?: string;
  /** Flags every run needs beside the answer (a foreign trigger on the kit's events: --allow-overlap). */
  flags?: string[];
  /** With --use or --adopt of it: the answers its container needs (an action lives in an integration, taken over). */
  inside?: string[];
  /** use: how the kit's own resources are wired to it. */
  wired?(b: Brownfield, id: string): Promise<void>;
  /** use: one that cannot serve, refused at plan, nothing written — after `spoil` (on the same entity), with `flags`. */
  cannotServe?: Array<{ reason: string; fix?: string; flags?: string[]; spoil?(admin: GenesysClient, id: string): Promise<void> }>;
  /** Taking over: put back by destroy (default), or refused at plan with this in the reason. */
  adoptRefused?: string;
  /** …and taken over when the admin accepts what it costs (these flags): changed as accepted; destroy says it cannot put it back. */
  adoptConsent?: { flags: string[]; notRestorable: string };
  /** Taking over something Genesys cannot put back (a flow): destroy says so, and takes its mark off. */
  notRestorable?: string;
}

/** Genesys never shows a credential's fields: the sandbox's own record of them, as a digest (never the secret). */
const fieldsDigest = (t: TestTarget, id: string) => {
  const c = t.sandbox!.ctx.store.collection<{ id: string; credentialFields?: Record<string, string> }>('credentials').get(id);
  return createHash('sha256').update(JSON.stringify(c?.credentialFields ?? null)).digest('hex').slice(0, 16);
};

const actionByName = async (t: TestTarget, category: string, name: string) =>
  (await inventory(t)).actions!.filter((a) => a.deleted !== true && a.category === category && a.name === name).map((a) => a.id);

const integrationNamed = async (admin: GenesysClient, name: string) => {
  const all = await admin.request<{ entities: Array<{ id: string; name: string }> }>('GET', '/api/v2/integrations', { query: { pageSize: 100 } });
  const i = all.entities.find((e) => e.name === name)!;
  return { ...i, config: await admin.request<{ credentials: Record<string, { id: string }> }>('GET', `/api/v2/integrations/${i.id}/config/current`) };
};

/** The Graph app the sandbox's Microsoft side knows, for teams-presence-outbound's variables and secret. */
const outbound = async (t: TestTarget) => {
  const app = (await (await fetch(`${t.sandbox!.url}/sandbox/v1/graph/app`)).json()) as { tenantId: string; clientId: string; clientSecret: string };
  return {
    args: ['--blueprint', 'teams-presence-outbound', '--set', `graphTenantId=${app.tenantId}`, '--set', `graphClientId=${app.clientId}`],
    env: { PRESENCE_KIT_GRAPH_CLIENT_SECRET: app.clientSecret },
  };
};

/** An auth action's draft edited and published, as the admin UI's "edit the auth action" does. */
async function configureAuthAction(admin: GenesysClient, id: string, config: unknown): Promise<void> {
  const at = `/api/v2/integrations/actions/${id}/draft`;
  const draft = await admin.request<{ version: number }>('POST', at);
  const edited = await admin.request<{ version: number }>('PATCH', at, { body: { version: draft.version, config } });
  await admin.request('POST', `${at}/publish`, { body: { version: edited.version } });
}

const PRESENCE_ACTIONS = 'Update Genesys Cloud User Presence';
const GRAPH = 'MS Teams Graph Authentication (Presence Update)';
const ROOT = join(import.meta.dirname, '../..');

const KINDS: Foreign[] = [
  {
    ref: 'role/Presence API Admin',
    make: async (a) =>
      (await a.request<{ id: string }>('POST', '/api/v2/authorization/roles', {
        body: { name: 'Presence API Admin', description: 'By hand', permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }, { domain: 'architect', entityName: 'datatableRow', actionSet: ['*'] }] },
      })).id,
    read: (a, id) => a.request('GET', `/api/v2/authorization/roles/${id}`),
    markOf: (e) => e.description,
    // The kit's client holds it.
    wired: async (b, id) => {
      const clients = await b.admin.request<{ entities: Array<{ name: string; roleDivisions?: Array<{ roleId: string }> }> }>('GET', '/api/v2/oauth/clients');
      expect(clients.entities.find((c) => c.name === 'Presence Public API')!.roleDivisions!.map((r) => r.roleId)).toContain(id);
    },
  },
  {
    ref: 'data-table/MsTeamsPresenceMappings',
    make: (a) => createDataTableFromCsv(a, 'MsTeamsPresenceMappings', readFileSync(`${TEAMS}MsTeamsPresenceMappings.csv`, 'utf8')),
    read: (a, id) => a.request('GET', `/api/v2/flows/datatables/${id}`, { query: { expand: 'schema' } }),
    markOf: (e) => e.description,
    // The kit's workflow looks it up by name (imported: the import resolves it), and it is the one table of that name.
    wired: async (b, id) => {
      const inv = await inventory(b.t);
      expect(inv.datatables!.filter((t) => t.deleted !== true && t.name === 'MsTeamsPresenceMappings').map((t) => t.id)).toEqual([id]);
      expect(inv.flows!.filter((f) => f.deleted !== true && f.name === 'Microsoft Teams Integration Presence Trigger')).toHaveLength(1);
    },
  },
  {
    ref: 'integration/Update Genesys Cloud User Presence',
    make: async (a) => (await createDataActionsIntegration(a, 'Update Genesys Cloud User Presence', [{ domain: 'presence', entityName: '*', actionSet: ['*'] }])).integrationId,
    read: async (a, id) => ({ ...(await a.request<Record<string, unknown>>('GET', `/api/v2/integrations/${id}`)), config: await a.request('GET', `/api/v2/integrations/${id}/config/current`) }),
    markOf: (e) => (e.config as { notes?: string }).notes,
    unusable: "would hold presence-kit's",
  },
  {
    ref: 'oauth-client/Presence Public API',
    make: async (a) => {
      const role = await a.request<{ id: string }>('POST', '/api/v2/authorization/roles', { body: { name: 'Presence client role', permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }] } });
      return (await a.request<{ id: string }>('POST', '/api/v2/oauth/clients', { body: { name: 'Presence Public API', description: 'By hand', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: role.id, divisionId: '*' }] } })).id;
    },
    read: (a, id) => a.request('GET', `/api/v2/oauth/clients/${id}`),
    markOf: (e) => e.description,
    // Genesys shows a client's secret once: the credential that needs it cannot be written from a used client, nor from an adopted one without --rotate-secret.
    unusable: 'whose secret Genesys shows no one',
    adoptRefused: '--rotate-secret oauth-client/Presence Public API',
  },
  {
    ref: 'trigger/Microsoft Teams Integration Presence Trigger',
    make: async (a) => {
      const flowId = (await importYaml(a, echoFlowYaml('Their Teams flow'))).flow!.id;
      return createTrigger(a, { name: 'Microsoft Teams Integration Presence Trigger', topicName: 'v2.users.{id}.integrationpresence', flowId, matchCriteria: [{ jsonPath: 'source', operator: 'Equal', value: 'MICROSOFTTEAMS' }] });
    },
    read: (a, id) => a.request('GET', `/api/v2/processautomation/triggers/${id}`),
    markOf: (e) => e.description,
    // Beside ours, theirs acts on the same events: run both on purpose here (brownfield-overlap covers disabling).
    flags: ['--allow-overlap'],
  },
  {
    ref: 'workflow/Microsoft Teams Integration Presence Trigger',
    make: async (a) => (await importYaml(a, echoFlowYaml('Microsoft Teams Integration Presence Trigger', '', 'Their flow'))).flow!.id,
    read: async (a, id) => {
      const { publishedVersion: _p, ...rest } = await a.request<Record<string, unknown>>('GET', `/api/v2/flows/${id}`);
      return rest;
    },
    markOf: (e) => e.description,
    // The kit's trigger runs it.
    wired: async (b, id) => {
      const triggers = await b.admin.request<{ entities: Array<{ name: string; target: { id: string } }> }>('GET', '/api/v2/processautomation/triggers');
      expect(triggers.entities.find((t) => t.name === 'Microsoft Teams Integration Presence Trigger')!.target.id).toBe(id);
    },
    notRestorable: 'an Architect import replaces a flow whole',
  },
  {
    // The guide's credential, holding a client of theirs. Its fields are compared through the sandbox's own record (a digest):
    // Genesys never shows them, so "not rewritten" cannot be read back from a real org.
    ref: 'credential/Presence Public API Credentials',
    make: async (a) => {
      const role = await a.request<{ id: string }>('POST', '/api/v2/authorization/roles', { body: { name: 'Their presence role', permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }] } });
      const client = await a.request<{ id: string; secret: string }>('POST', '/api/v2/oauth/clients', { body: { name: 'Their presence client', authorizedGrantType: 'CLIENT-CREDENTIALS', roleDivisions: [{ roleId: role.id, divisionId: '*' }] } });
      return (await a.request<{ id: string }>('POST', '/api/v2/integrations/credentials', {
        body: { name: 'Presence Public API Credentials', type: { name: 'pureCloudOAuthClient' }, credentialFields: { clientId: client.id, clientSecret: client.secret } },
      })).id;
    },
    read: async (a, id, t) => ({ ...(await a.request<Record<string, unknown>>('GET', `/api/v2/integrations/credentials/${id}`)), fields: fieldsDigest(t, id) }),
    // The kit's integration runs its actions with it.
    wired: async (b, id) => expect((await integrationNamed(b.admin, PRESENCE_ACTIONS)).config.credentials.pureCloudOAuthClient?.id).toBe(id),
    cannotServe: [
      {
        reason: 'is a basicAuth credential',
        spoil: async (a, id) => void (await a.request('PUT', `/api/v2/integrations/credentials/${id}`, { body: { name: 'Presence Public API Credentials', type: { name: 'basicAuth' }, credentialFields: { userName: 'u', password: 'p' } } })),
      },
    ],
    // Taking it over writes presence-kit's client into fields Genesys never shows back: destroy could not put theirs back.
    adoptRefused: '--rotate-secret credential/Presence Public API Credentials',
    adoptConsent: { flags: ['--rotate-secret', 'credential/Presence Public API Credentials'], notRestorable: "Genesys never shows a credential's fields" },
  },
  {
    // The guide's action in the guide's integration (category = its name, as Architect finds it), with a header of its own.
    ref: 'data-action/Get Genesys Cloud User Presence',
    make: async (a) => {
      const { integrationId } = await createDataActionsIntegration(a, PRESENCE_ACTIONS, [{ domain: 'presence', entityName: '*', actionSet: ['*'] }]);
      return handMadeAction(a, integrationId);
    },
    read: (a, id) => a.request('GET', `/api/v2/integrations/actions/${id}`, { query: { expand: 'contract', includeConfig: true } }),
    // An action lives in its integration: used or taken over, that integration is taken over (a prefix would put ours in another, where the workflow would not find it).
    inside: ['--adopt', `integration/${PRESENCE_ACTIONS}`],
    // The kit's workflow imported (the import resolves each call by category + name) and the one action it can call is theirs.
    wired: async (b, id) => expect(await actionByName(b.t, PRESENCE_ACTIONS, 'Get Genesys Cloud User Presence')).toEqual([id]),
    cannotServe: [
      { reason: `sits in integration "${PRESENCE_ACTIONS}", not presence-kit's "PK ${PRESENCE_ACTIONS}"`, fix: `--adopt integration/${PRESENCE_ACTIONS}`, flags: ['--set', 'namePrefix=PK '] },
      {
        reason: 'has another contract than ours',
        flags: ['--adopt', `integration/${PRESENCE_ACTIONS}`],
        spoil: async (a, id) => {
          const { integrationId } = await a.request<{ integrationId: string }>('GET', `/api/v2/integrations/actions/${id}`);
          await a.request('DELETE', `/api/v2/integrations/actions/${id}`);
          await handMadeAction(a, integrationId, { inputSchema: { type: 'object', properties: { email: { type: 'string' } }, additionalProperties: true } });
        },
      },
    ],
  },
  {
    // The original outbound blueprint's Graph integration: Genesys made its auth action, the admin pasted the original's config in.
    ref: 'auth-action/Office 365 (Auth)',
    blueprint: outbound,
    make: async (a) => {
      const cred = await a.request<{ id: string }>('POST', '/api/v2/integrations/credentials', {
        body: { name: 'Office 365 Graph', type: { name: 'userDefinedOAuth' }, credentialFields: { tenant_id: 't', client_id: 'c', client_secret: 's' } },
      });
      const integrationId = await handMadeIntegration(a, GRAPH, 'custom-rest-actions', { basicAuth: { id: cred.id } });
      const auth = (await a.request<{ entities: Array<{ id: string; integrationId: string }> }>('GET', '/api/v2/integrations/actions', { query: { includeAuthActions: true, pageSize: 100 } })).entities.find(
        (x) => x.integrationId === integrationId && x.id.startsWith('customAuth_-_'),
      )!;
      await configureAuthAction(a, auth.id, readActionExport(join(REVERSE, 'Office-365-Auth.customAuth.json')).config);
      return auth.id;
    },
    read: (a, id) => a.request('GET', `/api/v2/integrations/actions/${id}`, { query: { includeConfig: true } }),
    inside: ['--adopt', `integration/${GRAPH}`],
    // The kit's Graph actions sit in its integration, which authenticates them through it.
    wired: async (b, id) => {
      const { integrationId } = await b.admin.request<{ integrationId: string }>('GET', `/api/v2/integrations/actions/${id}`);
      for (const n of ['Set Microsoft Teams Presence Session', 'Clear Microsoft Teams Presence Session']) expect(await actionByName(b.t, GRAPH, n)).toHaveLength(1);
      expect((await inventory(b.t)).actions!.filter((a) => a.deleted !== true && a.category === GRAPH && a.integrationId !== integrationId)).toEqual([]);
    },
    cannotServe: [{ reason: `authenticates only its own integration, not presence-kit's "PK ${GRAPH}"`, fix: '--adopt integration/', flags: ['--set', 'namePrefix=PK '] }],
  },
  {
    // The presence the agent presence guide has the admin make by hand.
    ref: 'presence-definition/Pre-Break',
    blueprint: async () => ({ args: ['--blueprint', 'pre-break'] }),
    beside: ['--set', 'preBreakPresenceName=PK Pre-Break'],
    make: async (a) =>
      (await a.request<{ id: string }>('POST', '/api/v2/presence/definitions', { body: { languageLabels: { en_US: 'Pre-Break', fr_FR: 'Pré-pause' }, systemPresence: 'Break' } })).id,
    read: (a, id) => a.request('GET', `/api/v2/presence/definitions/${id}`),
    // The pre-break job is told its id (credentials file) and the job's client names it.
    wired: async (b, id) => expect(JSON.parse(readFileSync(join(b.dir, '.presence-kit/pre-break.credentials.json'), 'utf8'))).toMatchObject({ presenceDefinitionId: id }),
    cannotServe: [
      {
        // Genesys cannot move a presence to another parent: theirs is made again under On Queue.
        reason: 'is under On Queue, not Break or Away',
        spoil: async (a, id) => {
          await a.request('DELETE', `/api/v2/presence/definitions/${id}`);
          await a.request('POST', '/api/v2/presence/definitions', { body: { languageLabels: { en_US: 'Pre-Break' }, systemPresence: 'OnQueue' } });
        },
      },
    ],
  },
];

/** The guide's "Get Genesys Cloud User Presence" from the kit's export, with a header of the admin's own (and another input, when given). */
async function handMadeAction(a: GenesysClient, integrationId: string, input?: unknown): Promise<string> {
  const exported = readActionExport(join(ROOT, 'data-actions/get-user-presence.custom.json'));
  const body = inputFromExport(exported, { integrationId, category: PRESENCE_ACTIONS, name: 'Get Genesys Cloud User Presence' });
  const config = { ...body.config, request: { ...body.config.request, headers: { ...(body.config.request.headers ?? {}), 'X-Made-By': 'hand' } } };
  return (await a.request<{ id: string }>('POST', '/api/v2/integrations/actions', { body: { ...body, config, ...(input ? { contract: { ...body.contract, input } } : {}) } })).id;
}

/** An integration as an admin makes one in Admin > Integrations: type, name, credentials, active. */
async function handMadeIntegration(a: GenesysClient, name: string, type: string, credentials: Record<string, { id: string }>): Promise<string> {
  const made = await a.request<{ id: string }>('POST', '/api/v2/integrations', { body: { integrationType: { id: type } } });
  const current = await a.request<{ version: number }>('GET', `/api/v2/integrations/${made.id}/config/current`);
  await a.request('PUT', `/api/v2/integrations/${made.id}/config/current`, { body: { name, version: current.version, properties: {}, advanced: {}, notes: '', credentials } });
  await a.request('PATCH', `/api/v2/integrations/${made.id}`, { body: { intendedState: 'ENABLED' } });
  return made.id;
}

/**
 * An entity as compared before and after: byte for byte but for what Genesys writes itself on every
 * change (version, dateModified / modifiedDate, an integration config's lastUpdated), and a description the entity
 * did not have, which comes back empty (putting it back must clear presence-kit's mark from it).
 */
const without = (e: Record<string, unknown>) =>
  JSON.parse(JSON.stringify(e, (k, v) => (/^(version|dateModified|modifiedDate|lastUpdated)$/.test(k) || (k === 'description' && v === '') ? undefined : v))) as unknown;
const BLUEPRINT = ['--blueprint', 'teams-presence'];

describe.skipIf(LIVE)(`brownfield matrix: kind × {beside, use, take over} (${SANDBOX_ONLY})`, () => {
  for (const k of KINDS) {
    describe(k.ref, () => {
      let id = '';
      let bp: { args: string[]; env?: Record<string, string> } = { args: BLUEPRINT };
      const b = useBrownfield('pk-matrix-', {}, async (admin) => void (id = await k.make(admin)));
      beforeAll(async () => void (k.blueprint && (bp = await k.blueprint(b.t))));
      const run = (...args: string[]) =>
        runCliWithEnv(
          { GENESYSCLOUD_OAUTHCLIENT_ID: b.t.connection.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: b.t.connection.clientSecret, GENESYSCLOUD_API_URL: b.t.connection.gatewayUrl, ...bp.env },
          ...args,
        );
      const theirs = async () => without(await k.read(b.admin, id, b.t));
      /** What the state file records of it (a field-less kind's ownership lives there and in its voucher's mark). */
      const recorded = () => Object.values((JSON.parse(readFileSync(join(b.dir, STATE_FILE), 'utf8')) as { resources: Record<string, { id?: string; createdBy: string }> }).resources).find((e) => e.id === id);

      it('beside: ours under another name, theirs unchanged, destroy leaves the org as it started', async () => {
        const start = await orgSnapshot(b.t);
        const before = await theirs();
        expect((await run('apply', '--yes', ...bp.args, ...(k.flags ?? []), ...(k.beside ?? ['--set', 'namePrefix=PK ']))).code).toBe(0);
        expect(await theirs()).toEqual(before);
        expect((await run('destroy', '--yes')).code).toBe(0);
        expect(await orgSnapshot(b.t)).toEqual(start);
      });

      it(`use: ${k.unusable ? 'refused at plan, nothing written' : 'wired to, never marked or changed, left by destroy'}`, async () => {
        const start = await orgSnapshot(b.t);
        const before = await theirs();
        const r = await run('apply', '--yes', ...bp.args, ...(k.flags ?? []), ...(k.inside ?? []), '--use', k.ref);
        if (k.unusable) {
          expect(r.code).not.toBe(0);
          expect(r.stderr).toContain(k.unusable);
        } else {
          expect(r.code, r.stderr).toBe(0);
          await k.wired?.(b, id);
          expect(recorded()).toBeUndefined();
        }
        expect(await theirs()).toEqual(before);
        if (k.markOf) expect(readMark(k.markOf(await k.read(b.admin, id, b.t)))).toBeUndefined();
        expect((await run('destroy', '--yes')).code).toBe(0);
        expect(await theirs()).toEqual(before);
        expect(await orgSnapshot(b.t)).toEqual(start);
      });

      it(`take over: ${k.adoptRefused ? `refused at plan, nothing written${k.adoptConsent ? '; accepted, changed as accepted and destroy says what it cannot put back' : ''}` : k.notRestorable ? 'adopted; destroy says it cannot put it back and takes its mark off' : 'adopted (its mark says so), destroy puts it back as it was'}`, async () => {
        const start = await orgSnapshot(b.t);
        const before = await theirs();
        const r = await run('apply', '--yes', ...bp.args, ...(k.flags ?? []), ...(k.inside ?? []), '--adopt', k.ref);
        if (k.adoptRefused) {
          expect(r.code).not.toBe(0);
          expect(r.stderr).toContain(k.adoptRefused);
          expect(await theirs()).toEqual(before);
          if (k.adoptConsent) {
            // Accepted: changed as the admin was told (and only that, for what Genesys shows); destroy says what it cannot undo.
            expect((await run('apply', '--yes', ...bp.args, ...(k.flags ?? []), '--adopt', k.ref, ...k.adoptConsent.flags)).code).toBe(0);
            const { fields: _f, ...shown } = (await theirs()) as Record<string, unknown>;
            const { fields: _g, ...shownBefore } = before as Record<string, unknown>;
            expect(shown).toEqual(shownBefore);
            expect((await theirs()) as Record<string, unknown>).not.toEqual(before);
            const d = await run('destroy', '--yes');
            expect(d.code).toBe(0);
            expect(d.stdout + d.stderr).toContain(k.adoptConsent.notRestorable);
            // All else as it started (the inventory shows what Genesys shows of it).
            expect(await orgSnapshot(b.t)).toEqual(start);
            return;
          }
        } else {
          expect(r.code, r.stderr).toBe(0);
          if (k.markOf) expect(readMark(k.markOf(await k.read(b.admin, id, b.t)))).toMatchObject({ adopted: true });
          else expect(recorded()).toMatchObject({ createdBy: 'adopted' });
          const d = await run('destroy', '--yes');
          expect(d.code).toBe(0);
          if (k.notRestorable) {
            // Said, and no mark left behind for another checkout to take it for ours; the rest of the org as it started.
            expect(d.stdout + d.stderr).toContain(k.notRestorable);
            expect(readMark(k.markOf!(await k.read(b.admin, id, b.t)))).toBeUndefined();
            const { flows: _now, ...now } = await orgSnapshot(b.t);
            const { flows: _then, ...then } = start;
            expect(now).toEqual(then);
            return;
          }
        }
        // Put back field by field as Genesys shows it, its version and modification time aside.
        expect(await theirs()).toEqual(before);
        expect(await orgSnapshot(b.t)).toEqual(start);
      });

      // Its ownership lives in the mark of what names it (the kit's integration, the job's client), its before-image in a local
      // state: destroy from a directory without that state cannot put it back, and must not take it for one the kit made. (An
      // action's voucher is the integration taken over with it, whose own mark says adopted.)
      if (!k.markOf && !k.inside)
        it('take over, then destroy from a directory without its state: left in place, never deleted', async () => {
          const r = await run('apply', '--yes', ...bp.args, ...(k.flags ?? []), ...(k.inside ?? []), '--adopt', k.ref, ...(k.adoptConsent?.flags ?? []));
          expect(r.code, r.stderr).toBe(0);
          rmSync(join(b.dir, STATE_FILE));
          expect((await run('destroy', '--yes')).code).toBe(0);
          expect(await k.read(b.admin, id, b.t)).toMatchObject({ id });
        });

      for (const c of k.cannotServe ?? [])
        it(`use: one that ${c.reason} is refused at plan with the reason, nothing written`, async () => {
          await c.spoil?.(b.admin, id);
          const start = await orgSnapshot(b.t);
          const r = await run('plan', ...bp.args, ...(k.flags ?? []), ...(c.flags ?? []), '--use', k.ref);
          expect(r.code).not.toBe(0);
          expect(r.stderr).toContain(c.reason);
          if (c.fix) expect(r.stderr).toContain(c.fix);
          expect(await orgSnapshot(b.t)).toEqual(start);
        });
    });
  }
});
