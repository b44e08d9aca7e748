import type { SandboxContext, SandboxService } from '../../core/context.js';
import { notFound } from '../../core/errors.js';
import { qBool, type Router } from '../../core/router.js';
import { presenceSources, seedPresenceSources, startTeamsIntegration, type PresenceSourceRecord } from './models.js';

const sourceView = (s: PresenceSourceRecord) => ({ id: s.id, name: s.name, type: s.type, deactivated: s.deactivated, selfUri: `/api/v2/presence/sources/${s.id}` });

const stops = new WeakMap<SandboxContext, () => void>();

/**
 * The Microsoft Teams integration's read-only presence endpoints: the presence sources (a user's
 * Teams presence is `GET /users/{id}/presences/{teamsSourceId}`, served by presence/; writing a
 * registered source is refused there).
 */
export const microsoftTeamsService: SandboxService = {
  name: 'microsoftteams',
  register(router: Router, ctx: SandboxContext) {
    router.get('/api/v2/presence/sources', (req) => {
      const deactivated = qBool(req.query, 'deactivated') ?? false;
      const entities = presenceSources(ctx).filter((s) => s.deactivated === deactivated).map(sourceView);
      return { total: entities.length, entities, selfUri: '/api/v2/presence/sources' };
    });
    router.get('/api/v2/presence/sources/{sourceId}', (req) => {
      const s = presenceSources(ctx).get(req.params.sourceId!);
      if (!s) throw notFound(`Presence source ${req.params.sourceId} not found`);
      return sourceView(s);
    });
  },
  seed: seedPresenceSources,
  start(ctx) {
    stops.set(ctx, startTeamsIntegration(ctx));
  },
  stop(ctx) {
    stops.get(ctx)?.();
  },
};
