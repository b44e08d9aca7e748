import { toAnalyticsSpelling, toDefinitionsApiSpelling, SystemPresenceName } from '../../../model/presence.js';
import type { PresenceDefinitionRecord } from './definitions.js';
import type { UserPresenceView } from './models.js';

/** `localeCode`: absent or ALL → every label; otherwise that locale's label (en_US when it has none). */
function labels(d: PresenceDefinitionRecord, localeCode?: string): Record<string, string> {
  if (!localeCode || localeCode.toUpperCase() === 'ALL') return { ...d.languageLabels };
  const key = localeCode.replace('-', '_');
  const hit = d.languageLabels[key] ?? d.languageLabels[localeCode];
  return hit !== undefined ? { [key]: hit } : { en_US: d.languageLabels.en_US ?? d.name };
}

/** OrganizationPresence: the legacy `/api/v2/presencedefinitions` shape ("On Queue"). */
export const legacyDefinitionView = (d: PresenceDefinitionRecord, localeCode?: string) => ({
  id: d.id,
  name: d.name,
  languageLabels: labels(d, localeCode),
  systemPresence: d.systemPresence,
  deactivated: d.deactivated,
  primary: d.primary,
  ...(d.createdBy ? { createdBy: { id: d.createdBy.id, selfUri: `/api/v2/users/${d.createdBy.id}` } } : {}),
  createdDate: d.createdDate,
  ...(d.modifiedBy ? { modifiedBy: { id: d.modifiedBy.id, selfUri: `/api/v2/users/${d.modifiedBy.id}` } } : {}),
  modifiedDate: d.modifiedDate,
  selfUri: `/api/v2/presencedefinitions/${d.id}`,
});

/** OrganizationPresenceDefinition: the new `/api/v2/presence/definitions` shape ("OnQueue", `type`). */
export const definitionView = (d: PresenceDefinitionRecord, localeCode?: string) => ({
  id: d.id,
  name: d.name,
  type: d.primary ? ('System' as const) : ('User' as const),
  languageLabels: labels(d, localeCode),
  systemPresence: toDefinitionsApiSpelling(d.systemPresence),
  divisionId: d.divisionId,
  deactivated: d.deactivated,
  selfUri: `/api/v2/presence/definitions/${d.id}`,
});

/** `GET /api/v2/systempresences`: `[{id: "ON_QUEUE", name: "On Queue"}, …]`. */
export const systemPresencesView = () =>
  SystemPresenceName.options.map((name) => ({ id: toAnalyticsSpelling(name), name, selfUri: `/api/v2/systempresences/${toAnalyticsSpelling(name)}` }));

/** UcUserPresence: one entry of the bulk GET. */
export const ucUserPresenceView = (userId: string, p: UserPresenceView) => ({
  userId,
  source: p.source,
  sourceId: p.sourceId ?? p.source,
  presenceDefinition: p.presenceDefinition,
  message: p.message,
  modifiedDate: p.modifiedDate,
});
