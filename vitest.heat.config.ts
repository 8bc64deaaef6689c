import { defineConfig } from 'vitest/config';

/**
 * `npm run test:heat`: scenarios against a real OpenStack Heat 19, PowerDNS and stackhook, which
 * test/e2e/global-setup.ts installs (when missing), starts and stops. One file at a time: they
 * share one Heat, and Heat's convergence engine is slow enough without competition.
 */
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 240_000,
    hookTimeout: 240_000,
  },
});
