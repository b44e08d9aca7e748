import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
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
  },
});
