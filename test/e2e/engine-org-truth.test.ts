import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { runCliIn } from '../helpers/cli.js';
import { live } from '../helpers/duplicates.js';
import { inventory, itSandbox, withTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * The org is the only truth (issue 20): what presence-kit made is found from the org's marks —
 * and from what Genesys derives from them — in any working directory, whatever its state file
 * says: none, a truncated one, one of another directory, one rebuilt. Each run is the CLI as an
 * admin or a CI job runs it, in its own directory, against one sandbox org.
 */
const CREDENTIALS = '.presence-kit/pre-break.credentials.json';
const STATE = '.presence-kit/state.json';
const THREE = 'communicate-call,teams-presence,pre-break';
const ALL = `${THREE},teams-presence-outbound,observe`;

const dir = (label: string) => mkdtempSync(join(tmpdir(), `pk-truth-${label}-`));

interface Steps {
  steps: Array<{ action: string; kind: string; name: string; reason: string }>;
}
const changed = (out: string) =>
  (JSON.parse(out) as Steps).steps.filter((s) => s.action !== 'noop').map((s) => `${s.action} ${s.kind}:${s.name}`);

/** The CLI in `cwd` against `t`, with the Entra app teams-presence-outbound needs. */
async function kit(t: TestTarget) {
  const app = (await (await fetch(`${t.sandbox!.url}/sandbox/v1/graph/app`)).json()) as { tenantId: string; clientId: string; clientSecret: string };
  const env = { PRESENCE_KIT_GRAPH_CLIENT_SECRET: app.clientSecret, PRESENCE_KIT_VAR_graphTenantId: app.tenantId, PRESENCE_KIT_VAR_graphClientId: app.clientId };
  return (cwd: string, ...args: string[]) => runCliIn(cwd, t, env, ...args);
}

describe('engine: the org is the truth, in every directory', () => {
  itSandbox('inventory', 'case 1: all five blueprints applied in one directory; an empty directory (or a truncated state) plans only its local credentials file — the auth action Genesys made for our integration is ours', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const cli = await kit(t);
      const a = dir('a');
      expect((await cli(a, 'apply', '--yes', '--blueprint', ALL)).code).toBe(0);
      const b = dir('b');
      const fresh = await cli(b, 'plan', '--json', '--blueprint', ALL);
      expect(fresh.stderr).not.toMatch(/mark/i);
      expect(fresh.code).toBe(0);
      // Nothing to do — and no new secret for the job's client, whose current one the deployed job holds.
      expect(changed(fresh.stdout)).toEqual([]);
      expect((JSON.parse(fresh.stdout) as Steps).steps.find((s) => s.kind === 'credentials-file')!.reason).toMatch(
        /^not written here: OAuth client "Pre-Break Presence Job" was made from another directory, .* or pass --rotate-secret oauth-client\/Pre-Break Presence Job$/,
      );
      // In directory A, a truncated state file changes nothing either: not even a new secret.
      writeFileSync(join(a, STATE), readFileSync(join(a, STATE), 'utf8').slice(0, 200));
      const truncated = await cli(a, 'plan', '--json', '--blueprint', ALL);
      expect(truncated.code).toBe(0);
      expect(changed(truncated.stdout)).toEqual([]);
    });
  });

  itSandbox('inventory', "case 2: another directory's state of the same deployment is corrected from the org: planning there names nothing as foreign, and a stale copy destroys everything", async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const cli = await kit(t);
      const start = live(await inventory(t));
      const [a, b] = [dir('a'), dir('b')];
      expect((await cli(a, 'apply', '--yes', '--blueprint', THREE)).code).toBe(0);
      expect((await cli(b, 'apply', '--yes', '--blueprint', 'observe')).code).toBe(0);
      const there = await cli(b, 'plan', '--json', '--blueprint', THREE);
      expect(there.stderr).not.toMatch(/--adopt/);
      expect(there.code).toBe(0);
      expect((JSON.parse(there.stdout) as { notes: string[] }).notes).toEqual([expect.stringMatching(/^\.presence-kit\/state\.json disagreed with the org on \d+ entities: corrected from the org/)]);
      expect(changed(there.stdout)).toEqual([]);
      // Asked for, the job's secret is issued anew here, and the file written.
      const rotate = await cli(b, 'plan', '--json', '--blueprint', THREE, '--rotate-secret', 'oauth-client/Pre-Break Presence Job');
      expect(changed(rotate.stdout)).toEqual(['update oauth-client:Pre-Break Presence Job', `create credentials-file:${CREDENTIALS}`]);

      // A's state replaced by B's (observe only, by now corrected): destroy still tears down every entity of the deployment.
      copyFileSync(join(b, STATE), join(a, STATE));
      const d = await cli(a, 'destroy', '--yes');
      expect(d.code).toBe(0);
      expect(live(await inventory(t))).toEqual(start);
      expect(existsSync(join(a, CREDENTIALS))).toBe(false);
    });
  });

  itSandbox('inventory', 'cases 3 and 10: after state rebuild, destroy --blueprint X deletes exactly what X made (its role, the credentials file) and keeps shared entities, their marks naming only the others', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const cli = await kit(t);
      const start = live(await inventory(t));
      const a = dir('a');
      expect((await cli(a, 'apply', '--yes', '--blueprint', `${THREE},observe`)).code).toBe(0);
      const role = async (name: string) => live(await inventory(t)).roles!.find((r) => r.name === name);
      expect((await cli(a, 'state', 'rebuild')).code).toBe(0);

      expect((await cli(a, 'destroy', '--yes', '--blueprint', 'observe')).code).toBe(0);
      expect(await role('Presence Kit Observer')).toBeUndefined();
      expect(await role('Presence API Admin')).toBeDefined();

      expect((await cli(a, 'destroy', '--yes', '--blueprint', 'pre-break')).code).toBe(0);
      expect(existsSync(join(a, CREDENTIALS))).toBe(false);
      expect(live(await inventory(t)).oauthClients!.map((c) => c.name)).not.toContain('Pre-Break Presence Job');

      // Presence API Admin is shared by communicate-call and teams-presence: destroying one keeps it, marked for the other only.
      expect((await cli(a, 'destroy', '--yes', '--blueprint', 'teams-presence')).code).toBe(0);
      const shared = await (await t.client()).request<{ description: string }>('GET', `/api/v2/authorization/roles/${(await role('Presence API Admin'))!.id}`);
      expect(shared.description).toMatch(/\[presence-kit deployment=default blueprints=communicate-call\]$/);
      // A fresh directory, rebuilt from the org alone, destroys what is left.
      const c = dir('c');
      expect((await cli(c, 'destroy', '--yes', '--blueprint', 'communicate-call')).code).toBe(0);
      expect(live(await inventory(t))).toEqual(start);
    });
  });

  itSandbox('inventory', "case 4 and 10: losing only state.json never rotates the job's secret (the credentials file is evidence), and a destroy with a lost state removes the credentials file", async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const cli = await kit(t);
      const a = dir('a');
      const first = await cli(a, 'apply', '--yes', '--blueprint', 'pre-break');
      expect(first.stderr).toBe('');
      const creds = readFileSync(join(a, CREDENTIALS), 'utf8');
      rmSync(join(a, STATE));
      const p = await cli(a, 'plan', '--json', '--blueprint', 'pre-break');
      expect(p.code).toBe(0);
      expect(changed(p.stdout)).toEqual([]);
      expect((await cli(a, 'apply', '--yes', '--blueprint', 'pre-break')).code).toBe(0);
      expect(readFileSync(join(a, CREDENTIALS), 'utf8')).toBe(creds);
      // The job still logs in with the secret it had.
      const { clientId, clientSecret } = JSON.parse(creds) as { clientId: string; clientSecret: string };
      const token = await fetch(`${t.sandbox!.url}/oauth/token`, {
        method: 'POST',
        headers: { Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}`, 'Content-Type': 'application/x-www-form-urlencoded' },
        body: 'grant_type=client_credentials',
      });
      expect(token.status).toBe(200);

      rmSync(join(a, STATE));
      expect((await cli(a, 'destroy', '--yes')).code).toBe(0);
      expect(existsSync(join(a, CREDENTIALS))).toBe(false);
    });
  });
  itSandbox('inventory', 'a state rebuilt by a run that did not name the opt-in outbound blueprint heals on the next run that does: no credential rewritten, no secret asked, no stray auth action', async () => {
    await withTestTarget({ rateLimit: 0 }, async (t) => {
      const cli = await kit(t);
      const a = dir('a');
      expect((await cli(a, 'apply', '--yes', '--blueprint', ALL)).code).toBe(0);
      rmSync(join(a, STATE));
      // The default blueprints only: the state is rebuilt from the org, the outbound entities without their manifest (no digests).
      expect((await cli(a, 'plan', '--blueprint', THREE)).code).toBe(0);
      const r = await cli(a, 'plan', '--blueprint', ALL, '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(changed(r.stdout)).toEqual([]);
      const st = await cli(a, 'status', '--blueprint', ALL, '--detailed-exitcode');
      expect(st.code, st.stdout + st.stderr).toBe(0);
    });
  });
});
