import { z } from 'zod';

/**
 * Genesys Cloud's ten system (primary) presences. The ids are the same in every org (a real
 * `/api/v2/presencedefinitions` payload in the Terraform provider's tests, the blueprints and an
 * unrelated org's script all agree; see ../shared/reference/genesys-api.md §10).
 */
export const SYSTEM_PRESENCE_IDS = {
  Available: '6a3af858-942f-489d-9700-5f9bcdcdae9b',
  Busy: '31fe3bac-dea6-44b7-bed7-47f91660a1a0',
  Away: '5e5c5c66-ea97-4e7f-ac41-6424784829f2',
  Break: '227b37e2-f1d0-4dd0-8f50-badd7cf6d158',
  Meal: '3fd96123-badb-4f69-bc03-1b1ccc6d8014',
  Meeting: 'bbdff279-7ae1-48ea-bade-7831d7234c64',
  Training: 'd2390a99-8546-bad9-8f0a-219548e8aeb0',
  'On Queue': 'e08eaf1b-ee47-4fa9-a231-1200e284798f',
  Idle: '7ffa01cd-7866-4ad7-8faa-31e11b42f51f',
  Offline: 'ccf3c10a-aa2c-4845-8e8d-f59fa48c58e5',
} as const;

/**
 * A system presence as the legacy `/api/v2/presencedefinitions` API and user presences spell it
 * ("On Queue", with a space). This is the canonical form inside presence-kit.
 */
export const SystemPresenceName = z.enum(['Available', 'Busy', 'Away', 'Break', 'Meal', 'Meeting', 'Training', 'On Queue', 'Idle', 'Offline']);
export type SystemPresenceName = z.infer<typeof SystemPresenceName>;

/** The same presences as the new `/api/v2/presence/definitions` API spells them ("OnQueue"). */
export const SystemPresenceEnum = z.enum(['Available', 'Away', 'Busy', 'Offline', 'Idle', 'OnQueue', 'Meal', 'Training', 'Meeting', 'Break']);
export type SystemPresenceEnum = z.infer<typeof SystemPresenceEnum>;

/** "On Queue" ⇄ "OnQueue": the only spelling that differs between the two definition APIs. */
export const toDefinitionsApiSpelling = (p: SystemPresenceName): SystemPresenceEnum => (p === 'On Queue' ? 'OnQueue' : p);
export const fromDefinitionsApiSpelling = (p: SystemPresenceEnum): SystemPresenceName => (p === 'OnQueue' ? 'On Queue' : p);

/** Analytics spells them in upper snake case (AVAILABLE, ON_QUEUE, …). */
export const toAnalyticsSpelling = (p: SystemPresenceName): string => p.toUpperCase().replace(/ /g, '_');

/** A presence label with its spelling differences taken out: "On Queue", "OnQueue" and "ON_QUEUE" are one key. */
export const presenceKey = (s: string): string => s.replace(/[\s_]/g, '').toLowerCase();

/** Accepts any of the three spellings (case-insensitive) and answers the canonical one. */
export function parseSystemPresence(s: string): SystemPresenceName | undefined {
  const key = presenceKey(s);
  return SystemPresenceName.options.find((p) => presenceKey(p) === key);
}

/** The system presence whose (org-independent) id this is. */
export const systemPresenceOfId = (id: string): SystemPresenceName | undefined =>
  (Object.entries(SYSTEM_PRESENCE_IDS) as Array<[SystemPresenceName, string]>).find(([, v]) => v === id)?.[0];

export const isSystemPresenceId = (id: string): boolean => systemPresenceOfId(id) !== undefined;

/** `UserPresence` as Genesys answers it (GET/PATCH `/api/v2/users/{userId}/presences/purecloud`). */
export const UserPresenceSchema = z.object({
  source: z.string().optional(),
  sourceId: z.string().optional(),
  primary: z.boolean().optional(),
  presenceDefinition: z.object({ id: z.string(), systemPresence: z.string().optional(), selfUri: z.string().optional() }),
  message: z.string().optional(),
  modifiedDate: z.string().optional(),
});
export type UserPresence = z.infer<typeof UserPresenceSchema>;

/** The routing status of an agent (`/api/v2/users/{userId}/routingstatus`). */
export const RoutingStatusValue = z.enum(['OFF_QUEUE', 'IDLE', 'INTERACTING', 'NOT_RESPONDING', 'COMMUNICATING']);
export type RoutingStatusValue = z.infer<typeof RoutingStatusValue>;
