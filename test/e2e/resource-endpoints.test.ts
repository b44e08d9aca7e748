import { afterAll, beforeAll, expect, it } from 'vitest';
import { apply, plan, planDestroy } from '../../src/engine/index.js';
import type { ProgressEvent } from '../../src/engine/apply.js';
import { RESOURCES } from '../../src/resources/index.js';
import { ORGANIZATION_ENDPOINTS } from '../../src/resources/organization.js';
import type { Kind } from '../../src/resources/types.js';
import { loadBlueprintInfo } from '../../src/wizard/blueprint-info.js';
import { openSolution, type Solution } from '../helpers/solution.js';
import { describeSandbox } from '../helpers/target.js';

/**
 * Each resource kind declares the endpoints it calls (src/resources/<kind>.ts `endpoints`, as CX
 * as Code's per-resource apis.md). Apply, re-apply with changes and destroy of the three
 * blueprints, with each step's calls taken from the client's call stats between the step's start
 * and end: a kind that calls an endpoint it did not declare fails here.
 */
const BLUEPRINTS = ['communicate-call', 'teams-presence', 'pre-break', 'teams-presence-outbound'];
/** Stats fold ids to `{id}`; the catalog names them (`{clientId}`); a presigned URL is not an API path. */
const norm = (key: string) => {
  const [method, path] = key.split(' ') as [string, string];
  return `${method} ${path.startsWith('/api/') ? path.replace(/\{[^}]+\}/g, '{id}') : '{presignedUrl}'}`;
};

describeSandbox('call stats of one client', 'each resource kind calls only the endpoints it declares', () => {
  let s: Solution;
  const observed = new Map<string, Set<string>>();
  const note = (who: string, before: Record<string, number>, after: Record<string, number>) => {
    const set = observed.get(who) ?? new Set<string>();
    for (const [k, v] of Object.entries(after)) if (v > (before[k] ?? 0) && !k.includes(' /oauth/')) set.add(norm(k));
    observed.set(who, set);
  };
  async function run(p: Awaited<ReturnType<typeof plan>>) {
    let before: Record<string, number> = {};
    await apply(p, {
      onProgress: (e: ProgressEvent) => {
        if (e.phase === 'start') before = s.client.stats.byEndpoint();
        else note(e.step.kind, before, s.client.stats.byEndpoint());
      },
    });
  }
  async function planned(make: () => ReturnType<typeof plan>) {
    const before = s.client.stats.byEndpoint();
    const p = await make();
    note('plan', before, s.client.stats.byEndpoint());
    return p;
  }

  beforeAll(async () => {
    s = await openSolution(BLUEPRINTS);
    // teams-presence-outbound: the sandbox's Entra app, as an admin gives theirs.
    const app = await s.ctl.get<{ tenantId: string; clientId: string; clientSecret: string }>('graph/app');
    process.env.PRESENCE_KIT_GRAPH_CLIENT_SECRET = app.clientSecret;
    const opts = { client: s.client, workDir: s.workDir, blueprints: BLUEPRINTS, set: [`graphTenantId=${app.tenantId}`, `graphClientId=${app.clientId}`] };
    await run(await planned(() => plan(opts)));
    // Updates: another presence for Busy (workflow), the clients' divisions, another Pre-Break name.
    await run(await planned(() => plan({ ...opts, set: [...opts.set, 'busyPresenceId=Away', 'roleDivisions=home', 'preBreakPresenceName=Pre Break'] })));
    await run(await planned(() => planDestroy(opts)));
  });
  afterAll(async () => {
    delete process.env.PRESENCE_KIT_GRAPH_CLIENT_SECRET;
    await s?.close();
  });

  it('no kind calls an endpoint it did not declare; planning reads only what the planned kinds declare', () => {
    const declared = (k: Kind) => new Set(Object.values(RESOURCES[k].endpoints).flat().map(norm));
    const report: string[] = [];
    for (const [who, calls] of observed) {
      if (who === 'plan') continue;
      const allowed = declared(who as Kind);
      for (const c of calls) if (!allowed.has(c)) report.push(`${who} calls ${c}, not declared in src/resources/${who}.ts`);
    }
    const reads = new Set([...ORGANIZATION_ENDPOINTS.map(norm), ...Object.keys(RESOURCES).flatMap((k) => [...declared(k as Kind)])]);
    for (const c of observed.get('plan') ?? []) if (!reads.has(c)) report.push(`planning calls ${c}, which no kind declares`);
    console.log([...observed].map(([who, calls]) => `${who}: ${[...calls].sort().join(', ')}`).join('\n'));
    expect(report).toEqual([]);
    // Every kind the three blueprints provision was exercised (credentials-file calls nothing).
    const kinds = [...new Set(loadBlueprintInfo(BLUEPRINTS).flatMap((b) => b.needs.kinds))].sort();
    expect(kinds.length).toBeGreaterThan(8);
    expect([...observed.keys()].filter((k) => k !== 'plan').sort()).toEqual(kinds);
  });
});
