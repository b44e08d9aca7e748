import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { GenesysClient } from '../../src/genesys/client.js';
import { readMark } from '../../src/resources/mark.js';
import { runCli } from '../helpers/cli.js';
import { orgSnapshot, useBrownfield } from '../helpers/originals.js';
import { createDataActionsIntegration, createDataTableFromCsv, createTrigger, echoFlowYaml, importYaml, TEAMS } from '../helpers/simulate.js';
import { LIVE, SANDBOX_ONLY } from '../helpers/target.js';

/**
 * Each kind an original guide leaves under the kit's name × the three answers: beside (a name
 * prefix), use (--use), take over (--adopt). Whatever the answer, no field of the foreign entity
 * changes but those the admin accepted (take over), a used entity carries no mark, and destroy
 * leaves the org as it started. An answer that cannot work is refused at plan, nothing written.
 */
interface Foreign {
  ref: string;
  /** Makes it as the guide has the admin make it; answers its id. */
  make(admin: GenesysClient): Promise<string>;
  /** Where Genesys shows it, and where its mark would be. */
  read(admin: GenesysClient, id: string): Promise<Record<string, unknown>>;
  markOf(e: Record<string, unknown>): unknown;
  /** Whether --use can serve (else: refused at plan, with this in the reason). */
  unusable?: string;
  /** Flags every run needs beside the answer (a foreign trigger on the kit's events: --allow-overlap). */
  flags?: string[];
  /** Taking over: put back by destroy (default), or refused at plan with this in the reason. */
  adoptRefused?: string;
  /** Taking over something Genesys cannot put back (a flow): destroy says so, and takes its mark off. */
  notRestorable?: string;
}

const KINDS: Foreign[] = [
  {
    ref: 'role/Presence API Admin',
    make: async (a) =>
      (await a.request<{ id: string }>('POST', '/api/v2/authorization/roles', {
        body: { name: 'Presence API Admin', description: 'By hand', permissionPolicies: [{ domain: 'presence', entityName: '*', actionSet: ['*'] }, { domain: 'architect', entityName: 'datatableRow', actionSet: ['*'] }] },
      })).id,
    read: (a, id) => a.request('GET', `/api/v2/authorization/roles/${id}`),
    markOf: (e) => e.description,
  },
  {
    ref: 'data-table/MsTeamsPresenceMappings',
    make: (a) => createDataTableFromCsv(a, 'MsTeamsPresenceMappings', readFileSync(`${TEAMS}MsTeamsPresenceMappings.csv`, 'utf8')),
    read: (a, id) => a.request('GET', `/api/v2/flows/datatables/${id}`, { query: { expand: 'schema' } }),
    markOf: (e) => e.description,
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
    notRestorable: 'an Architect import replaces a flow whole',
  },
];

const without = (e: Record<string, unknown>) => JSON.parse(JSON.stringify(e, (k, v) => (k === 'version' || k === 'dateModified' ? undefined : v))) as unknown;
const BLUEPRINT = ['--blueprint', 'teams-presence'];

describe.skipIf(LIVE)(`brownfield matrix: kind × {beside, use, take over} (${SANDBOX_ONLY})`, () => {
  for (const k of KINDS) {
    describe(k.ref, () => {
      let id = '';
      const b = useBrownfield('pk-matrix-', {}, async (admin) => void (id = await k.make(admin)));

      it('beside: ours under a prefix, theirs unchanged, destroy leaves the org as it started', async () => {
        const start = await orgSnapshot(b.t);
        const theirs = without(await k.read(b.admin, id));
        expect((await runCli(b.t, 'apply', '--yes', ...BLUEPRINT, ...(k.flags ?? []), '--set', 'namePrefix=PK ')).code).toBe(0);
        expect(without(await k.read(b.admin, id))).toEqual(theirs);
        expect((await runCli(b.t, 'destroy', '--yes')).code).toBe(0);
        expect(await orgSnapshot(b.t)).toEqual(start);
      });

      it(`use: ${k.unusable ? 'refused at plan, nothing written' : 'wired to, never marked or changed, left by destroy'}`, async () => {
        const start = await orgSnapshot(b.t);
        const theirs = without(await k.read(b.admin, id));
        const r = await runCli(b.t, 'apply', '--yes', ...BLUEPRINT, ...(k.flags ?? []), '--use', k.ref);
        if (k.unusable) {
          expect(r.code).not.toBe(0);
          expect(r.stderr).toContain(k.unusable);
        } else expect(r.code).toBe(0);
        expect(without(await k.read(b.admin, id))).toEqual(theirs);
        expect(readMark(k.markOf(await k.read(b.admin, id)))).toBeUndefined();
        expect((await runCli(b.t, 'destroy', '--yes')).code).toBe(0);
        expect(await orgSnapshot(b.t)).toEqual(start);
      });

      it(`take over: ${k.adoptRefused ? 'refused at plan, nothing written' : k.notRestorable ? 'adopted; destroy says it cannot put it back and takes its mark off' : 'adopted (its mark says so), destroy puts it back as it was'}`, async () => {
        const start = await orgSnapshot(b.t);
        const r = await runCli(b.t, 'apply', '--yes', ...BLUEPRINT, ...(k.flags ?? []), '--adopt', k.ref);
        if (k.adoptRefused) {
          expect(r.code).not.toBe(0);
          expect(r.stderr).toContain(k.adoptRefused);
        } else {
          expect(r.code).toBe(0);
          expect(readMark(k.markOf(await k.read(b.admin, id)))).toMatchObject({ adopted: true });
          const d = await runCli(b.t, 'destroy', '--yes');
          expect(d.code).toBe(0);
          if (k.notRestorable) {
            // Said, and no mark left behind for another checkout to take it for ours; the rest of the org as it started.
            expect(d.stdout + d.stderr).toContain(k.notRestorable);
            expect(readMark(k.markOf(await k.read(b.admin, id)))).toBeUndefined();
            const { flows: _now, ...now } = await orgSnapshot(b.t);
            const { flows: _then, ...then } = start;
            expect(now).toEqual(then);
            return;
          }
        }
        expect(await orgSnapshot(b.t)).toEqual(start);
      });
    });
  }
});
