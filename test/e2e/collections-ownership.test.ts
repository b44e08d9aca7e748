import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, destroy, plan } from '../../src/engine/index.js';
import type { GenesysClient } from '../../src/genesys/client.js';
import { readMark } from '../../src/resources/mark.js';
import { RESOURCES, ResourceContext } from '../../src/resources/index.js';
import { loadBlueprints } from '../../src/engine/blueprints.js';
import { inventory, LIVE, openTestTarget, SANDBOX_ONLY, type TestTarget } from '../helpers/target.js';
import { live } from '../helpers/duplicates.js';
import { readCollection, runCollection, sandboxEnvironment, type Inventory } from './collections-harness.js';

/**
 * Both of presence-kit's paths mark what they make: an org set up with newman (the collections, as
 * CI runs them) is the CLI's to plan and destroy with nothing to adopt — the mark carries the
 * deployment named by the environment's `deployment`, as `--deployment` does for the CLI.
 */
const ids = (inv: Inventory) => Object.fromEntries(Object.entries(live(inv)).map(([k, list]) => [k, list.map((e) => e.id).sort()]));

describe.skipIf(LIVE)(`collections and the CLI share the ownership mark (${SANDBOX_ONLY})`, () => {
  let t: TestTarget;
  let c: GenesysClient;
  beforeAll(async () => {
    t = await openTestTarget({ now: '2026-01-05T09:00:00.000Z' });
    c = await t.client();
  });
  afterAll(() => t?.close());

  for (const blueprint of ['teams-presence', 'communicate-call']) {
    it(`${blueprint}: set up by newman, planned by the CLI with nothing to adopt or create, and destroyed by it entirely`, async () => {
      const baseline = await inventory(t);
      const setup = await runCollection(readCollection(blueprint), { environment: sandboxEnvironment(t.sandbox!, { deployment: 'ci-newman' }), folder: 'Setup' });
      expect(setup.failures).toEqual([]);
      // Every entity of a kind that has a field for it carries the mark, read as the CLI reads it.
      const ctx = new ResourceContext(c);
      const desired = loadBlueprints({ blueprints: [blueprint] });
      for (const n of desired.nodes.filter((x) => RESOURCES[x.kind].mark)) {
        const found = (await RESOURCES[n.kind].listAll!(ctx)).find((o) => o.name === n.name)!;
        expect(readMark(RESOURCES[n.kind].mark!.read(found)), `${n.kind} ${n.name}`).toEqual({ deployment: 'ci-newman', adopted: false, blueprints: [blueprint] });
      }

      // A fresh checkout (no state) of the same deployment: everything is found by its mark.
      const dir = mkdtempSync(join(tmpdir(), 'pk-newman-'));
      const p = await plan({ client: c, blueprints: [blueprint], workDir: dir, deployment: 'ci-newman' });
      expect(p.steps.filter((s) => s.action === 'adopt' || s.action === 'create').map((s) => `${s.action} ${s.kind}/${s.name}`)).toEqual([]);
      await apply(p);

      // The marks name the collection's blueprint: `destroy --blueprint` removes it all, shared entities included.
      await destroy({ client: c, blueprints: [blueprint], workDir: dir, deployment: 'ci-newman' });
      expect(ids(await inventory(t))).toEqual(ids(baseline));
    });
  }
});
