import { z } from 'zod';
import type { GenesysClient } from '../genesys/client.js';

const OrganizationSchema = z.object({ id: z.string().min(1), name: z.string() });
export type OrganizationRef = z.infer<typeof OrganizationSchema>;

/** What the engine itself calls, outside any resource kind (one read per run). */
export const ORGANIZATION_ENDPOINTS: readonly string[] = ['GET /api/v2/organizations/me'];

/** The org the client reaches (`GET /api/v2/organizations/me`, no permission needed): how state knows whose it is. */
export async function readOrganization(client: GenesysClient): Promise<OrganizationRef> {
  const { id, name } = OrganizationSchema.parse(await client.request('GET', '/api/v2/organizations/me'));
  return { id, name };
}
