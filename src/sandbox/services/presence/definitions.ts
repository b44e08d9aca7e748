import {
  SYSTEM_PRESENCE_IDS,
  SystemPresenceName,
  isSystemPresenceId,
} from '../../../model/presence.js';
import type { SandboxContext } from '../../core/context.js';
import { ApiError, badRequest, notFound } from '../../core/errors.js';
import type { Collection } from '../../core/store.js';
import { homeDivision } from '../authorization/models.js';

/**
 * An organization presence definition. One record serves both APIs: the legacy
 * `/api/v2/presencedefinitions` (OrganizationPresence, "On Queue") and the new
 * `/api/v2/presence/definitions` (OrganizationPresenceDefinition, "OnQueue", `type`).
 * `systemPresence` is kept in the canonical (legacy) spelling; routes translate.
 */
export interface PresenceDefinitionRecord {
  id: string;
  name: string;
  languageLabels: Record<string, string>;
  systemPresence: SystemPresenceName;
  /** True for the ten system presences; custom (secondary) presences are never primary. */
  primary: boolean;
  deactivated: boolean;
  /** Deleted custom presences stay listed under the legacy API's `deleted=true`. */
  deleted: boolean;
  divisionId: string;
  createdDate: string;
  modifiedDate: string;
  createdBy?: { id: string };
  modifiedBy?: { id: string };
}

export const presenceDefinitions = (ctx: SandboxContext): Collection<PresenceDefinitionRecord> =>
  ctx.store.collection<PresenceDefinitionRecord>('presenceDefinitions', {
    summarize: (d) => ({ systemPresence: d.systemPresence, primary: d.primary, deactivated: d.deactivated, deleted: d.deleted }),
  });

/** System presences first (in the admin UI's order), then custom ones by label. */
export function listPresenceDefinitions(ctx: SandboxContext, opts: { deleted?: boolean; deactivated?: boolean } = {}): PresenceDefinitionRecord[] {
  const order = SystemPresenceName.options;
  return presenceDefinitions(ctx)
    .filter((d) => (opts.deleted ? true : !d.deleted))
    .filter((d) => (opts.deactivated === undefined ? true : d.deactivated === opts.deactivated))
    .sort(
      (a, b) =>
        Number(b.primary) - Number(a.primary) ||
        order.indexOf(a.systemPresence) - order.indexOf(b.systemPresence) ||
        a.name.localeCompare(b.name) ||
        a.id.localeCompare(b.id),
    );
}

/** A definition that exists and is not deleted, or 404. */
export function getPresenceDefinition(ctx: SandboxContext, id: string): PresenceDefinitionRecord {
  const d = presenceDefinitions(ctx).get(id);
  if (!d || d.deleted) throw notFound(`Presence definition ${id} not found`);
  return d;
}

/** The label shown for a locale (`en_US` style, as Genesys keys `languageLabels`), falling back to en_US. */
export const labelFor = (d: PresenceDefinitionRecord, localeCode?: string): string =>
  (localeCode ? (d.languageLabels[localeCode] ?? d.languageLabels[localeCode.replace('-', '_')]) : undefined) ?? d.languageLabels.en_US ?? d.name;

export function seedPresenceDefinitions(ctx: SandboxContext): void {
  const now = ctx.clock.nowIso();
  const divisionId = homeDivision(ctx).id;
  for (const [name, id] of Object.entries(SYSTEM_PRESENCE_IDS) as Array<[SystemPresenceName, string]>) {
    presenceDefinitions(ctx).insert({
      id,
      name,
      languageLabels: { en_US: name },
      systemPresence: name,
      primary: true,
      deactivated: false,
      deleted: false,
      divisionId,
      createdDate: now,
      modifiedDate: now,
    });
  }
}

export interface DefinitionInput {
  languageLabels?: Record<string, string>;
  systemPresence?: SystemPresenceName;
  deactivated?: boolean;
  divisionId?: string;
}

function validLabels(labels: unknown): Record<string, string> {
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) throw badRequest('languageLabels is required');
  const entries = Object.entries(labels as Record<string, unknown>);
  if (entries.length === 0 || entries.some(([, v]) => typeof v !== 'string' || v.trim() === ''))
    throw badRequest('languageLabels must hold at least one non-empty label');
  return Object.fromEntries(entries) as Record<string, string>;
}

/**
 * A label is unique among the live definitions of the org. Sandbox assumption (no primary source
 * found for the real answer): 409 `general.conflict`, as Genesys answers other duplicate names.
 */
function assertLabelFree(ctx: SandboxContext, labels: Record<string, string>, exceptId?: string): void {
  const wanted = new Set(Object.values(labels).map((l) => l.trim().toLowerCase()));
  const clash = presenceDefinitions(ctx).find(
    (d) => d.id !== exceptId && !d.deleted && Object.values(d.languageLabels).some((l) => wanted.has(l.trim().toLowerCase())),
  );
  if (clash) throw new ApiError(409, 'general.conflict', `A presence definition with the label "${labelFor(clash)}" already exists`);
}

/** Creates a custom (secondary) presence under a system presence: random id, `primary: false`. */
export function createPresenceDefinition(ctx: SandboxContext, input: DefinitionInput, createdBy?: string): PresenceDefinitionRecord {
  const labels = validLabels(input.languageLabels);
  if (!input.systemPresence) throw badRequest('systemPresence is required');
  if (input.systemPresence === 'Offline' || input.systemPresence === 'Idle')
    throw badRequest(`Secondary presences cannot be created under the ${input.systemPresence} system presence`);
  assertLabelFree(ctx, labels);
  const now = ctx.clock.nowIso();
  const d: PresenceDefinitionRecord = {
    id: ctx.rng.uuid(),
    name: labels.en_US ?? Object.values(labels)[0]!,
    languageLabels: labels,
    systemPresence: input.systemPresence,
    primary: false,
    deactivated: input.deactivated ?? false,
    deleted: false,
    divisionId: input.divisionId ?? homeDivision(ctx).id,
    createdDate: now,
    modifiedDate: now,
    ...(createdBy ? { createdBy: { id: createdBy }, modifiedBy: { id: createdBy } } : {}),
  };
  return presenceDefinitions(ctx).insert(d);
}

/** Updates labels / deactivation. A system presence keeps its parent and can't be deactivated. */
export function updatePresenceDefinition(ctx: SandboxContext, id: string, input: DefinitionInput, modifiedBy?: string): PresenceDefinitionRecord {
  const d = getPresenceDefinition(ctx, id);
  const labels = validLabels(input.languageLabels ?? d.languageLabels);
  if (d.primary) {
    if (input.systemPresence && input.systemPresence !== d.systemPresence) throw badRequest('The system presence of a primary presence definition cannot be changed');
    if (input.deactivated) throw badRequest('A primary presence definition cannot be deactivated');
  }
  if (input.systemPresence && input.systemPresence !== d.systemPresence && (input.systemPresence === 'Offline' || input.systemPresence === 'Idle'))
    throw badRequest(`Secondary presences cannot be created under the ${input.systemPresence} system presence`);
  assertLabelFree(ctx, labels, id);
  const next: PresenceDefinitionRecord = {
    ...d,
    languageLabels: labels,
    name: d.primary ? d.name : (labels.en_US ?? Object.values(labels)[0]!),
    systemPresence: input.systemPresence ?? d.systemPresence,
    deactivated: input.deactivated ?? d.deactivated,
    modifiedDate: ctx.clock.nowIso(),
    ...(modifiedBy ? { modifiedBy: { id: modifiedBy } } : {}),
  };
  return presenceDefinitions(ctx).put(next);
}

/** Deletes a custom presence (kept as `deleted` for the legacy listing); system presences can't be deleted. */
export function deletePresenceDefinition(ctx: SandboxContext, id: string): void {
  const d = getPresenceDefinition(ctx, id);
  if (d.primary || isSystemPresenceId(id)) throw badRequest('A system presence definition cannot be deleted');
  presenceDefinitions(ctx).put({ ...d, deleted: true, deactivated: true, modifiedDate: ctx.clock.nowIso() });
}
