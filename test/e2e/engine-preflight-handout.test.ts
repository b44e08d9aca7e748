import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apply, plan } from '../../src/engine/index.js';
import type { GenesysClient } from '../../src/genesys/client.js';
import { needsOf } from '../../src/preflight/requirements.js';
import { loadBlueprintInfo } from '../../src/wizard/blueprint-info.js';
import { clientWith } from '../helpers/permissions.js';
import { inventory, LIVE, openTestTarget, type TestTarget } from '../helpers/target.js';

/**
 * Genesys lets a client hand out only the permissions it holds. An admin client able to create
 * every kind, but short of one permission of a role the blueprint gives its OAuth client, must be
 * stopped before the first write — not after the role and the presence were made, at the client.
 */
describe.skipIf(LIVE)('apply preflight: what the admin must hold to hand out', () => {
  let t: TestTarget;
  let admin: GenesysClient;
  beforeAll(async () => {
    t = await openTestTarget();
    admin = await t.client();
  });
  afterAll(() => t?.close());

  it('an admin short of a permission of the job role is refused before any write, naming it and the hand-out', async () => {
    const preBreak = loadBlueprintInfo().find((b) => b.name === 'pre-break')!.needs;
    const handedOut = preBreak.roles!.flatMap((r) => r.permissions);
    expect(handedOut).toContain('wfm:publishedSchedule:view');
    // Everything doctor asks for pre-break, but the one permission only the job role needs.
    const all = needsOf([preBreak]).map((n) => n.permission);
    const short = await clientWith(admin, 'admin short of wfm', [...all.filter((p) => p !== 'wfm:publishedSchedule:view'), 'authorization:role:view', 'oauth:client:view'], '*');
    const before = await inventory(t);
    const workDir = mkdtempSync(join(tmpdir(), 'pk-handout-'));
    const err = await plan({ client: short, workDir, blueprints: ['pre-break'] })
      .then((p) => apply(p))
      .catch((e: unknown) => e);
    expect((err as Error).message).toMatch(/lacks wfm:publishedSchedule:view \(needed to hand role "Pre-Break Presence Job" to OAuth client "Pre-Break Presence Job"\).*nothing was changed/);
    expect(short.stats.writes).toBe(0);
    const after = await inventory(t);
    expect(after.roles?.length).toBe(before.roles?.length);
    expect(after.presenceDefinitions?.length).toBe(before.presenceDefinitions?.length);
  });
});
