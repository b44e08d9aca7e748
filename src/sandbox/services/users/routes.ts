import type { SandboxService } from '../../core/context.js';
import { invalidValue, notFound } from '../../core/errors.js';
import { paginate } from '../../core/paging.js';
import { q1, qList } from '../../core/router.js';
import { RoutingStatusValue } from '../../../model/presence.js';
import { requestRoutingStatus, seedUserPresences } from '../presence/models.js';
import { getUser, listUsers, seedUsers, visibleUser } from './models.js';
import { getRoutingStatus } from './routing-status.js';
import { userView } from './user-view.js';

const BEST_EFFORT = new Set(['presence', 'routingStatus']);

export const usersService: SandboxService = {
  name: 'users',
  register(router, ctx) {
    router.get('/api/v2/users', (req) => {
      const list = listUsers(ctx, { state: q1(req.query, 'state'), ids: qList(req.query, 'id'), descending: q1(req.query, 'sortOrder')?.toUpperCase() === 'DESC' });
      const page = paginate(list, req.query, '/api/v2/users', 25, 500);
      const expand = qList(req.query, 'expand');
      // The SDK documents expand on this listing as best effort: under the production profile a
      // user's presence or routing status is sometimes left out, each on its own draw.
      const bestEffort = (wanted: string[]) => wanted.filter((e) => !(BEST_EFFORT.has(e) && ctx.profile.expansionMissing()));
      return { ...page, entities: page.entities.map((u) => userView(ctx, u, bestEffort(expand))) };
    });

    router.get('/api/v2/users/{userId}', (req) => userView(ctx, visibleUser(ctx, req.params.userId!, q1(req.query, 'state')), qList(req.query, 'expand')));

    router.get('/api/v2/users/{userId}/routingstatus', (req) => {
      if (!getUser(ctx, req.params.userId!)) throw notFound(`User ${req.params.userId} not found`);
      return getRoutingStatus(ctx, req.params.userId!);
    });

    router.put('/api/v2/users/{userId}/routingstatus', (req) => {
      const status = String((req.body as { status?: unknown } | undefined)?.status ?? '');
      if (!RoutingStatusValue.safeParse(status).success) throw invalidValue(status, 'status', RoutingStatusValue.options);
      return requestRoutingStatus(ctx, req.params.userId!, status);
    });
  },
  seed(ctx) {
    seedUsers(ctx);
    seedUserPresences(ctx);
  },
};
