import type { SandboxContext } from './core/context.js';
import { badRequest } from './core/errors.js';
import type { FaultInjector, RateLimiter } from './core/limits.js';
import type { Router } from './core/router.js';
import { PRODUCTION, TuningOverridesSchema, tuned, type ProductionProfile, type TuningOverrides } from './profile/profile.js';

/**
 * `/sandbox/v1/*`: the sandbox's own inspection and control API (not Genesys's). Tests and users
 * read the inventory, move the clock, and script rate-limit storms and faults here.
 */
export function registerControls(
  router: Router,
  ctx: SandboxContext,
  deps: { limiter: RateLimiter; faults: FaultInjector; requestCounts: Map<string, number> },
): void {
  const open = { auth: 'none' as const };
  router.get('/sandbox/v1/inventory', () => ctx.store.inventory(), open);

  router.get('/sandbox/v1/clock', () => ({ now: ctx.clock.nowIso(), pinned: ctx.clock.pinned }), open);
  router.post(
    '/sandbox/v1/clock',
    async (req) => {
      const body = (req.body ?? {}) as { advanceSeconds?: number; now?: string };
      if (typeof body.advanceSeconds === 'number' && body.advanceSeconds >= 0) await ctx.clock.advance(body.advanceSeconds * 1000);
      else if (typeof body.now === 'string' && !Number.isNaN(new Date(body.now).getTime())) await ctx.clock.set(body.now);
      else throw badRequest('Give {"advanceSeconds": <number ≥ 0>} or {"now": "<ISO-8601>"}');
      await ctx.bus.idle();
      return { now: ctx.clock.nowIso(), pinned: ctx.clock.pinned };
    },
    open,
  );

  const faultState = () => ({
    probability: deps.faults.probability,
    rateLimit: deps.limiter.perMinute,
    storm: { ...deps.faults.storm },
  });
  router.get('/sandbox/v1/faults', faultState, open);
  router.post(
    '/sandbox/v1/faults',
    (req) => {
      const body = (req.body ?? {}) as { probability?: unknown; rateLimit?: unknown; storm?: { count?: unknown; retryAfterSeconds?: unknown } };
      // Everything is checked before anything changes: a refused request leaves the faults as they were.
      const { probability, rateLimit, storm } = body;
      if (probability !== undefined && (typeof probability !== 'number' || probability < 0 || probability > 1)) throw badRequest('probability must be between 0 and 1');
      if (rateLimit !== undefined && (typeof rateLimit !== 'number' || rateLimit < 0)) throw badRequest('rateLimit must be a number ≥ 0 (0 = unlimited)');
      const count = storm?.count ?? 0;
      const retryAfterSeconds = storm?.retryAfterSeconds ?? 1;
      if (storm && (!Number.isInteger(count) || (count as number) < 0 || !Number.isInteger(retryAfterSeconds) || (retryAfterSeconds as number) < 1))
        throw badRequest('storm needs {"count": <whole number ≥ 0>, "retryAfterSeconds": <whole number ≥ 1>}');
      if (typeof probability === 'number') deps.faults.probability = probability;
      if (typeof rateLimit === 'number') deps.limiter.perMinute = rateLimit;
      if (storm) deps.faults.storm = { count: count as number, retryAfterSeconds: retryAfterSeconds as number };
      return faultState();
    },
    open,
  );

  // The profile in force and, under production, its distributions; a test may retune them while
  // the sandbox runs (e.g. no duplicate events for one scenario), a deep merge onto the defaults.
  const profileState = () => ({ name: ctx.profile.name, seed: ctx.options.seed, ...(ctx.profile.name === 'production' ? { tuning: (ctx.profile as ProductionProfile).tuning } : {}) });
  router.get('/sandbox/v1/profile', profileState, open);
  router.post(
    '/sandbox/v1/profile',
    (req) => {
      if (ctx.profile.name !== 'production') throw badRequest('the sandbox runs the default profile, which has no tuning: start it with --profile production');
      const body = (req.body ?? {}) as { tuning?: unknown };
      if (typeof body.tuning !== 'object' || body.tuning === null) throw badRequest('Give {"tuning": {…}} with the distributions to change (GET /sandbox/v1/profile shows them)');
      const parsed = TuningOverridesSchema.safeParse(body.tuning);
      if (!parsed.success) {
        const i = parsed.error.issues[0]!;
        throw badRequest(`tuning${i.path.length ? `.${i.path.join('.')}` : ''}: ${i.code === 'unrecognized_keys' ? `unknown ${i.keys.join(', ')} (known: ${Object.keys(PRODUCTION).join(', ')})` : i.message}`);
      }
      const overrides = parsed.data as TuningOverrides;
      const profile = ctx.profile as ProductionProfile;
      profile.tuning = tuned(overrides, profile.tuning);
      return profileState();
    },
    open,
  );

  router.get('/sandbox/v1/requests', () => Object.fromEntries([...deps.requestCounts].sort()), open);
  router.delete(
    '/sandbox/v1/requests',
    () => {
      deps.requestCounts.clear();
    },
    open,
  );
}
