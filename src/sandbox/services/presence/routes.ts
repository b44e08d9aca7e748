import { SystemPresenceEnum, SystemPresenceName, fromDefinitionsApiSpelling, parseSystemPresence } from '../../../model/presence.js';
import type { SandboxService } from '../../core/context.js';
import { badRequest, invalidValue } from '../../core/errors.js';
import { paginate } from '../../core/paging.js';
import { q1, qList, type SandboxRequest } from '../../core/router.js';
import { checkDivision, type Requirement } from '../../core/permissions.js';
import { getUser } from '../users/models.js';
import {
  createPresenceDefinition,
  deletePresenceDefinition,
  getPresenceDefinition,
  listPresenceDefinitions,
  seedPresenceDefinitions,
  updatePresenceDefinition,
  type DefinitionInput,
} from './definitions.js';
import { bulkGetLimit, getUserPresence, getUserPresencesBulk, setUserPresence, setUserPresencesBulk, type PresenceChange } from './models.js';
import { definitionView, legacyDefinitionView, systemPresencesView, ucUserPresenceView } from './views.js';

type Body = Record<string, unknown>;

/** Setting a user's presence is an act on the user: the caller needs presence edit in the user's division. */
const PRESENCE_EDIT: Requirement = { type: 'ANY', permissions: ['presence:userPresence:edit'] };
function checkUsersReachable(req: SandboxRequest, ctx: Parameters<SandboxService['register']>[1], userIds: readonly string[]): void {
  if (!req.caller) return;
  for (const id of userIds) {
    const u = getUser(ctx, id);
    // An unknown user is the model's 404, not a permission question.
    if (u) checkDivision(req.caller.grants, PRESENCE_EDIT, u.divisionId);
  }
}
const body = (req: SandboxRequest): Body => (typeof req.body === 'object' && req.body !== null ? (req.body as Body) : {});

/** Legacy API: "On Queue" (any of the three spellings is accepted, as the admin UI does). */
function legacyInput(b: Body): DefinitionInput {
  let systemPresence: SystemPresenceName | undefined;
  if (b.systemPresence !== undefined) {
    systemPresence = typeof b.systemPresence === 'string' ? parseSystemPresence(b.systemPresence) : undefined;
    if (!systemPresence) throw invalidValue(String(b.systemPresence), 'systemPresence', SystemPresenceName.options);
  }
  return { languageLabels: b.languageLabels as Record<string, string> | undefined, systemPresence, deactivated: typeof b.deactivated === 'boolean' ? b.deactivated : undefined };
}

/** New API: the enum is strict ("OnQueue"). */
function definitionInput(b: Body): DefinitionInput {
  let systemPresence: SystemPresenceName | undefined;
  if (b.systemPresence !== undefined) {
    const parsed = SystemPresenceEnum.safeParse(b.systemPresence);
    if (!parsed.success) throw invalidValue(String(b.systemPresence), 'systemPresence', SystemPresenceEnum.options);
    systemPresence = fromDefinitionsApiSpelling(parsed.data);
  }
  return {
    languageLabels: b.languageLabels as Record<string, string> | undefined,
    systemPresence,
    deactivated: typeof b.deactivated === 'boolean' ? b.deactivated : undefined,
    divisionId: typeof b.divisionId === 'string' ? b.divisionId : undefined,
  };
}

/** A PATCH body (`{presenceDefinition: {id}, primary, message}`) as a change. */
function patchChange(b: Body): PresenceChange {
  const def = b.presenceDefinition as { id?: unknown } | undefined;
  if (def !== undefined && (typeof def !== 'object' || def === null || typeof def.id !== 'string' || def.id === ''))
    throw badRequest('presenceDefinition.id is required when presenceDefinition is given');
  if (b.message !== undefined && typeof b.message !== 'string') throw badRequest('message must be a string');
  return { definitionId: def?.id as string | undefined, message: b.message as string | undefined, primary: b.primary === true };
}

const triState = (v: string | undefined, fallback: 'TRUE' | 'FALSE' | 'ALL', field: string) => {
  const s = (v ?? fallback).toUpperCase();
  if (s !== 'TRUE' && s !== 'FALSE' && s !== 'ALL') throw invalidValue(v ?? '', field, ['TRUE', 'FALSE', 'ALL']);
  return s;
};

export const presenceService: SandboxService = {
  name: 'presence',
  register(router, ctx) {
    // Legacy definitions API (deprecated but still what the blueprints call).
    router.get('/api/v2/presencedefinitions', (req) => {
      const deleted = triState(q1(req.query, 'deleted'), 'FALSE', 'deleted');
      const all = listPresenceDefinitions(ctx, { deleted: true }).filter((d) => (deleted === 'ALL' ? true : d.deleted === (deleted === 'TRUE')));
      const page = paginate(all, req.query, '/api/v2/presencedefinitions');
      const locale = q1(req.query, 'localeCode');
      return { ...page, entities: page.entities.map((d) => legacyDefinitionView(d, locale)) };
    });
    router.post('/api/v2/presencedefinitions', (req) => legacyDefinitionView(createPresenceDefinition(ctx, legacyInput(body(req)), req.caller?.clientId)));
    router.get('/api/v2/presencedefinitions/{presenceId}', (req) => legacyDefinitionView(getPresenceDefinition(ctx, req.params.presenceId!), q1(req.query, 'localeCode')));
    router.put('/api/v2/presencedefinitions/{presenceId}', (req) =>
      legacyDefinitionView(updatePresenceDefinition(ctx, req.params.presenceId!, legacyInput(body(req)), req.caller?.clientId)),
    );
    router.delete('/api/v2/presencedefinitions/{presenceId}', (req) => {
      deletePresenceDefinition(ctx, req.params.presenceId!);
    });

    // New definitions API ("OnQueue", type System|User).
    router.get('/api/v2/presence/definitions', (req) => {
      const deactivated = triState(q1(req.query, 'deactivated'), 'FALSE', 'deactivated');
      const divisions = qList(req.query, 'divisionId');
      const locale = q1(req.query, 'localeCode');
      const entities = listPresenceDefinitions(ctx)
        .filter((d) => (deactivated === 'ALL' ? true : d.deactivated === (deactivated === 'TRUE')))
        .filter((d) => (divisions.length ? divisions.includes(d.divisionId) : true))
        .map((d) => definitionView(d, locale));
      return { total: entities.length, entities, selfUri: '/api/v2/presence/definitions' };
    });
    router.post('/api/v2/presence/definitions', (req) => definitionView(createPresenceDefinition(ctx, definitionInput(body(req)), req.caller?.clientId)));
    router.get('/api/v2/presence/definitions/{definitionId}', (req) => definitionView(getPresenceDefinition(ctx, req.params.definitionId!), q1(req.query, 'localeCode')));
    router.put('/api/v2/presence/definitions/{definitionId}', (req) =>
      definitionView(updatePresenceDefinition(ctx, req.params.definitionId!, definitionInput(body(req)), req.caller?.clientId)),
    );
    router.delete('/api/v2/presence/definitions/{definitionId}', (req) => {
      deletePresenceDefinition(ctx, req.params.definitionId!);
    });

    router.get('/api/v2/systempresences', () => systemPresencesView());

    // A user's presence.
    router.get('/api/v2/users/{userId}/presences/purecloud', (req) => getUserPresence(ctx, req.params.userId!));
    router.patch('/api/v2/users/{userId}/presences/purecloud', (req) => {
      checkUsersReachable(req, ctx, [req.params.userId!]);
      const c = patchChange(body(req));
      return setUserPresence(ctx, req.params.userId!, c.definitionId, { message: c.message, primary: c.primary });
    });
    router.get('/api/v2/users/{userId}/presences/{sourceId}', (req) => getUserPresence(ctx, req.params.userId!, req.params.sourceId));
    router.patch('/api/v2/users/{userId}/presences/{sourceId}', (req) => {
      checkUsersReachable(req, ctx, [req.params.userId!]);
      const c = patchChange(body(req));
      return setUserPresence(ctx, req.params.userId!, c.definitionId, { sourceId: req.params.sourceId, message: c.message, primary: c.primary });
    });

    const bulkGet = (sourceId: string | undefined) => (req: SandboxRequest) => {
      const ids = qList(req.query, 'id');
      if (ids.length > bulkGetLimit) throw badRequest(`At most ${bulkGetLimit} user ids may be given; ${ids.length} were.`);
      return getUserPresencesBulk(ctx, ids, sourceId).map(({ userId, presence }) => ucUserPresenceView(userId, presence));
    };
    router.get('/api/v2/users/presences/purecloud/bulk', bulkGet(undefined));
    router.get('/api/v2/users/presences/{sourceId}/bulk', (req) => bulkGet(req.params.sourceId)(req));

    router.put('/api/v2/users/presences/bulk', (req) => {
      if (!Array.isArray(req.body)) throw badRequest('The body must be a list of user presences.');
      const changes = (req.body as unknown[]).map((raw, i) => {
        const b = (typeof raw === 'object' && raw !== null ? raw : {}) as Body;
        if (typeof b.id !== 'string' || b.id === '') throw badRequest(`[${i}].id (the user id) is required.`);
        const c = patchChange(b);
        const source = typeof b.sourceId === 'string' ? b.sourceId : typeof b.source === 'string' ? b.source : undefined;
        return { userId: b.id, ...c, sourceId: source };
      });
      // All or nothing: one user outside the caller's divisions refuses the whole batch.
      checkUsersReachable(req, ctx, changes.map((c) => c.userId));
      return setUserPresencesBulk(ctx, changes);
    });
  },
  seed: seedPresenceDefinitions,
};
