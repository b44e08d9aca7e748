import type { FidelityEntry } from '../core/fidelity.js';
import { PRODUCTION } from './profile.js';

/**
 * The production profile's platform-wide behaviours (`--profile production`): when things happen
 * rather than what they are. Each family's own accidents (short pages, missing expansions, slow
 * jobs…) are lines in that family's ledger, marked "(production profile)".
 */
const P = PRODUCTION;
const lat = Object.entries(P.apiLatencyMedianMs)
  .map(([f, ms]) => `${f} ${ms} ms`)
  .join(', ');

export const fidelity: FidelityEntry[] = [
  {
    behaviour: 'Default profile: every API call answers at once, every event reaches Event Orchestration once, at once and in publication order, and a workflow\'s data action answers in no sandbox time — polite on purpose, for quick tests',
    sources: [{ kind: 'assumed', confirm: 'nothing: the default profile is a convenience, not a claim about Genesys; the production profile is the claim' }],
  },
  {
    behaviour: `(production profile) Each Platform API call takes sandbox-clock time, log-normal per API family with sigma ${P.apiLatencySigma}, clamped to [median/4, median×4]; medians: ${lat}, others ${P.apiLatencyDefaultMedianMs} ms. On a pinned clock the call moves the clock (the world runs on, nothing sleeps); on a free-running clock it waits in real time`,
    sources: [{ kind: 'assumed', confirm: 'response-time percentiles per API family from a live org (the ININ-Correlation-Id timings in a HAR); Genesys publishes none' }],
  },
  {
    behaviour: `(production profile) Each data-action execution inside a workflow run takes sandbox-clock time: log-normal, median ${P.dataAction.medianMs} ms, sigma ${P.dataAction.sigma}, clamped to [${P.dataAction.minMs}, ${P.dataAction.maxMs}] ms; the request reaches its API after half of it (what it reads is as of then) and the answer returns after the rest. The run pauses meanwhile, so runs for one person interleave`,
    sources: [{ kind: 'assumed', confirm: 'execution-time percentiles of a Genesys Cloud Data Actions call (no published figure; the workflow execution history shows step durations)' }],
  },
  {
    behaviour: `(production profile) Each event reaches Event Orchestration late: log-normal, median ${P.event.medianMs} ms, sigma ${P.event.sigma}, clamped to [${P.event.minMs}, ${P.event.maxMs}] ms; ${P.event.duplicateProbability * 100} % of events are delivered twice, each delivery drawn on its own, so two events published in order can start their workflows in the other order. A trigger's eventTTLSeconds still measures from the event's own time`,
    sources: [
      { kind: 'doc', ref: 'https://developer.genesys.cloud/forum/t/23859', note: '"Process automation with workflow executing multiple times": one event starting the same workflow more than once' },
      { kind: 'assumed', confirm: 'the delivery-delay distribution and duplicate rate (no published figure): compare event times with workflow start times in a live org' },
    ],
  },
  {
    behaviour: 'Every draw of the production profile comes from its own stream seeded by --seed and the behaviour\'s name: on a pinned clock, the same seed and the same requests replay the same day; GET/POST /sandbox/v1/profile read and retune the distributions while the sandbox runs',
    sources: [{ kind: 'assumed', confirm: 'nothing: a property of the sandbox, not of Genesys' }],
  },
];
