import { defineConfig } from 'vitest/config';

// Tests grade real programs over real loopback sockets. Budgets are generous so that a slow or
// loaded machine never turns into a failing test; nothing here waits on wall-clock sleeps.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
