import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect } from 'vitest';
import { runCliIn } from '../helpers/cli.js';
import { duplicates, live } from '../helpers/duplicates.js';
import { inventory, itSandbox, withTestTarget, type TestTarget } from '../helpers/target.js';
import { seededRandom as rng } from '../../src/util/seeded-random.js';

/**
 * Jepsen's habit on the ownership engine (issue 20): random histories of what admins and CI jobs
 * do — apply and destroy of any of the four blueprints, a lost state file, another directory's
 * stale state copied in, a second working directory, an adoption, a CLI process killed with
 * SIGKILL mid-apply — from fixed seeds. After every step: nothing exists twice, and the hand-made
 * entity is untouched unless --adopt names it. After a final destroy in every directory used: the
 * org is as it started (every entity's JSON, server bookkeeping aside) and no secret file remains.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const FOUR = ['communicate-call', 'teams-presence', 'pre-break', 'teams-presence-outbound'];
const OPS = ['apply', 'apply', 'destroy', 'lose-state', 'stale-copy', 'second-dir', 'adopt', 'kill'] as const;
type Op = (typeof OPS)[number];
const SEEDS = [41, 22];
const STEPS = 7;
const FOREIGN_ROLE = 'Presence Kit Observer';


/** Server bookkeeping every write moves on (lock versions, dates): not what an admin set. */
const BOOKKEEPING = new Set(['version', 'dateModified', 'modifiedDate', 'modifiedBy', 'lastUpdated', 'dateCreated', 'createdDate']);
const settings = (o: unknown): unknown =>
  Array.isArray(o) ? o.map(settings) : o && typeof o === 'object' ? Object.fromEntries(Object.entries(o).filter(([k]) => !BOOKKEEPING.has(k)).map(([k, v]) => [k, settings(v)])) : o;

async function history(t: TestTarget, seed: number): Promise<string[]> {
  const random = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const subset = () => {
    const s = FOUR.filter(() => random() < 0.5);
    return s.length ? s : [pick(FOUR)];
  };
  const client = await t.client({ requestsPerMinute: 0 });
  const app = (await (await fetch(`${t.sandbox!.url}/sandbox/v1/graph/app`)).json()) as { tenantId: string; clientId: string; clientSecret: string };
  const env = { PRESENCE_KIT_GRAPH_CLIENT_SECRET: app.clientSecret, PRESENCE_KIT_VAR_graphTenantId: app.tenantId, PRESENCE_KIT_VAR_graphClientId: app.clientId };
  const cli = async (cwd: string, ...args: string[]) => {
    const r = await runCliIn(cwd, t, env, ...args);
    expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(0);
    return r;
  };

  // Someone else's role under a name the kit uses (observe's): only --adopt may change it.
  const foreign = await client.request<{ id: string }>('POST', '/api/v2/authorization/roles', {
    body: { name: FOREIGN_ROLE, description: 'made by hand', permissionPolicies: [{ domain: 'analytics', entityName: 'userDetail', actionSet: ['view'] }] },
  });
  const foreignNow = async () => settings(await client.request('GET', `/api/v2/authorization/roles/${foreign.id}`));
  const foreignAtStart = await foreignNow();
  const start = settings(live(await inventory(t)));

  const dirs = [mkdtempSync(join(tmpdir(), `pk-seq-${seed}-`))];
  let here = dirs[0]!;
  const log: string[] = [];
  for (let i = 0; i < STEPS; i++) {
    const op: Op = pick(OPS);
    const bps = subset();
    log.push(`${op}${['apply', 'destroy', 'kill'].includes(op) ? ` ${bps.join(',')}` : ''} in dir ${dirs.indexOf(here)}`);
    const state = join(here, '.presence-kit', 'state.json');
    switch (op) {
      case 'apply':
        await cli(here, 'apply', '--yes', '--blueprint', bps.join(','));
        break;
      case 'destroy':
        await cli(here, 'destroy', '--yes', '--blueprint', bps.join(','));
        break;
      case 'lose-state':
        rmSync(state, { force: true });
        break;
      case 'stale-copy': {
        const other = dirs.find((d) => d !== here && existsSync(join(d, '.presence-kit', 'state.json')));
        if (other) copyFileSync(join(other, '.presence-kit', 'state.json'), state);
        break;
      }
      case 'second-dir':
        here = mkdtempSync(join(tmpdir(), `pk-seq-${seed}-`));
        dirs.push(here);
        break;
      case 'adopt':
        // Adopted, then given back: destroy in the adopting directory puts it back as it was.
        await cli(here, 'apply', '--yes', '--blueprint', 'observe', '--adopt', `role/${FOREIGN_ROLE}`);
        expect(await foreignNow()).not.toEqual(foreignAtStart);
        await cli(here, 'destroy', '--yes', '--blueprint', 'observe');
        break;
      case 'kill': {
        // A CLI apply killed with SIGKILL once the state records a few steps (or wherever it is by then).
        const child = spawn(process.execPath, [join(ROOT, 'bin/presence-kit.mjs'), 'apply', '--yes', '--blueprint', bps.join(',')], {
          cwd: here,
          env: { ...process.env, ...env, GENESYSCLOUD_OAUTHCLIENT_ID: t.connection.clientId, GENESYSCLOUD_OAUTHCLIENT_SECRET: t.connection.clientSecret, GENESYSCLOUD_API_URL: t.sandbox!.url, PRESENCE_KIT_RATE_LIMIT: '0' },
          stdio: 'ignore',
        });
        const exited = new Promise<void>((r) => child.on('exit', () => r()));
        const before = existsSync(state) ? Object.keys((JSON.parse(readFileSync(state, 'utf8')) as { resources?: object }).resources ?? {}).length : 0;
        const after = 1 + Math.floor(random() * 4);
        for (let n = 0; child.exitCode === null && n < 2000; n++) {
          let now = 0;
          try {
            now = Object.keys((JSON.parse(readFileSync(state, 'utf8')) as { resources?: object }).resources ?? {}).length;
          } catch {
            // Not written yet (or mid-rename).
          }
          if (now >= before + after) break;
          await new Promise((r) => setTimeout(r, 10));
        }
        child.kill('SIGKILL');
        await exited;
        break;
      }
    }
    expect(duplicates(await inventory(t)), log.join(' → ')).toEqual([]);
    if (op !== 'adopt') expect(await foreignNow(), log.join(' → ')).toEqual(foreignAtStart);
  }

  // The end: a destroy of everything in each directory (the first one reaches the org; each removes its own local files).
  for (const d of dirs) await cli(d, 'destroy', '--yes');
  expect(settings(live(await inventory(t))), log.join(' → ')).toEqual(start);
  expect(await foreignNow()).toEqual(foreignAtStart);
  for (const d of dirs) {
    const left = existsSync(join(d, '.presence-kit')) ? readdirSync(join(d, '.presence-kit')).filter((f) => /credentials/.test(f)) : [];
    expect(left, `${d}: ${log.join(' → ')}`).toEqual([]);
  }
  return log;
}

describe('engine: random histories of applies, destroys, lost and stale states, directories, adoption and kills', () => {
  for (const seed of SEEDS)
    itSandbox('inventory', `seed ${seed}: every step keeps the org free of duplicates and the foreign role untouched; the final destroy leaves the org as it started`, async () => {
      await withTestTarget({ rateLimit: 0 }, (t) => history(t, seed));
    });
});
