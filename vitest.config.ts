import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './test/support/slow-first-sequencer.js';

/** Unit tests that replace a module (`@inquirer/testing/vitest` mocks @inquirer/prompts): each needs modules loaded afresh. */
export const MOCKS_MODULES = ['test/unit/wizard-inquirer-prompter.test.ts'];

/**
 * End-to-end files that leave nothing behind in their worker, so they share its loaded modules
 * (listed by name: a new file runs isolated until checked). Each was checked for: no vi.mock or
 * @inquirer/testing (a module already loaded would not be mocked), no process.env / cwd / spy /
 * signal handler / fake timer / global of its own that it does not put back (the helpers it uses — runCli, runCliIn,
 * openOutboundSolution — put back what they change), no --debug or --no-color (main() leaves
 * setDebug(true) and NO_COLOR=1 behind) and no process.exitCode. Module-level state they reach is
 * keyed by input (the manifest/workflow parse caches), reset per run (the engine lock) or only
 * ever adds redactions of random secrets. test/unit/vitest-shared-modules.test.ts checks the
 * mechanical part of this.
 */
export const SHARED_E2E_TESTS = [
  'sandbox-architect',
  'sandbox-auth',
  'sandbox-authorization',
  'sandbox-conversations',
  'sandbox-datatable-limits',
  'sandbox-graph',
  'sandbox-host-guard',
  'sandbox-integrations',
  'sandbox-oauth',
  'sandbox-observe',
  'sandbox-presence',
  'sandbox-processautomation',
  'sandbox-production-profile',
  'sandbox-users',
  'brownfield-beside',
  'brownfield-ci',
  'brownfield-forget',
  'brownfield-matrix',
  'brownfield-migration',
  'brownfield-overlap-org',
  'brownfield-overlap',
  'brownfield-recognise',
  'brownfield-use',
  'cli-progress',
  'collections-communicate-call',
  'collections-ownership',
  'collections-paging',
  'collections-pre-break',
  'collections-storm',
  'collections-teams-outbound',
  'collections-teams-presence',
  'conversation-events',
  'divisions',
  'engine-adoption',
  'engine-apply',
  'engine-converge-rate-limit',
  'engine-converge',
  'engine-crash',
  'engine-destroy-unconfirmed',
  'engine-faults',
  'engine-org-truth',
  'engine-reconcile',
  'foundation-client',
  'foundation-resilience',
  'import-actions',
  'import-workflows',
  'least-privilege-sweep',
  'observe-attribution-sequence',
  'observe-cli-errors',
  'observe-name-prefix',
  'observe-target-clock',
  'pre-break-end',
  'pre-break-hour',
  'pre-break-job',
  'pre-break-production',
  'presence-policy-matrix',
  'runtime-import',
  'runtime-original-communicate',
  'runtime-postman-trigger',
  'runtime-triggers',
  'simulate-interaction-cli',
  'simulate-policy',
  'solution-communicate-call',
  'solution-teams-presence',
  'timeline-production',
  'wfm-sandbox',
  'wizard-permissions',
  'wizard-resume',
  'wizard-sandbox',
  'wizard-where',
  'workflows-communicate',
  'workflows-compile',
  'workflows-worst-day',
  // These set PRESENCE_KIT_GRAPH_CLIENT_SECRET (an admin's Entra secret) and delete it in afterAll.
  'apply-production',
  'engine-converge-auth-action',
  'import-teams-outbound-originals',
  'presence-worst-days',
  'resource-endpoints',
  'solution-teams-outbound',
  'teams-both-ways-interleavings',
  'teams-outbound-throttling',
  'wire-contract',
  // These work in a temporary directory and change back to the one they started in, in afterAll.
  'cli-detailed-exitcode',
  'import-workflow-names',
  'pre-break-dead-sandbox',
  'simulate-truth',
].map((name) => `test/e2e/${name}.test.ts`);

export default defineConfig({
  test: {
    // End-to-end tests start real HTTP sandboxes; two cores, so keep parallelism modest.
    pool: 'forks',
    maxWorkers: 2,
    // Safety nets, not margins: no test waits on the clock. Generous, because the newman and
    // `npm start` tests run for tens of seconds and a second suite (or six) on the same 2 cores
    // multiplies that; a test that hangs still fails, later.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    reporters: ['default', './test/support/summary-reporter.ts'],
    // The few files that take tens of seconds start first, not last (see the sequencer).
    sequence: { sequencer: SlowFirstSequencer },
    // Finds Chromium for the timeline --html test, or installs Debian's package (and says so).
    globalSetup: ['./test/support/chromium.ts'],
    // Every test file is in one of these; a root `include` would be added to each.
    projects: [
      {
        extends: true,
        // The unit tests share their workers' loaded modules instead of importing the SDK, zod and
        // the sandbox afresh per file: that import was over half their CPU (test/unit: 41 s → 19 s of CPU).
        // They leave nothing behind for the next file: fake timers, mocks, nock's net connect and
        // HOME are put back by each file that changes them. A file that mocks a module needs its
        // own fresh modules (a module already loaded would not be mocked), so it runs isolated.
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], exclude: MOCKS_MODULES, isolate: false },
      },
      {
        extends: true,
        // The same for the end-to-end files listed in SHARED_E2E_TESTS (above: what each was checked
        // for): each starts its own sandbox, whose state lives with that instance, and puts back
        // whatever of the process it changes. Files that mock modules, change the working
        // directory, spy, add signal handlers or run `presence-kit sandbox` in-process stay isolated.
        test: { name: 'shared-e2e', include: SHARED_E2E_TESTS, isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: ['test/e2e/**/*.test.ts', ...MOCKS_MODULES], exclude: SHARED_E2E_TESTS } },
    ],
  },
});
