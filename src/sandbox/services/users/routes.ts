import type { SandboxService } from '../../core/context.js';
import { invalidValue, notFound } from '../../core/errors.js';
import { paginate } from '../../core/paging.js';
import { q1, qList } from '../../core/router.js';
import { RoutingStatusValue } from '../../../model/presence.js';
import { requestRoutingStatus, seedUserPresences } from '../presence/models.js';
import { getUser, seedUsers, sortedUsers } from './models.js';
import { getRoutingStatus } from './routing-status.js';
import { userView } from './user-view.js';

const STATES = ['active', 'inactive', 'deleted', 'any'] as const;

export const usersService: SandboxService = {
  name: 'users',
  register(router, ctx) {
    router.get('/api/v2/users', (req) => {
      const state = q1(req.query, 'state') ?? 'active';
      if (!(STATES as readonly string[]).includes(state)) throw invalidValue(state, 'state', STATES);
      const ids = new Set(qList(req.query, 'id'));
      const expand = qList(req.query, 'expand');
      let list = sortedUsers(ctx).filter((u) => (state === 'any' ? true : u.state === state)).filter((u) => ids.size === 0 || ids.has(u.id));
      if (q1(req.query, 'sortOrder')?.toUpperCase() === 'DESC') list = list.reverse();
      const page = paginate(list, req.query, '/api/v2/users', 25, 500);
      return { ...page, entities: page.entities.map((u) => userView(ctx, u, expand)) };
    });

    router.get('/api/v2/users/{userId}', (req) => {
      const u = getUser(ctx, req.params.userId!);
      const state = q1(req.query, 'state');
      const visible = u && (state === undefined || state === 'any' ? u.state !== 'deleted' : u.state === state);
      if (!u || !visible) throw notFound(`User ${req.params.userId} not found`);
      return userView(ctx, u, qList(req.query, 'expand'));
    });

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
