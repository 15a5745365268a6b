import { defineConfig } from 'vitest/config';

// Tests grade real programs over real loopback sockets. Budgets are generous so that a slow or
// loaded machine never turns into a failing test; nothing here waits on wall-clock sleeps.
// The end-to-end suites run twice: with the isolation this machine allows (namespaces where it can)
// and without any (--sandbox none), so the fallback keeps working too.
const e2e = ['test/e2e/**/*.test.ts', 'test/isolation/**/*.test.ts'];
const shared = { testTimeout: 60_000, hookTimeout: 60_000, pool: 'forks' as const };

export default defineConfig({
  test: {
    globalSetup: ['test/temp-root.ts'],
    // Most of the suite's time is real programs waiting on real budgets, not CPU: run more files at once.
    maxWorkers: 3,
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/e2e/**', 'test/isolation/**'] } },
      { test: { ...shared, name: 'e2e', include: e2e, env: { SOCKGRADE_TEST_SANDBOX: 'auto' } } },
      { test: { ...shared, name: 'e2e-no-sandbox', include: e2e, env: { SOCKGRADE_TEST_SANDBOX: 'none' } } },
    ],
  },
});
