import { z } from 'zod';
import type { GenesysClient } from '../genesys/client.js';

/**
 * Workforce Management as setup reads it: the business units (doctor checks there is one) and
 * their management units (the wizard offers them to the pre-break job). Reads only. The job itself
 * reads WFM through its own least-privilege calls in src/jobs/pre-break/wfm.ts.
 */
const UnitsSchema = z.object({ entities: z.array(z.object({ id: z.string(), name: z.string() })).default([]) });
export type WfmUnit = z.infer<typeof UnitsSchema>['entities'][number];

/** `GET /api/v2/workforcemanagement/businessunits` (every one the client may see; not paged). */
export async function listBusinessUnits(client: GenesysClient): Promise<WfmUnit[]> {
  return UnitsSchema.parse(await client.request('GET', '/api/v2/workforcemanagement/businessunits')).entities;
}

/** `GET /api/v2/workforcemanagement/businessunits/{businessUnitId}/managementunits`. */
export async function listManagementUnitsOf(client: GenesysClient, businessUnitId: string): Promise<WfmUnit[]> {
  return UnitsSchema.parse(await client.request('GET', `/api/v2/workforcemanagement/businessunits/${encodeURIComponent(businessUnitId)}/managementunits`)).entities;
}
