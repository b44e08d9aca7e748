import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRAPH_HOSTS } from '../../src/sandbox/services/graph/routes.js';
import catalog from '../../src/sandbox/catalog/permissions.json' with { type: 'json' };
import { startSandbox, type StartedSandbox } from '../../src/sandbox/server.js';

/**
 * Permissions are checked by method + route template against the endpoint catalog: a template
 * spelled unlike the catalog (another param name, a missing segment) would be served with no
 * permission check at all. Every Genesys route the sandbox serves must therefore be in the
 * catalog, spelled exactly, and behind a bearer token.
 */
describe('sandbox routes against the endpoint catalog', () => {
  let s: StartedSandbox;
  beforeAll(async () => {
    s = await startSandbox({ port: 0, users: 1, wfmAgents: 1, wfmManagementUnits: 1 });
  });
  afterAll(() => s.close());

  const apiRoutes = () => s.routes.filter((r) => r.template.startsWith('/api/v2/')).map((r) => ({ key: `${r.method} ${r.template}`, auth: r.auth }));

  it('serves only /api/v2 templates the catalog lists, each behind a bearer token', () => {
    const table = catalog as Record<string, unknown>;
    const routes = apiRoutes();
    expect(routes.length).toBeGreaterThan(100);
    expect(routes.filter((r) => !table[r.key]).map((r) => r.key)).toEqual([]);
    expect(routes.filter((r) => r.auth !== 'bearer').map((r) => r.key)).toEqual([]);
  });

  it('serves everything else under /sandbox/v1, the login service, or a Microsoft host\'s own prefix (Graph, Entra)', () => {
    const other = s.routes.filter((r) => !r.template.startsWith('/api/v2/')).map((r) => r.template);
    const microsoft = Object.values(GRAPH_HOSTS).map((p) => `${p}/`);
    expect(other.filter((t) => !t.startsWith('/sandbox/v1/') && t !== '/oauth/token' && !microsoft.some((p) => t.startsWith(p)))).toEqual([]);
  });
});
