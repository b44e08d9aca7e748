import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import newman from 'newman';
import { COLLECTIONS_DIR, collectionFile, ENVIRONMENT_FILE, ledgerKey } from '../../src/collections/index.js';
import { loadBlueprints } from '../../src/engine/blueprints.js';
import { rowsOf, type DataTableSpec } from '../../src/resources/data-table.js';
import type { StartedSandbox } from '../../src/sandbox/server.js';
import { live } from '../helpers/duplicates.js';
import { inventory, type TestTarget } from '../helpers/target.js';

/**
 * Runs the committed collections with newman's Node API against a sandbox, the way CI and admins
 * run them: the environment template with the sandbox's URL and admin client, globals carried from
 * one run to the next (the Teardown ledger lives there, as with `--export-globals`).
 */
export interface Executed {
  item: string;
  method: string;
  url: string;
  code: number;
}

export interface NewmanRun {
  failures: string[];
  executed: Executed[];
  globals: { values: Array<{ key: string; value: unknown }> };
  environment: { values: Array<{ key: string; value: unknown }> };
  console: string[];
}

export const readCollection = (blueprint: string): unknown => JSON.parse(readFileSync(join(COLLECTIONS_DIR, collectionFile(blueprint)), 'utf8'));

export function sandboxEnvironment(sandbox: StartedSandbox, overrides: Record<string, string> = {}) {
  const template = JSON.parse(readFileSync(join(COLLECTIONS_DIR, ENVIRONMENT_FILE), 'utf8')) as { values: Array<{ key: string; value: string; type: string }> };
  const set: Record<string, string> = {
    apiBase: sandbox.url,
    loginBase: sandbox.url,
    clientId: sandbox.adminClient.id,
    clientSecret: sandbox.adminClient.secret,
    // Against the sandbox, jobs finish at once: poll fast.
    pollIntervalMs: '20',
    ...overrides,
  };
  const values = template.values.map((v) => (v.key in set ? { ...v, value: set[v.key]! } : v));
  for (const [key, value] of Object.entries(set)) if (!values.some((v) => v.key === key)) values.push({ key, value, type: 'default' });
  return { values };
}

export function runCollection(
  collection: unknown,
  o: { environment: { values: Array<{ key: string; value: unknown }> }; globals?: { values: Array<{ key: string; value: unknown }> }; folder?: string },
): Promise<NewmanRun> {
  const executed: Executed[] = [];
  const logged: string[] = [];
  return new Promise((resolve, reject) => {
    newman
      .run(
        {
          collection,
          environment: o.environment as never,
          globals: (o.globals ?? { values: [] }) as never,
          folder: o.folder,
          reporters: [],
          // No per-request limit (0): a loaded machine answers late, not wrongly; the suite's
          // test timeout is the safety net for a request that never returns.
          timeoutRequest: 0,
        },
        (err, summary) => {
          if (err) return reject(err);
          resolve({
            failures: summary.run.failures.map((f) => `${f.source?.name ?? '?'}: ${f.error.test ? `${f.error.test}: ` : ''}${f.error.message}`),
            executed,
            globals: summary.globals.toJSON(),
            environment: summary.environment.toJSON(),
            console: logged,
          });
        },
      )
      .on('request', (_err: unknown, a: { item: { name: string }; request: { method: string; url: { toString(): string } }; response?: { code: number } }) => {
        executed.push({ item: a.item.name, method: a.request.method, url: a.request.url.toString(), code: a.response?.code ?? 0 });
      })
      .on('console', (_err: unknown, a: { messages: unknown[] }) => {
        logged.push(a.messages.map(String).join(' '));
      });
  });
}

/** Where each resource kind shows in the sandbox inventory (a credentials file is not in Genesys). */
export const INVENTORY_KIND: Record<string, string | undefined> = {
  role: 'roles',
  'oauth-client': 'oauthClients',
  credential: 'credentials',
  integration: 'integrations',
  'data-action': 'actions',
  'data-table': 'datatables',
  workflow: 'flows',
  trigger: 'triggers',
  'presence-definition': 'presenceDefinitions',
  'credentials-file': undefined,
};

export type Inventory = Record<string, Array<{ id: string; name?: string } & Record<string, unknown>>>;


/** What is in `after` and not in `before` (soft-deleted entities aside), by inventory kind: the sorted names of the new entities. */
export function added(before: Inventory, after: Inventory): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [kind, list] of Object.entries(live(after))) {
    const had = new Set((before[kind] ?? []).map((e) => e.id));
    const fresh = list.filter((e) => !had.has(e.id)).map((e) => String(e.name ?? e.key ?? e.id));
    if (fresh.length) out[kind] = fresh.sort();
  }
  return out;
}

/** Requests that changed something (the token requests aside). */
export const writes = (run: NewmanRun) => run.executed.filter((e) => e.method !== 'GET' && !e.url.endsWith('/oauth/token'));

/** A blueprint's resources as the sandbox inventory shows them: inventory kind → sorted names. */
export function expectedInventory(blueprint: string): Record<string, string[]> {
  const desired = loadBlueprints({ blueprints: [blueprint] });
  const out: Record<string, string[]> = {};
  for (const n of desired.nodes) {
    const kind = INVENTORY_KIND[n.kind];
    if (kind) (out[kind] ??= []).push(n.name);
    // A table the blueprint ships empty (the call memory: its rows come and go with calls) adds none.
    const rows = n.kind === 'data-table' ? rowsOf(n.spec as DataTableSpec) : [];
    if (rows.length) (out.datatableRows ??= []).push(...rows.map((r) => r.key));
  }
  for (const k of Object.keys(out)) out[k]!.sort();
  return out;
}

const ledgerOf = (run: NewmanRun, blueprint: string) => JSON.parse(String(run.globals.values.find((v) => v.key === ledgerKey(blueprint))?.value ?? '{}')) as Record<string, Record<string, string>>;

export interface Cycle {
  setup: NewmanRun;
  teardown: NewmanRun;
  full: NewmanRun;
  again: NewmanRun;
}

/**
 * What CI proves for every collection: Setup passes and leaves exactly the blueprint's resources,
 * recorded (ids only) for Teardown; Teardown removes them; a full run passes again; and a run over
 * an org that has everything writes nothing.
 */
export async function fullCycle(t: TestTarget, blueprint: string, expectFn: typeof import('vitest').expect): Promise<Cycle> {
  const collection = readCollection(blueprint);
  const environment = sandboxEnvironment(t.sandbox!);
  const baseline = await inventory(t);
  const expected = expectedInventory(blueprint);
  const manifest = loadBlueprints({ blueprints: [blueprint] }).manifests[0]!;
  const resources = Object.keys(manifest.resources).filter((r) => manifest.resources[r]!.kind !== 'credentials-file');

  const setup = await runCollection(collection, { environment, folder: 'Setup' });
  expectFn(setup.failures).toEqual([]);
  expectFn(added(baseline, await inventory(t))).toEqual(expected);
  expectFn(Object.keys(ledgerOf(setup, blueprint)[t.sandbox!.url] ?? {}).sort()).toEqual(resources.sort());

  const teardown = await runCollection(collection, { environment: setup.environment, globals: setup.globals, folder: 'Teardown' });
  expectFn(teardown.failures).toEqual([]);
  expectFn(live(await inventory(t))).toEqual(live(baseline));
  expectFn(ledgerOf(teardown, blueprint)).toEqual({});

  // A full run (no folder): Setup again; the Teardown folder steps aside.
  const full = await runCollection(collection, { environment: teardown.environment, globals: teardown.globals });
  expectFn(full.failures).toEqual([]);
  expectFn(full.executed.filter((e) => e.method === 'DELETE')).toEqual([]);
  expectFn(added(baseline, await inventory(t))).toEqual(expected);

  // Everything exists now: found by exact name, nothing written.
  const again = await runCollection(collection, { environment: full.environment, globals: full.globals, folder: 'Setup' });
  expectFn(again.failures).toEqual([]);
  expectFn(writes(again)).toEqual([]);
  expectFn(added(baseline, await inventory(t))).toEqual(expected);
  return { setup, teardown, full, again };
}
