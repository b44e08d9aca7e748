import { z } from 'zod';
import { Rng } from '../core/rng.js';
import type { ProfileName } from './names.js';

export { PROFILE_NAMES, type ProfileName } from './names.js';

/**
 * How Genesys behaves around the sandbox's rules: the polite default (every answer at once, every
 * event once and in order, every page full) or production (Genesys on its worst day). The rules
 * themselves — paths, fields, codes — are the same in both; a profile only draws the moments and
 * the accidents, each from its own seeded stream so one behaviour's draws never shift another's,
 * and `--seed` replays a day exactly when it is driven on a pinned clock.
 *
 * Every duration is sandbox-clock time: on a pinned clock (tests, `--now`) nothing sleeps — the
 * wait is a clock timer that `POST /sandbox/v1/clock` runs; on a free-running clock the timers
 * fire in real time, as a person trying the sandbox would see it.
 */

export interface SandboxProfile {
  readonly name: ProfileName;
  /** Sandbox-clock ms one Platform API call of this family (router family name) takes; 0 = none. */
  apiLatencyMs(family: string): number;
  /** Sandbox-clock ms one data-action execution takes inside a workflow run (request + answer). */
  dataActionLatencyMs(): number;
  /** The delays (ms after publication) at which Event Orchestration receives one event: `[0]` is once, at once. */
  eventDeliveries(): number[];
  /**
   * How many entries page `pageNumber` of one analytics details query (`queryKey`: the query minus
   * its paging) holds, of the `requested` page size: the same answer every time the page is asked for.
   */
  analyticsPageLength(requested: number, queryKey: string, pageNumber: number): number;
  /** Whether the interval limits of the analytics details queries (7 days unfiltered, 31 filtered) are enforced. */
  readonly analyticsIntervalLimits: boolean;
  /** Whether one user's `expand=presence,routingStatus` is left out of a `GET /api/v2/users` answer. */
  expansionMissing(): boolean;
  /** Whether a WFM schedule search of any size answers Processing (its downloadUrl comes in the completion notification); else the default rules (asynchronous past 10,000 agents). */
  scheduleSearchAsync(): boolean;
  /** Whether a data action create or publish answers a transient 400 (nothing is written). */
  dataActionTransientBadRequest(): boolean;
  /** Whether a flow delete answers a transient 409 (nothing is deleted). */
  flowDeleteConflict(): boolean;
  /** Polls a flows job stays InProgress before its outcome. */
  flowJobPolls(): number;
  /** Whether a flows job that would succeed ends Failure with no messages (nothing is imported). */
  flowJobSilentFailure(): boolean;
  /** Sandbox-clock ms before a Teams status change reaches Genesys's Teams integration. */
  teamsPropagationMs(): number;
}

export const politeProfile: SandboxProfile = {
  name: 'default',
  apiLatencyMs: () => 0,
  dataActionLatencyMs: () => 0,
  eventDeliveries: () => [0],
  analyticsPageLength: (requested) => requested,
  analyticsIntervalLimits: false,
  expansionMissing: () => false,
  scheduleSearchAsync: () => false,
  dataActionTransientBadRequest: () => false,
  flowDeleteConflict: () => false,
  flowJobPolls: () => 0,
  flowJobSilentFailure: () => false,
  teamsPropagationMs: () => 0,
};

/**
 * The production profile's distributions, in one place so the ledger (profile/fidelity.ts) and
 * the README can state them. Latencies are log-normal (the usual shape of service response times:
 * a median, a long right tail), clamped so a worst day stays a bounded day.
 */
export interface ProductionTuning {
  apiLatencyMedianMs: Record<string, number>;
  apiLatencyDefaultMedianMs: number;
  apiLatencySigma: number;
  dataAction: { medianMs: number; sigma: number; minMs: number; maxMs: number };
  event: { medianMs: number; sigma: number; minMs: number; maxMs: number; duplicateProbability: number };
  analyticsShortPageMinFraction: number;
  expansionMissingProbability: number;
  scheduleSearchAsyncProbability: number;
  dataActionBadRequestProbability: number;
  flowDeleteConflictProbability: number;
  flowJobPolls: { min: number; max: number };
  flowJobSilentFailureProbability: number;
  teamsPropagationMs: { min: number; max: number };
}

export const PRODUCTION: Readonly<ProductionTuning> = {
  /** Median ms per API family; sigma 0.5, clamped to [median/4, median×4]. */
  apiLatencyMedianMs: {
    analytics: 400,
    workforcemanagement: 300,
    architect: 200,
    integrations: 150,
    processautomation: 150,
    users: 120,
    presence: 80,
    conversations: 100,
    notifications: 100,
    oauth: 100,
    graph: 150,
    microsoftteams: 150,
  },
  apiLatencyDefaultMedianMs: 100,
  apiLatencySigma: 0.5,
  /** One data-action execution: median 250 ms, sigma 0.6, clamped to [60, 2000] ms. */
  dataAction: { medianMs: 250, sigma: 0.6, minMs: 60, maxMs: 2000 },
  /** Event delivery: median 400 ms, sigma 0.8, clamped to [50, 5000] ms; 5 % delivered twice, each delivery drawn on its own (so two events reorder). */
  event: { medianMs: 400, sigma: 0.8, minMs: 50, maxMs: 5000, duplicateProbability: 0.05 },
  /** An analytics page holds between half and all of the requested rows, uniformly. */
  analyticsShortPageMinFraction: 0.5,
  /** 10 % of the users in a `GET /api/v2/users` answer lack their requested expansion. */
  expansionMissingProbability: 0.1,
  /** Every schedule search is asynchronous, whatever its size. */
  scheduleSearchAsyncProbability: 1,
  /** 30 % of data action creates/publishes answer a transient 400. */
  dataActionBadRequestProbability: 0.3,
  /** 30 % of flow deletes answer a transient 409. */
  flowDeleteConflictProbability: 0.3,
  /** A flows job stays InProgress for 1–5 polls; 10 % of would-be successes end Failure with no messages. */
  flowJobPolls: { min: 1, max: 5 },
  flowJobSilentFailureProbability: 0.1,
  /** Teams → Genesys: uniformly 5 s to 3 min. */
  teamsPropagationMs: { min: 5_000, max: 180_000 },
};

/** Tuning knobs a test or `--profile-tuning` may override: a deep merge onto PRODUCTION. */
export type TuningOverrides = { [K in keyof ProductionTuning]?: ProductionTuning[K] extends number ? number : Partial<ProductionTuning[K]> };

/**
 * What a retune may say: any of PRODUCTION's keys, each a number ≥ 0 or an object of them (an
 * unknown key or a wrong shape is refused, naming it). Derived from PRODUCTION, so a new knob is
 * accepted as soon as it has a default.
 */
export const TuningOverridesSchema = z.strictObject(
  Object.fromEntries(
    Object.entries(PRODUCTION).map(([k, v]) => [
      k,
      (typeof v === 'number' ? z.number().min(0) : z.record(z.string(), z.number().min(0)).refine((o) => Object.keys(o).every((x) => x in (v as object) || k === 'apiLatencyMedianMs'), { error: `known keys are ${Object.keys(v as object).join(', ')}` })).optional(),
    ]),
  ),
);

export function tuned(overrides: TuningOverrides = {}, base: Readonly<ProductionTuning> = PRODUCTION): ProductionTuning {
  const out = structuredClone(base) as ProductionTuning;
  for (const [k, v] of Object.entries(overrides) as Array<[keyof ProductionTuning, unknown]>) {
    if (v === undefined) continue;
    const base = out[k];
    (out as unknown as Record<string, unknown>)[k] = typeof base === 'object' && typeof v === 'object' ? { ...base, ...(v as object) } : v;
  }
  return out;
}

/** A standard normal draw (Box–Muller) from a seeded stream. */
function normal(rng: Rng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

export function logNormalMs(rng: Rng, medianMs: number, sigma: number, minMs: number, maxMs: number): number {
  return Math.round(Math.min(maxMs, Math.max(minMs, medianMs * Math.exp(sigma * normal(rng)))));
}

/** A stream per behaviour: its seed is the profile's seed mixed with the behaviour's name. */
function streamOf(seed: number, name: string): Rng {
  let h = 0x811c9dc5 ^ seed;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193);
  return new Rng(h >>> 0);
}

export interface ProductionProfile extends SandboxProfile {
  readonly name: 'production';
  /** The distributions in force; a test may change them while the sandbox runs (`POST /sandbox/v1/profile`). */
  tuning: ProductionTuning;
}

export function productionProfile(seed: number, overrides: TuningOverrides = {}): ProductionProfile {
  const streams = new Map<string, Rng>();
  const s = (name: string) => {
    let r = streams.get(name);
    if (!r) streams.set(name, (r = streamOf(seed, name)));
    return r;
  };
  const profile: ProductionProfile = {
    name: 'production',
    tuning: tuned(overrides),
    apiLatencyMs(family) {
      const P = profile.tuning;
      const median = P.apiLatencyMedianMs[family] ?? P.apiLatencyDefaultMedianMs;
      return logNormalMs(s(`api:${family}`), median, P.apiLatencySigma, median / 4, median * 4);
    },
    dataActionLatencyMs() {
      const d = profile.tuning.dataAction;
      return logNormalMs(s('dataAction'), d.medianMs, d.sigma, d.minMs, d.maxMs);
    },
    eventDeliveries() {
      const P = profile.tuning;
      const r = s('event');
      const once = () => logNormalMs(r, P.event.medianMs, P.event.sigma, P.event.minMs, P.event.maxMs);
      const first = once();
      return r.next() < P.event.duplicateProbability ? [first, once()] : [first];
    },
    analyticsPageLength(requested, queryKey, pageNumber) {
      const min = Math.max(1, Math.ceil(requested * profile.tuning.analyticsShortPageMinFraction));
      // Keyed, not drawn from a running stream: asking for a page again gives the same page.
      return streamOf(seed, `analyticsPage:${queryKey}:${pageNumber}`).int(min, requested + 1);
    },
    analyticsIntervalLimits: true,
    expansionMissing: () => s('expansion').next() < profile.tuning.expansionMissingProbability,
    scheduleSearchAsync: () => s('scheduleSearch').next() < profile.tuning.scheduleSearchAsyncProbability,
    dataActionTransientBadRequest: () => s('dataActionBadRequest').next() < profile.tuning.dataActionBadRequestProbability,
    flowDeleteConflict: () => s('flowDelete').next() < profile.tuning.flowDeleteConflictProbability,
    flowJobPolls: () => between(s('flowJobPolls'), profile.tuning.flowJobPolls),
    flowJobSilentFailure: () => s('flowJobFailure').next() < profile.tuning.flowJobSilentFailureProbability,
    teamsPropagationMs: () => between(s('teams'), profile.tuning.teamsPropagationMs),
  };
  return profile;
}

const between = (rng: Rng, r: { min: number; max: number }) => rng.int(r.min, r.max + 1);

export function profileFor(name: ProfileName, seed: number, overrides?: TuningOverrides): SandboxProfile {
  return name === 'production' ? productionProfile(seed, overrides) : politeProfile;
}
