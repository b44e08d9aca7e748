import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import catalog from '../../src/sandbox/catalog/permissions.json' with { type: 'json' };
import { GenesysClient } from '../../src/genesys/client.js';
import { runTick } from '../../src/jobs/pre-break/run.js';
import { SYSTEM_PRESENCE_IDS as P } from '../../src/model/presence.js';
import { PRE_BREAK_CREDENTIALS_FILE } from '../../src/model/pre-break-credentials.js';
import { runDoctor } from '../../src/preflight/checks.js';
import type { Exchange } from '../../src/sandbox/server.js';
import { simulateCall } from '../../src/simulate/drive.js';
import { loadBlueprintInfo } from '../../src/wizard/blueprint-info.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { describeSandbox } from '../helpers/target.js';
import { sdkOperation, validate } from '../support/sdk-models.js';

/**
 * The contract test over the whole wire: the kit's main flows (apply of the three blueprints, a
 * re-apply, doctor, a Communicate call, a pre-break tick, destroy) against the sandbox, recording
 * every request and answer, then each held to the official SDK's models (its index.d.ts): the
 * operation's body model for what the kit sends, its return model for a 2xx answer, ErrorBody for
 * an error. An unknown field, a missing required one or a wrong JSON type fails. Its output lists
 * every endpoint covered.
 */
const table = catalog as Record<string, { operation: string }>;
const BLUEPRINTS = ['communicate-call', 'teams-presence', 'pre-break', 'teams-presence-outbound'];

describeSandbox('wire recording (test mode)', 'the wire contract: every request and answer against the SDK models', () => {
  let s: Solution;
  const wire: Exchange[] = [];
  beforeAll(async () => {
    s = await openSolution(BLUEPRINTS);
    s.t.sandbox!.onExchange((e) => {
      if (!e.internal && e.path.startsWith('/api/v2/')) wire.push(e);
    });
    // teams-presence-outbound: the sandbox's Entra app, as an admin would give theirs.
    const app = await s.ctl.get<{ tenantId: string; clientId: string; clientSecret: string }>('graph/app');
    process.env.PRESENCE_KIT_GRAPH_CLIENT_SECRET = app.clientSecret;
    const graph = [`graphTenantId=${app.tenantId}`, `graphClientId=${app.clientId}`];
    await s.applyBlueprints(graph);
    await s.applyBlueprints(graph);
    await runDoctor({ client: s.client, clientId: s.client.connection.clientId, where: 'the sandbox', blueprints: loadBlueprintInfo().filter((b) => BLUEPRINTS.includes(b.name)).map((b) => b.needs) });
    const u = await s.freshUser(P.Available);
    await simulateCall(s.ctl, { userId: u.id, direction: 'inbound', answerAfterSeconds: 5, durationSeconds: 30, settleSeconds: 10 });
    const creds = JSON.parse(readFileSync(join(s.workDir, PRE_BREAK_CREDENTIALS_FILE), 'utf8')) as { clientId: string; clientSecret: string; presenceDefinitionId: string };
    const job = await GenesysClient.connect({ ...s.client.connection, clientId: creds.clientId, clientSecret: creds.clientSecret, requestsPerMinute: 0 });
    const nowMs = Date.parse(await s.now());
    await runTick(job, { managementUnitIds: [], all: true, categories: ['Break', 'Meal'], leadMs: 15 * 60_000, tickMs: 60_000, nowMs, dryRun: false, presence: { id: creds.presenceDefinitionId } });
    await s.destroyBlueprints();
  }, 120_000);
  afterAll(async () => {
    delete process.env.PRESENCE_KIT_GRAPH_CLIENT_SECRET;
    await s?.close();
  });

  it('every request body and every answer fits the official model of its operation', () => {
    const problems: string[] = [];
    const covered = new Map<string, { calls: number; statuses: Set<number> }>();
    for (const e of wire) {
      const key = `${e.method} ${e.template}`;
      const c = covered.get(key) ?? { calls: 0, statuses: new Set<number>() };
      c.calls++;
      c.statuses.add(e.status);
      covered.set(key, c);
      const op = table[key] ? sdkOperation(table[key].operation) : undefined;
      if (!op) {
        problems.push(`${key}: no SDK operation in the endpoint catalog`);
        continue;
      }
      const json = (text: string) => (text ? (JSON.parse(text) as unknown) : undefined);
      const req = e.requestBody && /^\s*[[{]/.test(e.requestBody) ? json(e.requestBody) : undefined;
      if (req !== undefined && op.body) problems.push(...validate(req, `Models.${op.body}`, 'request').map((p) => `${key}: ${p}`));
      const res = e.contentType?.startsWith('application/json') ? json(e.responseBody) : undefined;
      if (res === undefined) continue;
      if (e.status >= 400) problems.push(...validate(res, 'Models.ErrorBody', 'response').map((p) => `${key} ${e.status}: ${p}`));
      else if (op.returns) problems.push(...validate(res, `Models.${op.returns}`, 'response').map((p) => `${key}: ${p}`));
    }
    const lines = [...covered].sort(([a], [b]) => a.split(' ')[1]!.localeCompare(b.split(' ')[1]!) || a.localeCompare(b)).map(([k, v]) => `  ${k}  ×${v.calls}  [${[...v.statuses].sort().join(', ')}]  ${table[k]?.operation ?? '?'}`);
    console.log(`wire contract: ${wire.length} exchanges over ${covered.size} endpoints\n${lines.join('\n')}`);
    expect([...new Set(problems)]).toEqual([]);
    // The flows above must reach the kit's whole surface, not a corner of it.
    expect(covered.size).toBeGreaterThan(30);
  });
});
