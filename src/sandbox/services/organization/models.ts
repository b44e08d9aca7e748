import type { SandboxContext } from '../../core/context.js';
import { randomUUID } from 'node:crypto';
import type { Collection } from '../../core/store.js';

/**
 * The org itself (`Organization`): one per sandbox, its id stable for as long as the org is kept
 * (`--data`, the embedded sandbox's `.presence-kit/sandbox/org.json`). Every new sandbox is a new
 * org with its own id, as every Genesys org is — whatever its seed: presence-kit's
 * one-org-per-directory guard tells orgs apart by this id, so two sandboxes sharing one would
 * pass it (apply against one, then plan against another, re-created everything as "gone").
 */
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
  // Not from ctx.rng: drawing from it would shift every seeded id and name after it.
  const id = randomUUID();
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
