import { defineConfig } from 'vitest/config';

/** Unit tests that replace a module (`@inquirer/testing/vitest` mocks @inquirer/prompts): each needs modules loaded afresh. */
const MOCKS_MODULES = ['test/unit/wizard-inquirer-prompter.test.ts'];

/** End-to-end tests of the sandbox alone that leave nothing behind in their worker (listed: a new file is isolated until checked). */
const SHARED_SANDBOX_TESTS = [
  'architect',
  'auth',
  'authorization',
  'conversations',
  'datatable-limits',
  'graph',
  'host-guard',
  'integrations',
  'oauth',
  'observe',
  'presence',
  'processautomation',
  'production-profile',
  'users',
].map((name) => `test/e2e/sandbox-${name}.test.ts`);

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
        // The same for these end-to-end tests of the sandbox alone: each starts its own sandbox,
        // whose state lives with that instance (its context), and none of them touches
        // process.env, the working directory, mocks or signal handlers (sandbox-cli.test.ts runs
        // `presence-kit sandbox` in-process, so it stays isolated). These 14: 31 s → 14 s of CPU.
        test: { name: 'sandbox', include: SHARED_SANDBOX_TESTS, isolate: false },
      },
      { extends: true, test: { name: 'isolated', include: ['test/e2e/**/*.test.ts', ...MOCKS_MODULES], exclude: SHARED_SANDBOX_TESTS } },
    ],
  },
});
