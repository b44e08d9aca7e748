import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import newman from 'newman';
import { COLLECTIONS_DIR, collectionFile, ENVIRONMENT_FILE } from '../../src/collections/index.js';
import type { StartedSandbox } from '../../src/sandbox/server.js';

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
          timeoutRequest: 10_000,
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
