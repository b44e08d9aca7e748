import type { GenesysClient } from '../genesys/client.js';
import { GenesysError } from '../genesys/errors.js';
import { contextOf } from '../resources/context.js';
import { listPresenceDefinitions } from '../resources/presence-definition.js';
import { listBusinessUnits, listManagementUnitsOf, type WfmUnit } from '../resources/wfm.js';
import { allPages } from '../resources/paging.js';

/** A presence as the wizard offers it: system presences first, then the org's custom ones. */
export interface PresenceOption {
  id: string;
  label: string;
  /** The parent system presence, in the definitions API's spelling (Available, Busy, OnQueue…). */
  systemPresence: string;
  system: boolean;
}

/** The org's active presence definitions (`GET /api/v2/presence/definitions`), system ones first. */
export async function listPresences(client: GenesysClient): Promise<PresenceOption[]> {
  return (await listPresenceDefinitions(contextOf(client)))
    .filter((d) => !d.deactivated)
    .map((d) => ({
      id: d.id,
      label: d.languageLabels?.en_US ?? d.name ?? d.id,
      systemPresence: d.systemPresence ?? '',
      system: d.type === 'System',
    }))
    .sort((a, b) => Number(b.system) - Number(a.system) || a.label.localeCompare(b.label));
}

export interface ManagementUnitOption {
  id: string;
  name: string;
  businessUnit: string;
}

/** Every management unit, by business unit (`/workforcemanagement/businessunits/{id}/managementunits`). */
export async function listManagementUnits(client: GenesysClient): Promise<ManagementUnitOption[]> {
  let bus: WfmUnit[];
  try {
    bus = await listBusinessUnits(client);
  } catch (err) {
    // An org without WFM: nothing to offer (doctor reports it when pre-break is chosen).
    if (err instanceof GenesysError && (err.status === 403 || err.status === 404)) return [];
    throw err;
  }
  const out: ManagementUnitOption[] = [];
  for (const bu of bus) {
    for (const mu of await listManagementUnitsOf(client, bu.id)) out.push({ id: mu.id, name: mu.name, businessUnit: bu.name });
  }
  return out.sort((a, b) => a.businessUnit.localeCompare(b.businessUnit) || a.name.localeCompare(b.name));
}

export interface DivisionOption {
  id: string;
  name: string;
  home: boolean;
}

/** The org's divisions (`GET /api/v2/authorization/divisions`, no permission needed), home first. */
export async function listDivisions(client: GenesysClient): Promise<DivisionOption[]> {
  const all = await allPages<{ id: string; name: string; homeDivision?: boolean }>(client, '/api/v2/authorization/divisions');
  return all.map((d) => ({ id: d.id, name: d.name, home: d.homeDivision === true })).sort((a, b) => Number(b.home) - Number(a.home) || a.name.localeCompare(b.name));
}

/** What the org offers for the choices, fetched once and only when a chosen blueprint needs it. */
export interface OrgData {
  presences: PresenceOption[];
  managementUnits: ManagementUnitOption[];
  /** Where the OAuth clients' roles may be granted (asked only by blueprints that make clients). */
  divisions?: DivisionOption[];
}
