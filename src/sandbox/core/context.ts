import type { Clock } from './clock.js';
import type { EventBus } from './bus.js';
import type { Rng } from './rng.js';
import type { Store } from './store.js';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Router } from './router.js';
import type { ProfileName, SandboxProfile, TuningOverrides } from '../profile/profile.js';

export interface SandboxOptions {
  port: number;
  host: string;
  /** Host names answered besides localhost, IP literals and `host` (src/sandbox/core/host-guard.ts). */
  allowedHosts?: string[];
  dataFile?: string;
  /** Requests per minute per access token (Genesys's client-credentials default is 300). */
  rateLimit: number;
  /** What the rate limiter's buckets refill by (default: real time; see RateLimiter). */
  rateLimitNow?: () => number;
  /** Probability of an injected 500/503/504/reset on an `/api/v2` call. */
  faults: number;
  users: number;
  seed: number;
  now?: string;
  adminClientId?: string;
  adminClientSecret?: string;
  /** Token lifetime for clients that set none (Genesys: 86400). */
  defaultTokenSeconds: number;
  /** Delay before an injected 504 answers (the work behind it has been done). */
  faultDelayMs: number;
  /** Real-time milliseconds between notification-socket heartbeats (Genesys: 30 s). */
  notificationHeartbeatMs?: number;
  /** `default` (polite: at once, once, in order, full pages) or `production` (Genesys on its worst day); src/sandbox/profile/. */
  profile?: ProfileName;
  /** The production profile's distributions, overridden (a deep merge onto PRODUCTION). */
  profileTuning?: TuningOverrides;
  /** Extra seed data for the WFM model: agents spread over management units. */
  wfmAgents?: number;
  wfmManagementUnits?: number;
  /**
   * The demo org lists the Microsoft Teams integration the sandbox emulates (installed, active):
   * `presence-kit sandbox` and the embedded sandbox; tests start from a bare org without it.
   */
  teamsIntegration?: boolean;
}

export interface DispatchInput {
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface DispatchResult {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** What every service sees: the org state, the one clock, seeded randomness, the event bus. */
export interface SandboxContext {
  store: Store;
  clock: Clock;
  rng: Rng;
  bus: EventBus;
  /** How the platform behaves around the rules (latency, duplicates, short pages…): drawn from the seed. */
  profile: SandboxProfile;
  options: SandboxOptions;
  /** The URL the sandbox listens on (for presigned upload / download URLs). */
  baseUrl(): string;
  /** In-process HTTP round trip through the full pipeline (auth, permissions, errors) — used by the data-action executor. */
  dispatch(input: DispatchInput): Promise<DispatchResult>;
}

/** A service mounts its routes and, on a fresh org, seeds its part of the demo org. */
export interface SandboxService {
  name: string;
  register(router: Router, ctx: SandboxContext): void;
  seed?(ctx: SandboxContext): void | Promise<void>;
  /** Runs after every service registered and seeded (e.g. the runtime subscribing to the bus). */
  start?(ctx: SandboxContext): void | Promise<void>;
  /** Runs on close: cancel whatever the service timed outside the sandbox clock. */
  stop?(ctx: SandboxContext): void;
  /** An HTTP upgrade (WebSocket) on the sandbox's port: true when this service took the socket. */
  upgrade?(ctx: SandboxContext, req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
}
