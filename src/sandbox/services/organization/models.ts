import type { SandboxContext } from '../../core/context.js';
import { Rng } from '../../core/rng.js';
import type { Collection } from '../../core/store.js';

/** The org itself (`Organization`): one per sandbox, its id stable for as long as the org is kept. */
export interface OrganizationRecord {
  id: string;
  name: string;
  defaultLanguage: string;
  thirdPartyOrgName: string;
  domain: string;
  state: 'active';
  version: number;
}

const organization = (ctx: SandboxContext): Collection<OrganizationRecord> => ctx.store.collection<OrganizationRecord>('organization');

/** The org, created on first use (a `--data` file written before the org was modelled has none). */
export function theOrganization(ctx: SandboxContext): OrganizationRecord {
  const existing = organization(ctx).list()[0];
  if (existing) return existing;
  // Its own generator: drawing from ctx.rng would shift every seeded id and name after it.
  const id = new Rng(ctx.options.seed ^ 0x06a9).uuid();
  const short = id.slice(0, 8);
  return organization(ctx).insert({
    id,
    name: `presence-kit sandbox ${short}`,
    defaultLanguage: 'en-us',
    thirdPartyOrgName: `pk-sandbox-${short}`,
    domain: `pk-sandbox-${short}.sandbox.presence-kit.example`,
    state: 'active',
    version: 1,
  });
}
